package org.slq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slq4j.operators.LaplacianOperator;

/**
 * {@link TraceEstimator} against traces known independently: diagonal operators (a Rademacher
 * probe gives n z'Dz = tr(D) exactly), low-rank operators (Hutch++ is exact when
 * rank(H) &lt;= M/3), the Laplacian (trace 2n in one dimension) and the exact variance of
 * Hutchinson's samples for a dense matrix.
 */
class TraceEstimatorTest {

  private static TraceEstimate estimate(TraceEstimator.Method m, int matvecs, long seed,
      int threads, SymmetricOperator op) {
    return TraceEstimator.builder().method(m).matvecs(matvecs).seed(seed).threads(threads)
        .build().estimate(op);
  }

  @Test
  void diagonalTraceIsExactForBothMethods() {
    double[] d = TestOperators.values(1000, i -> Math.sin(i) * 10 + 1.0 / (i + 1));
    double exact = 0;
    for (double v : d) {
      exact += v;
    }
    SymmetricOperator op = TestOperators.diagonal(d);
    TraceEstimate h = estimate(TraceEstimator.Method.HUTCHINSON, 7, 3, 1, op);
    assertEquals(exact, h.estimate(), 1e-11 * Math.abs(exact) + 1e-11);
    assertEquals(0, h.standardError(), 1e-10, "every sample is the trace");
    assertEquals(7 + 2, h.matvecs(), "the budget and the symmetry probe's two products");
    assertEquals(7, h.probes());
    // Hutch++ is not exact on a diagonal (the projected (I - QQ')D(I - QQ') is not diagonal)
    // unless the sketch spans the whole space: M/3 >= n.
    double[] small = TestOperators.values(20, i -> Math.cos(i) * 3 + 0.5);
    double smallTrace = 0;
    for (double v : small) {
      smallTrace += v;
    }
    TraceEstimate p = estimate(TraceEstimator.Method.HUTCHPP, 62, 3, 1,
        TestOperators.diagonal(small));
    assertEquals(smallTrace, p.estimate(), 1e-12 * 20 * 3.5);
    assertEquals(20, p.sketchRank());
    assertEquals(22, p.probes(), "M - 2 floor(M/3)");
    assertEquals(0, p.standardError(), 1e-12 * 20 * 3.5, "the residual is zero");
  }

