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
    long seed, double gridPadding, GridScale gridScale, int threads,
    Reorthogonalization reorthogonalization, boolean checkSymmetry, int blockSize,
    BasisPrecision basisPrecision, int reorthogonalizationWindow) implements Serializable {

  private static final long serialVersionUID = 1L;

  static SerializableOptions of(EstimatorOptions o) {
    return new SerializableOptions(o.numRuns(), o.lanczosSteps(), o.numGridPoints(), o.sigma(),
        o.seed(), o.gridPadding(), o.gridScale(), o.threads(), o.reorthogonalization(),
        o.checkSymmetry(), o.blockSize(), o.basisPrecision(), o.reorthogonalizationWindow());
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
    if (Double.isNaN(sigma)) {
      b.defaultSigma();
    } else {
      b.sigma(sigma);
    }
    return b.build();
  }
}
