package org.slq4j.internal.lanczos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slq4j.BasisPrecision;
import org.slq4j.Reorthogonalization;
import org.slq4j.SymmetricOperator;
import org.slq4j.TestOperators;
import org.slq4j.internal.tridiagonal.GaussRule;
import org.slq4j.internal.tridiagonal.SymmetricTridiagonalEigen;

/**
 * LOCAL reorthogonalization against a second algorithm (textbook Lanczos in plain arrays,
 * reorthogonalizing by modified Gram-Schmidt twice against the same window), and the property
 * that makes runs without full reorthogonalization usable for densities: the weight a run puts
 * near an isolated eigenvalue stays that eigenvalue's weight even when ghosts split it.
 */
class LocalReorthogonalizationTest {

  private static LanczosResult run(SymmetricOperator op, long seed, int steps,
      Reorthogonalization mode, int window) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment start = arena.allocate(op.dimension() * Double.BYTES, 64);
      StartVectors.rademacher(seed, start, op.dimension());
      RunShape shape = new RunShape(op.dimension(), steps, mode, BasisPrecision.FLOAT64, window);
      return Lanczos.run(op, start, shape, arena, null);
    }
  }

  /**
   * Windows of 2, 5 and 9 vectors over 40 steps (the window slides and is copied back to the
   * start of its store several times) and a window covering every step: T agrees with the
   * textbook recurrence to 1e-11 relative to ||H||, on a random symmetric matrix (semicircle
   * spectrum, no outliers). Without outliers no Ritz value converges within these steps, so
   * orthogonality to the vectors outside the window is not lost either; where it is (converged
   * outliers), rounding differences between any two implementations grow from there, as without
   * reorthogonalization, and T agrees only up to that step.
   */
  @Test
  void matchesTextbookLanczosWithTheSameWindow() {
    int n = 200;
    int m = 40;
    Random random = new Random(3);
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        a[i][j] = a[j][i] = random.nextGaussian() / Math.sqrt(n);
      }
    }
    double normH = 3;
    for (int window : new int[] {2, 5, 9, m}) {
      LanczosResult t = run(TestOperators.dense(a), 5, m, Reorthogonalization.LOCAL, window);
      double[][] ref = TextbookLanczos.run(a, TextbookLanczos.start(n, 5), m, window);
      assertEquals(m, t.steps());
      for (int j = 0; j < m; j++) {
        assertEquals(ref[0][j], t.alpha()[j], 1e-11 * normH, "alpha_" + j + ", window " + window);
        if (j < m - 1) {
          assertEquals(ref[1][j], t.beta()[j], 1e-11 * normH, "beta_" + j + ", window " + window);
        }
      }
    }
  }

  /** With a window covering every step the run is full reorthogonalization: T equals FULL's. */
  @Test
  void aWindowOverEveryStepIsFullReorthogonalization() {
    int n = 80;
    double[] d = TestOperators.values(n, i -> i * i / (double) n);
    LanczosResult full = run(TestOperators.diagonal(d), 2, n, Reorthogonalization.FULL, 2);
    LanczosResult local = run(TestOperators.diagonal(d), 2, n, Reorthogonalization.LOCAL, n);
    GaussRule a = SymmetricTridiagonalEigen.gaussRule(full.alpha(), full.beta());
    GaussRule b = SymmetricTridiagonalEigen.gaussRule(local.alpha(), local.beta());
    assertArrayEquals(a.nodes(), b.nodes(), 1e-10 * n);
    assertArrayEquals(a.weights(), b.weights(), 1e-10);
  }

  /**
   * Ghosts keep the weight right (Greenbaum 1989: finite-precision Lanczos is exact Lanczos on
   * a nearby measure whose eigenvalues cluster at H's). A diagonal with two isolated outliers
   * and a bulk, 120 steps: without full reorthogonalization the outliers' Ritz values repeat,
   * but the weights of all nodes near each outlier sum to its exact weight, 1/n for a
   * Rademacher start, to 1e-8; FULL has a single node there with that weight.
   */
  @Test
  void ghostsSplitAnOutliersWeightWithoutChangingIt() {
    int n = 2000;
    double[] d = TestOperators.values(n, i -> i < 2 ? 10.0 + 5 * i : i / (double) n);
    int m = 120;
    int ghosts = 0;
    for (Reorthogonalization mode : Reorthogonalization.values()) {
      LanczosResult t = run(TestOperators.diagonal(d), 9, m, mode, 4);
      GaussRule rule = SymmetricTridiagonalEigen.gaussRule(t.alpha(), t.beta());
      for (double outlier : new double[] {10.0, 15.0}) {
        double weight = 0;
        int near = 0;
        for (int k = 0; k < rule.nodes().length; k++) {
          if (Math.abs(rule.nodes()[k] - outlier) < 1e-6) {
            weight += rule.weights()[k];
            near++;
          }
        }
        assertEquals(1.0 / n, weight, 1e-8, mode + " near " + outlier);
        if (mode == Reorthogonalization.FULL) {
          assertEquals(1, near, "FULL has no ghost of " + outlier);
        } else {
          ghosts += near - 1;
        }
      }
    }
    assertTrue(ghosts > 0, "the test must see ghosts to show anything");
  }
}