  /** H = U diag(lambda) U' of rank r with orthonormal U from Gram-Schmidt on random columns. */
  private static double[][] lowRank(int n, double[] lambda, long seed) {
    int r = lambda.length;
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] u = new double[r][n];
    for (int j = 0; j < r; j++) {
      for (int i = 0; i < n; i++) {
        u[j][i] = rnd.nextGaussian();
      }
      for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < j; k++) {
          double h = 0;
          for (int i = 0; i < n; i++) {
            h += u[k][i] * u[j][i];
          }
          for (int i = 0; i < n; i++) {
            u[j][i] -= h * u[k][i];
          }
        }
      }
      double norm = 0;
      for (int i = 0; i < n; i++) {
        norm += u[j][i] * u[j][i];
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < n; i++) {
        u[j][i] /= norm;
      }
    }
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        double s = 0;
        for (int j = 0; j < r; j++) {
          s += lambda[j] * u[j][i] * u[j][k];
        }
        a[i][k] = s;
      }
    }
    return a;
  }

  @Test
  void hutchPlusPlusIsExactWhenTheRankIsAtMostAThirdOfTheBudget() {
    double[] lambda = {50, -7, 3, 0.25, 1e-3};
    double exact = 50 - 7 + 3 + 0.25 + 1e-3;
    SymmetricOperator op = TestOperators.dense(lowRank(300, lambda, 11));
    for (int m : new int[] {15, 16, 17, 30}) {
      TraceEstimate t = estimate(TraceEstimator.Method.HUTCHPP, m, 5, 1, op);
      assertEquals(exact, t.estimate(), 1e-11 * 50, "M = " + m);
      assertEquals(5, t.sketchRank(), "dependent sketch columns are dropped, M = " + m);
      assertEquals(exact, t.exactPart(), 1e-11 * 50, "the residual is zero, M = " + m);
      assertEquals(m - (m / 3 - 5) + 2, t.matvecs(),
          "products on dropped columns are not spent; the symmetry probe's two are counted");
    }
    // Hutchinson with the same budget is far off on this matrix: the test above is not trivial.
    TraceEstimate h = estimate(TraceEstimator.Method.HUTCHINSON, 15, 5, 1, op);
    assertTrue(Math.abs(h.estimate() - exact) > 1e-3, "Hutchinson " + h.estimate());
  }

  /** Dense symmetric: diag(1..n) plus off-diagonal noise of size 0.3. */
  private static double[][] noisy(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      a[i][i] = i + 1;
      for (int j = 0; j < i; j++) {
        a[i][j] = a[j][i] = 0.3 * rnd.nextGaussian();
      }
    }
    return a;
  }

  @Test
  void hutchinsonIsUnbiasedWithTheExactVariance() {
    int n = 60;
    double[][] a = noisy(n, 2);
    double trace = n * (n + 1) / 2.0;
    // Var(n z'Az) for Rademacher z is 2 sum_{i != j} a_ij^2.
    double var = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        var += i == j ? 0 : 2 * a[i][j] * a[i][j];
      }
    }
    int probes = 4000;
    double sigma = Math.sqrt(var / probes);
    assertTrue(sigma < 1e-3 * trace, "the bound below is tight: sigma = " + sigma);
    TraceEstimate t = estimate(TraceEstimator.Method.HUTCHINSON, probes, 17, 1,
        TestOperators.dense(a));
    // A 6 sigma miss has probability 2e-9; a bias of 6 sigma (0.1% of the trace) fails.
    assertEquals(trace, t.estimate(), 6 * sigma);
    // The standard error of 4000 samples estimates sigma to within a few percent.
    assertEquals(sigma, t.standardError(), 0.15 * sigma);
    assertTrue(t.lower() < trace && trace < t.upper() || Math.abs(t.estimate() - trace)
        > 1.9 * sigma, "the 95% interval " + t.lower() + ".." + t.upper());
    assertEquals(t.estimate() - t.lower(), t.upper() - t.estimate(), 1e-12 * trace);
    assertEquals(StudentT.twoSidedQuantile(0.95, probes - 1) * t.standardError(),
        t.upper() - t.estimate(), 1e-9 * trace);
  }

  @Test
  void hutchPlusPlusIsUnbiasedOverSeeds() {
    int n = 60;
    double[][] a = noisy(n, 4);
    double trace = n * (n + 1) / 2.0;
    SymmetricOperator op = TestOperators.dense(a);
    int seeds = 400;
    double sum = 0;
    double sumSq = 0;
    for (int s = 0; s < seeds; s++) {
      // Disjoint seeds: each estimate uses seeds [1000 s, 1000 s + 12).
      double e = estimate(TraceEstimator.Method.HUTCHPP, 12, 1000L * s, 1, op).estimate();
      sum += e;
      sumSq += e * e;
    }
    double mean = sum / seeds;
    double sd = Math.sqrt((sumSq - seeds * mean * mean) / (seeds - 1));
    double sigma = sd / Math.sqrt(seeds);
    assertTrue(sigma < 1e-2 * trace, "the bound below is tight: sigma = " + sigma);
    assertEquals(trace, mean, 6 * sigma, "sd of one estimate " + sd);
  }

  @Test
  void sameBitsForAnyThreadCountAndSeedReproduces() {
    // 1-D Dirichlet Laplacian: tridiagonal (2, -1), trace 2n; n spans several row chunks.
    LaplacianOperator op = LaplacianOperator.of(200_001);
    for (TraceEstimator.Method m : TraceEstimator.Method.values()) {
      TraceEstimate one = estimate(m, 9, 42, 1, op);
      TraceEstimate two = estimate(m, 9, 42, 2, op);
      TraceEstimate again = estimate(m, 9, 42, 2, op);
      assertEquals(one, two, m.toString());
      assertEquals(two, again, m.toString());
      assertEquals(2.0 * 200_001, one.estimate(), 0.05 * 2 * 200_001, m.toString());
    }
  }

  @Test
  void usesExactlyTheBudget() {
    AtomicLong calls = new AtomicLong();
    double[][] a = noisy(40, 9);
    SymmetricOperator dense = TestOperators.dense(a);
    SymmetricOperator counting = new SymmetricOperator() {
      @Override
      public long dimension() {
        return 40;
      }

      @Override
      public void apply(MemorySegment x, MemorySegment y) {
        calls.incrementAndGet();
        dense.apply(x, y);
      }
    };
    for (boolean check : new boolean[] {false, true}) {
      // The symmetry probe costs two products beyond the budget, and they are reported.
      int probe = check ? 2 : 0;
      for (int m : new int[] {1, 2, 5, 20}) {
        calls.set(0);
        TraceEstimate t = TraceEstimator.builder().matvecs(m).threads(2).checkSymmetry(check)
            .build().estimate(counting);
        assertEquals(m + probe, calls.get());
        assertEquals(m + probe, t.matvecs());
      }
      for (int m : new int[] {3, 4, 5, 20}) {
        calls.set(0);
        TraceEstimate t = TraceEstimator.builder().method(TraceEstimator.Method.HUTCHPP)
            .matvecs(m).threads(2).checkSymmetry(check).build().estimate(counting);
        assertEquals(m + probe, calls.get());
        assertEquals(m + probe, t.matvecs());
        assertEquals(m / 3, t.sketchRank());
      }
    }
  }

  /** Upper bidiagonal: diagonal 0..n-1 and ones above it, trace n (n - 1) / 2. */
  private static double[][] bidiagonal(int n) {
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      a[i][i] = i;
      if (i + 1 < n) {
        a[i][i + 1] = 1;
      }
    }
    return a;
  }

  @Test
  void aNonSymmetricOperatorIsRefusedUnlessTheCheckIsOff() {
    SymmetricOperator op = TestOperators.dense(bidiagonal(40));
    for (TraceEstimator.Method m : TraceEstimator.Method.values()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> estimate(m, 12, 0, 1, op), m.toString());
      assertTrue(e.getMessage().startsWith("the operator is not symmetric"), e.getMessage());
      assertTrue(e.getMessage().contains("checkSymmetry(false)"), e.getMessage());
      // Without the probe the estimate runs. E[n z'Az] = tr(A) holds for any square A, so it
      // lands near tr(A) = 780: each sample's off-diagonal noise has variance 39 (39 ones).
      TraceEstimate t = TraceEstimator.builder().method(m).matvecs(12).threads(1)
          .checkSymmetry(false).build().estimate(op);
      assertEquals(780, t.estimate(), 6 * Math.sqrt(39), m + " " + t);
      assertEquals(12, t.matvecs(), m.toString());
    }
  }

  @Test
  void theSymmetryProbeLeavesTheEstimateUnchanged() {
    SymmetricOperator op = TestOperators.dense(noisy(30, 3));
    for (TraceEstimator.Method m : TraceEstimator.Method.values()) {
      TraceEstimate on = estimate(m, 12, 9, 1, op);
      TraceEstimate off = TraceEstimator.builder().method(m).matvecs(12).seed(9).threads(1)
          .checkSymmetry(false).build().estimate(op);
      assertEquals(on.estimate(), off.estimate(), 0.0, m.toString());
      assertEquals(on.upper(), off.upper(), 0.0, m.toString());
      assertEquals(on.matvecs(), off.matvecs() + 2, m.toString());
    }
  }

  @Test
  void aHigherConfidenceWidensTheIntervalAroundTheSameEstimate() {
    SymmetricOperator op = TestOperators.dense(noisy(30, 5));
    TraceEstimate t95 = estimate(TraceEstimator.Method.HUTCHINSON, 10, 2, 1, op);
    TraceEstimate t99 = TraceEstimator.builder().matvecs(10).seed(2).threads(1)
        .confidence(0.99).build().estimate(op);
    assertEquals(0.95, t95.confidence());
    assertEquals(0.99, t99.confidence());
    assertEquals(t95.estimate(), t99.estimate(), 0.0);
    assertEquals(t95.standardError(), t99.standardError(), 0.0);
    assertTrue(t99.upper() - t99.lower() > t95.upper() - t95.lower(), t95 + " " + t99);
    // The half-widths are in the ratio of the t quantiles for 9 degrees of freedom.
    double ratio = StudentT.twoSidedQuantile(0.99, 9) / StudentT.twoSidedQuantile(0.95, 9);
    assertEquals(ratio, (t99.upper() - t99.estimate()) / (t95.upper() - t95.estimate()), 1e-9);
  }

  @Test
  void oneSampleHasNoInterval() {
    TraceEstimate t = estimate(TraceEstimator.Method.HUTCHINSON, 1, 0, 1,
        TestOperators.dense(noisy(10, 1)));
    assertTrue(Double.isNaN(t.standardError()));
    assertTrue(Double.isNaN(t.lower()) && Double.isNaN(t.upper()));
    assertTrue(Double.isFinite(t.estimate()));
  }

  @Test
  void badArgumentsAreNamed() {
    String m0 = assertThrows(IllegalArgumentException.class,
        () -> TraceEstimator.builder().matvecs(0)).getMessage();
    assertEquals("matvecs must be >= 1, got 0", m0);
    String mNeg = assertThrows(IllegalArgumentException.class,
        () -> TraceEstimator.builder().matvecs(-5)).getMessage();
    assertTrue(mNeg.contains("-5"), mNeg);
    String pp = assertThrows(IllegalStateException.class,
        () -> TraceEstimator.builder().method(TraceEstimator.Method.HUTCHPP).matvecs(2).build())
        .getMessage();
    assertTrue(pp.startsWith("Hutch++ needs matvecs >= 3") && pp.endsWith("got 2"), pp);
    String unset = assertThrows(IllegalStateException.class,
        () -> TraceEstimator.builder().build()).getMessage();
    assertTrue(unset.contains("matvecs must be set"), unset);
    String threads = assertThrows(IllegalArgumentException.class,
        () -> TraceEstimator.builder().threads(0)).getMessage();
    assertEquals("threads must be >= 1, got 0", threads);
    String conf = assertThrows(IllegalArgumentException.class,
        () -> TraceEstimator.builder().confidence(1.0)).getMessage();
    assertEquals("confidence must be in (0, 1), got 1.0", conf);
    assertThrows(NullPointerException.class, () -> TraceEstimator.builder().method(null));
    assertThrows(NullPointerException.class,
        () -> TraceEstimator.builder().matvecs(3).build().estimate(null));
  }

  @Test
  void nonFiniteProductsAreReported() {
    double[] d = {1, Double.NaN, 3};
    for (TraceEstimator.Method m : TraceEstimator.Method.values()) {
      NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
          () -> estimate(m, 6, 0, 1, TestOperators.diagonal(d)));
      assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
  }
}
