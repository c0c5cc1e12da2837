package org.slq4j;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Estimates with distinct seeds share no random vector: the operator records every +-1 vector
 * it is given (the runs' start vectors and the symmetry probe's two vectors; later Lanczos
 * vectors of a diagonal with distinct entries are not sign vectors), and no two of those over
 * seeds 0..19, 10 runs each, have |v_a'v_b| > 6 sqrt(n) in +-1 units. Independent sign vectors
 * have v_a'v_b of standard deviation sqrt(n); a shared vector gives n.
 */
class IndependentSeedsTest {

  private static final int N = 2048;

  /** A diagonal with distinct entries that keeps every sign vector it is applied to. */
  private static SymmetricOperator recording(List<double[]> signVectors) {
    double[] d = TestOperators.values(N, i -> 1.0 + i);
    SymmetricOperator inner = TestOperators.diagonal(d);
    return new SymmetricOperator() {
      @Override
      public long dimension() {
        return N;
      }

      @Override
      public void apply(MemorySegment x, MemorySegment y) {
        double first = Math.abs(x.getAtIndex(JAVA_DOUBLE, 0));
        double[] v = new double[N];
        boolean signs = first > 0;
        for (int i = 0; i < N && signs; i++) {
          double xi = x.getAtIndex(JAVA_DOUBLE, i);
          signs = Math.abs(xi) == first;
          v[i] = Math.signum(xi);
        }
        if (signs) {
          synchronized (signVectors) {
            signVectors.add(v);
          }
        }
        inner.apply(x, y);
      }
    };
  }

  @Test
  void seedsZeroToNineteenShareNoStartVector() {
    List<double[]> vectors = new ArrayList<>();
    SymmetricOperator op = recording(vectors);
    for (long seed = 0; seed < 20; seed++) {
      SpectralDensityEstimator.builder().numRuns(10).lanczosSteps(3).numGridPoints(16)
          .seed(seed).build().estimate(op);
    }
    assertEquals(20 * 12, vectors.size(), "10 starts and 2 symmetry probes per seed");
    assertPairwiseIndependent(vectors);
  }

  @Test
  void traceProbesOfDistinctSeedsAreIndependent() {
    List<double[]> vectors = new ArrayList<>();
    SymmetricOperator op = recording(vectors);
    for (long seed = 0; seed < 20; seed++) {
      TraceEstimator.builder().matvecs(10).seed(seed).threads(1).build().estimate(op);
    }
    assertEquals(20 * 12, vectors.size(), "10 probes and 2 symmetry probes per seed");
    assertPairwiseIndependent(vectors);
  }

  /** No two vectors (12 per seed, in call order) have |v_a'v_b| > 6 sqrt(n). */
  private static void assertPairwiseIndependent(List<double[]> vectors) {
    double bound = 6 * Math.sqrt(N);
    for (int a = 0; a < vectors.size(); a++) {
      for (int b = a + 1; b < vectors.size(); b++) {
        double dot = 0;
        for (int i = 0; i < N; i++) {
          dot += vectors.get(a)[i] * vectors.get(b)[i];
        }
        assertTrue(Math.abs(dot) <= bound, "vectors " + a + " and " + b + " (12 per seed, in "
            + "call order) have v_a'v_b = " + dot + " > 6 sqrt(n) = " + bound);
      }
    }
  }
}
