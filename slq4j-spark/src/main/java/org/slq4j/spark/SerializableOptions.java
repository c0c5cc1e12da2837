package org.slq4j.spark;

import java.io.Serializable;
import org.slq4j.BasisPrecision;
import org.slq4j.EstimatorOptions;
import org.slq4j.GridScale;
import org.slq4j.Reorthogonalization;
import org.slq4j.SpectralDensityEstimator;

/**
 * The estimator options as they travel to the executors: every value of an
 * {@link EstimatorOptions}, rebuilt there through its builder (the core's options are not
 * {@link Serializable}, the core having no business with Java serialization).
 */
record SerializableOptions(int numRuns, int lanczosSteps, int numGridPoints, double sigma,
    long seed, double gridPadding, GridScale gridScale, double symlogLinearZone, int threads,
    Reorthogonalization reorthogonalization, boolean checkSymmetry, int blockSize,
    BasisPrecision basisPrecision, int reorthogonalizationWindow) implements Serializable {

  private static final long serialVersionUID = 1L;

  static SerializableOptions of(EstimatorOptions o) {
    return new SerializableOptions(o.numRuns(), o.lanczosSteps(), o.numGridPoints(), o.sigma(),
        o.seed(), o.gridPadding(), o.gridScale(), o.symlogLinearZone(), o.threads(),
        o.reorthogonalization(), o.checkSymmetry(), o.blockSize(), o.basisPrecision(), o.reorthogonalizationWindow());
  }

  /** These options without the symmetry probe: for assembling runs computed without it. */
  SerializableOptions withoutSymmetryCheck() {
    return new SerializableOptions(numRuns, lanczosSteps, numGridPoints, sigma, seed,
        gridPadding, gridScale, symlogLinearZone, threads, reorthogonalization, false, blockSize, basisPrecision,
        reorthogonalizationWindow);
  }

  /** The estimator of these options. */
  SpectralDensityEstimator estimator() {
    EstimatorOptions.Builder b = EstimatorOptions.builder()
        .numRuns(numRuns)
        .lanczosSteps(lanczosSteps)
        .numGridPoints(numGridPoints)
        .seed(seed)
        .gridPadding(gridPadding)
        .gridScale(gridScale)
        .threads(threads)
        .reorthogonalization(reorthogonalization)
        .checkSymmetry(checkSymmetry)
        .blockSize(blockSize)
        .basisPrecision(basisPrecision)
        .reorthogonalizationWindow(reorthogonalizationWindow);
    if (!Double.isNaN(symlogLinearZone)) {
      b.symlogLinearZone(symlogLinearZone);
    }
    if (Double.isNaN(sigma)) {
      b.defaultSigma();
    } else {
      b.sigma(sigma);
    }
    return b.build();
  }
}
