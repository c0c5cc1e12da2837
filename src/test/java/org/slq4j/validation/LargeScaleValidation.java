package org.slq4j.validation;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.slq4j.SpectralDensity;
import org.slq4j.SpectralDensityEstimator;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.lanczos.StartVectors;

/**
 * SLQ at a scale where the basis no longer fits in cache (n = 1e6, 400 MB of basis per run) on
 * an operator that is not diagonal but whose every power is cheap: 2 x 2 rotations of a known
 * diagonal. Truth: the Gauss rule of each run reproduces v' H^j v for j <= 2m - 1, computed here
 * by repeated application of H to the run's own start vector.
 */
class LargeScaleValidation {

  static final int N = 1_000_000;

  /** H = Q diag(d) Q' with Q a rotation of each pair (2i, 2i+1) by angle i. */
  static SymmetricOperator rotatedPairs(double[] d) {
    return new SymmetricOperator() {
      @Override
      public long dimension() {
        return d.length;
      }

      @Override
      public void apply(MemorySegment x, MemorySegment y) {
        for (int i = 0; i + 1 < d.length; i += 2) {
          double c = Math.cos(i);
          double s = Math.sin(i);
          double x0 = x.getAtIndex(JAVA_DOUBLE, i);
          double x1 = x.getAtIndex(JAVA_DOUBLE, i + 1);
          // Q' x, scale, Q.
          double u0 = (c * x0 + s * x1) * d[i];
          double u1 = (-s * x0 + c * x1) * d[i + 1];
          y.setAtIndex(JAVA_DOUBLE, i, c * u0 - s * u1);
          y.setAtIndex(JAVA_DOUBLE, i + 1, s * u0 + c * u1);
        }
      }

      @Override
      public boolean isThreadSafe() {
        return true;
      }
    };
  }

  @Test
  void gaussRulesReproduceStartVectorMomentsAtOneMillion() {
    double[] d = new double[N];
    java.util.SplittableRandom random = new java.util.SplittableRandom(1);
    for (int i = 0; i < N; i++) {
      // A bulk in [-0.2, 0.2] and a tail of outliers up to 1, like a network Hessian.
      d[i] = i % 1000 == 0 ? random.nextDouble() : 0.2 * (2 * random.nextDouble() - 1);
    }
    SymmetricOperator h = rotatedPairs(d);
    int runs = 3;
    int m = 50;
    SpectralDensity r = SpectralDensityEstimator.builder().numRuns(runs).lanczosSteps(m)
        .threads(2).seed(3).build().estimate(h);
    assertEquals(1.0, r.integral(), 1e-6);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment v = arena.allocate((long) N * Double.BYTES, 64);
      MemorySegment p = arena.allocate((long) N * Double.BYTES, 64);
      MemorySegment q = arena.allocate((long) N * Double.BYTES, 64);
      // Run r of seed 3 starts from the Rademacher vector seeded with output r + 1 of
      // SplitMix64 seeded with SplitMix64's first output for seed 3 (the documented mapping).
      SplittableRandom probeSeeds = new SplittableRandom(new SplittableRandom(3).nextLong());
      for (int run = 0; run < runs; run++) {
        StartVectors.rademacher(probeSeeds.nextLong(), v, N);
        MemorySegment.copy(v, 0, p, 0, v.byteSize());
        double[] x = r.nodes(run);
        double[] w = r.weights(run);
        assertEquals(1.0, Arrays.stream(w).sum(), 1e-12);
        for (int j = 1; j <= 2 * m - 1; j++) {
          h.apply(p, q);
          MemorySegment t = p;
          p = q;
          q = t;
          double exact = 0;
          for (long i = 0; i < N; i++) {
            exact += v.getAtIndex(JAVA_DOUBLE, i) * p.getAtIndex(JAVA_DOUBLE, i);
          }
          double gauss = 0;
          for (int k = 0; k < x.length; k++) {
            gauss += w[k] * Math.pow(x[k], j);
          }
          assertEquals(exact, gauss, 1e-12, "run " + run + ", moment " + j);
        }
      }
    }
  }
}
