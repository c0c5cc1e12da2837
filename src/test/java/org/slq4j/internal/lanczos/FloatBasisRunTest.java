package org.slq4j.internal.lanczos;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
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
 * FULL runs with a float basis ({@link FloatDelayedReorthogonalizationRun}) against truths
 * computed independently of the run: the orthogonality of V = Z S formed in double from the
 * stored floats, the exact eigenvalues of diagonal operators, the double-basis run of the same
 * start vector, and the exact scaling of T with the operator.
 */
class FloatBasisRunTest {

  private static RunShape shape(long n, int steps, BasisPrecision precision) {
    return new RunShape(n, steps, Reorthogonalization.FULL, precision, 16);
  }

  private static MemorySegment start(Arena arena, long n, long seed) {
    MemorySegment start = arena.allocate(n * Double.BYTES, 64);
    StartVectors.rademacher(seed, start, n);
    return start;
  }

  private static LanczosResult run(SymmetricOperator op, long seed, int steps,
      BasisPrecision precision) {
    try (Arena arena = Arena.ofConfined()) {
      return Lanczos.run(op, start(arena, op.dimension(), seed),
          shape(op.dimension(), steps, precision), arena, null);
    }
  }

  private static double[][] randomSymmetric(int n, long seed) {
    Random random = new Random(seed);
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        a[i][j] = a[j][i] = random.nextGaussian() / Math.sqrt(n);
      }
    }
    return a;
  }

  /**
   * V = Z S formed in double from the stored floats stays orthonormal to the level of float
   * rounding: max |V^T V - I| below 2e-7 over 120 steps (measured 4.2e-8 on the diagonal
   * operator, 1.6e-8 on the dense one), where the same runs with a double basis stay below
   * 1e-13. The float level is the rounding of each new vector as it is stored (2^-24
   * relative), which no later step removes; it does not grow with the steps.
   */
  @Test
  void storedBasisIsOrthonormalToFloatRounding() {
    int n = 300;
    double[] d = TestOperators.values(n, i -> Math.log1p(i) + (i == n - 1 ? 5 : 0));
    SymmetricOperator[] ops = {TestOperators.diagonal(d),
        TestOperators.dense(randomSymmetric(n, 3))};
    for (SymmetricOperator op : ops) {
      try (Arena arena = Arena.ofConfined()) {
        DelayedReorthogonalizationRun r = BasisOrthogonality.drive(op, 7, 120,
            BasisPrecision.FLOAT32, arena);
        assertEquals(120, r.taken);
        double loss = BasisOrthogonality.loss(BasisOrthogonality.basis(r));
        assertTrue(loss < 2e-7 && loss > 1e-10, "float basis: " + loss);
        double loss64 = BasisOrthogonality.loss(op, 7, 120, BasisPrecision.FLOAT64);
        assertTrue(loss64 < 1e-13, "double basis: " + loss64);
      }
    }
  }

  /**
   * Extreme Ritz values of a diagonal operator converge to its exact eigenvalues: four
   * isolated ones (-1, 3, 4, 5) beside a bulk in [0, 1), n = 2000, 80 steps. A float basis
   * perturbs the recurrence by about 2^-24 ||H||, so they agree to 1e-6 (measured 4.4e-8;
   * double basis: 1e-12),
   * and no converged eigenvalue is duplicated (a ghost would put a second node near it).
   */
  @Test
  void extremeRitzValuesConvergeToTheExactEigenvalues() {
    int n = 2000;
    double[] isolated = {-1, 3, 4, 5};
    double[] d = TestOperators.values(n, i -> i < 4 ? isolated[(int) i] : (i - 4.0) / n);
    for (BasisPrecision precision : BasisPrecision.values()) {
      LanczosResult t = run(TestOperators.diagonal(d), 11, 80, precision);
      double[] nodes = SymmetricTridiagonalEigen.gaussRule(t.alpha(), t.beta()).nodes();
      double tol = precision == BasisPrecision.FLOAT32 ? 1e-6 : 1e-12;
      int m = nodes.length;
      assertEquals(-1, nodes[0], tol, precision + " smallest");
      assertEquals(3, nodes[m - 3], tol, precision + " third largest");
      assertEquals(4, nodes[m - 2], tol, precision + " second largest");
      assertEquals(5, nodes[m - 1], tol, precision + " largest");
      assertTrue(nodes[1] > -0.5 && nodes[m - 4] < 2.5, precision + ": no ghost");
    }
  }

  /**
   * Before any Ritz value converges (a random symmetric matrix, semicircle spectrum, 40 steps)
   * T from a float basis is T from a double basis up to the float perturbation: within 1e-6,
   * entry by entry, for ||H|| = 2 (measured 3.7e-8).
   */
  @Test
  void tridiagonalAgreesWithTheDoubleBasisRun() {
    SymmetricOperator op = TestOperators.dense(randomSymmetric(400, 5));
    LanczosResult f64 = run(op, 3, 40, BasisPrecision.FLOAT64);
    LanczosResult f32 = run(op, 3, 40, BasisPrecision.FLOAT32);
    assertArrayEquals(f64.alpha(), f32.alpha(), 1e-6);
    assertArrayEquals(f64.beta(), f32.beta(), 1e-6);
  }

  /**
   * The stored vectors are kept near unit norm by powers of two whatever the operator's scale,
   * so an operator times 2^130 (beyond the float range, 2^128) or 2^-130 gives T times exactly
   * that factor. At 2^600 every ||w||^2 overflows a double: each step takes the explicit path,
   * and T still agrees with the unscaled one to 1e-6 relative.
   */
  @Test
  void operatorsBeyondTheFloatRangeScaleTExactly() {
    int n = 500;
    double[] d = TestOperators.values(n, i -> Math.sin(0.37 * i) + 0.002 * i);
    LanczosResult base = run(TestOperators.diagonal(d), 5, 30, BasisPrecision.FLOAT32);
    assertEquals(0, base.secondPasses());
    for (int e : new int[] {130, -130, 600}) {
      double[] scaled = d.clone();
      for (int i = 0; i < n; i++) {
        scaled[i] = Math.scalb(d[i], e);
      }
      LanczosResult t = run(TestOperators.diagonal(scaled), 5, 30, BasisPrecision.FLOAT32);
      double[] alpha = t.alpha().clone();
      double[] beta = t.beta().clone();
      for (int i = 0; i < alpha.length; i++) {
        alpha[i] = Math.scalb(alpha[i], -e);
      }
      for (int i = 0; i < beta.length; i++) {
        beta[i] = Math.scalb(beta[i], -e);
      }
      if (e == 600) {
        assertEquals(29, t.secondPasses(), "2^600: every sweep step orthogonalizes at once");
        assertArrayEquals(base.alpha(), alpha, 1e-6 * 3, "2^600");
        assertArrayEquals(base.beta(), beta, 1e-6 * 3, "2^600");
      } else {
        assertArrayEquals(base.alpha(), alpha, "2^" + e);
        assertArrayEquals(base.beta(), beta, "2^" + e);
      }
    }
  }

  /** A diagonal operator with three distinct eigenvalues ends the float run after 3 steps. */
  @Test
  void fewDistinctEigenvaluesEndTheRunEarly() {
    double[] d = TestOperators.values(500, i -> new double[] {-2, 0.5, 7}[(int) (i % 3)]);
    LanczosResult t = run(TestOperators.diagonal(d), 0, 40, BasisPrecision.FLOAT32);
    assertTrue(t.invariantSubspace());
    assertEquals(3, t.steps());
    GaussRule rule = SymmetricTridiagonalEigen.gaussRule(t.alpha(), t.beta());
    assertArrayEquals(new double[] {-2, 0.5, 7}, rule.nodes(), 1e-6);
  }

  /**
   * Lockstep members with a float basis are bit for bit the runs of their own, including one
   * that stops at an invariant subspace after 5 steps.
   */
  @Test
  void blockRunsAreBitIdenticalToSingleRuns() {
    int n = 120;
    double[] d = TestOperators.values(n, i -> Math.sin(i) * 3 + 0.01 * i);
    SymmetricOperator op = TestOperators.blocking(TestOperators.diagonal(d), 4,
        new java.util.ArrayList<>());
    int steps = 30;
    int count = 3;
    RunShape shape = shape(n, steps, BasisPrecision.FLOAT32);
    Lanczos.StartWriter starts = (k, target) -> {
      if (k == 1) {
        target.fill((byte) 0);
        for (int i = 0; i < 5; i++) {
          target.setAtIndex(JAVA_DOUBLE, 10 * i, 1.0 + i);
        }
      } else {
        StartVectors.rademacher(100 + k, target, n);
      }
    };
    LanczosResult[] block;
    try (Arena arena = Arena.ofConfined()) {
      block = Lanczos.runBlock(op, count, starts, shape,
          arena.allocate(shape.storageBytes() * count, 64),
          arena.allocate((long) n * count * Double.BYTES, 64),
          arena.allocate((long) n * count * Double.BYTES, 64), null);
    }
    for (int k = 0; k < count; k++) {
      LanczosResult single;
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment start = arena.allocate((long) n * Double.BYTES, 64);
        starts.write(k, start);
        single = Lanczos.run(op, start, shape, arena, null);
      }
      assertArrayEquals(single.alpha(), block[k].alpha(), "member " + k);
      assertArrayEquals(single.beta(), block[k].beta(), "member " + k);
    }
    assertEquals(5, block[1].steps());
    assertTrue(block[1].invariantSubspace());
    assertEquals(steps, block[0].steps());
  }

  /** Storage: two double vectors, then the float slots rounded up to whole doubles. */
  @Test
  void storageIsTwoDoubleVectorsAndTheFloatBasis() {
    assertEquals(2 * 7 * 8 + 88, shape(7, 2, BasisPrecision.FLOAT32).storageBytes());
    assertEquals(2 * 6 * 8 + 4 * 6 * 4, shape(6, 3, BasisPrecision.FLOAT32).storageBytes());
    assertEquals(4 * 7 * 8, shape(7, 3, BasisPrecision.FLOAT64).storageBytes());
  }
}
