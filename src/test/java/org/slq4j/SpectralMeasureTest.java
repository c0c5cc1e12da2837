package org.slq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The spectral measure against exact spectra. A diagonal operator gives every Rademacher start
 * vector the same measure, v_i^2 = 1/n on each eigenvalue, so there each run's measure IS the
 * spectral CDF: the quadrature bracket must hold it at every t with certainty and the sampling
 * part must vanish. A rotated diagonal (Householder) gives each start vector its own measure,
 * so with m = n steps (exact rules) the band is pure sampling.
 */
class SpectralMeasureTest {

  private static EstimatorOptions.Builder small() {
    return SpectralDensityEstimator.builder().numGridPoints(2000);
  }

  /** #{x &lt;= t} / n. */
  private static double exactCdf(double[] sorted, double t) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return (double) lo / sorted.length;
  }

  private static double[] sorted(double[] d) {
    double[] s = d.clone();
    Arrays.sort(s);
    return s;
  }

  /** Midpoints between consecutive distinct values, and one point beyond each end. */
  private static double[] gaps(double[] sorted) {
    double[] t = new double[sorted.length + 1];
    t[0] = sorted[0] - 1;
    for (int i = 1; i < sorted.length; i++) {
      t[i] = 0.5 * (sorted[i - 1] + sorted[i]);
    }
    t[sorted.length] = sorted[sorted.length - 1] + 1;
    return t;
  }

  private static double[] logNormal(int n, long seed) {
    Random random = new Random(seed);
    return TestOperators.values(n, i -> Math.exp(2 * random.nextGaussian()) - 1);
  }

  /** H = Q diag(d) Q' with Q = I - 2 u u' for a random unit u: known eigenvalues d. */
  private static SymmetricOperator rotatedDiagonal(double[] d, long seed) {
    int n = d.length;
    Random random = new Random(seed);
    double[] u = new double[n];
    double norm = 0;
    for (int i = 0; i < n; i++) {
      u[i] = random.nextGaussian();
      norm += u[i] * u[i];
    }
    norm = Math.sqrt(norm);
    double[][] q = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        q[i][j] = (i == j ? 1 : 0) - 2 * u[i] / norm * u[j] / norm;
      }
    }
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += q[i][k] * d[k] * q[j][k];
        }
        a[i][j] = s;
        a[j][i] = s;
      }
    }
    return TestOperators.dense(a);
  }

  @Test
  void fullLanczosRecoversTheExactCdfWithZeroQuadratureWidth() {
    double[] d = logNormal(120, 1);
    double[] s = sorted(d);
    SymmetricOperator op = TestOperators.diagonal(d);
    SpectralMeasure one = small().numRuns(1).lanczosSteps(120).build().estimate(op).measure();
    SpectralMeasure ten = small().numRuns(10).lanczosSteps(120).build().estimate(op).measure();
    for (double t : gaps(s)) {
      BandedEstimate a = one.cdf(t);
      assertEquals(exactCdf(s, t), a.estimate(), 1e-12, "t = " + t);
      assertEquals(0.0, a.width(), "one exact run: the band is its zero-width bracket");
      assertEquals(ErrorSource.SAMPLING_UNKNOWN, a.dominant());
      BandedEstimate b = ten.cdf(t);
      assertEquals(exactCdf(s, t), b.estimate(), 1e-12, "t = " + t);
      assertTrue(b.width() < 1e-12, "ten exact runs of one measure: width " + b.width());
    }
  }

  /**
   * Repeated eigenvalues: the Krylov space has only the distinct ones, so every run stops on
   * an invariant subspace with the exact measure, atoms of weight multiplicity / n.
   */
  @Test
  void invariantSubspaceRunsGiveTheExactMeasureWithItsAtoms() {
    double[] d = TestOperators.values(60, i -> new double[] {-2, 1, 1, 3, 3, 3}[(int) (i % 6)]);
    SymmetricOperator op = TestOperators.diagonal(d);
    SpectralDensity one = small().numRuns(1).lanczosSteps(20).build().estimate(op);
    assertEquals(3, one.steps(0), "three distinct eigenvalues, three steps");
    // At the nodes themselves: the left limit excludes the atom, the CDF includes it.
    double[] x = one.nodes(0);
    double[] before = {0, 1.0 / 6, 0.5};
    double[] at = {1.0 / 6, 0.5, 1};
    for (int k = 0; k < 3; k++) {
      assertEquals(before[k], one.measure().cdfBelow(x[k]).estimate(), 1e-13, "F(x" + k + "-)");
      assertEquals(at[k], one.measure().cdf(x[k]).estimate(), 1e-13, "F(x" + k + ")");
      assertEquals(0, one.measure().cdfBelow(x[k]).width());
      assertEquals(0, one.measure().cdf(x[k]).width());
    }
    // Four runs: their nodes agree to rounding, so look just beside the eigenvalues.
    SpectralMeasure m = small().numRuns(4).lanczosSteps(20).build().estimate(op).measure();
    double[][] expected = {{-3, 0}, {-2 + 1e-9, 1.0 / 6}, {1 - 1e-9, 1.0 / 6},
        {1 + 1e-9, 0.5}, {3 - 1e-9, 0.5}, {3 + 1e-9, 1}};
    for (double[] e : expected) {
      BandedEstimate below = m.cdfBelow(e[0]);
      BandedEstimate cdf = m.cdf(e[0]);
      assertEquals(e[1], below.estimate(), 1e-13, "F(" + e[0] + "-)");
      assertEquals(e[1], cdf.estimate(), 1e-13, "F(" + e[0] + ")");
      assertTrue(below.width() < 1e-13 && cdf.width() < 1e-13, below + " " + cdf);
    }
    assertEquals(10, m.countBelow(0).estimate(), 1e-11, "ten negative eigenvalues");
    assertEquals(30, m.count(2, 4).estimate(), 1e-11, "(2, 4] holds the thirty 3s");
    assertEquals(20, m.count(-1, 2).estimate(), 1e-11, "(-1, 2] holds the twenty 1s");
  }

  /**
   * The bracket itself, run by run: one run of 25 steps, whose band is its Gauss rule's
   * Chebyshev-Markov-Stieltjes bracket, [W_(k-1), W_k] at node k and [W_(k-1), W_(k+1)]
   * between nodes k and k + 1, computed here from the weights.
   */
  @Test
  void oneRunsBandIsTheChebyshevMarkovStieltjesBracket() {
    double[] d = logNormal(500, 2);
    SpectralDensity density = small().numRuns(1).lanczosSteps(25).build()
        .estimate(TestOperators.diagonal(d));
    double[] x = density.nodes(0);
    double[] w = density.weights(0);
    double[] cum = new double[x.length + 1];
    for (int k = 0; k < x.length; k++) {
      cum[k + 1] = cum[k] + w[k];
    }
    SpectralMeasure m = density.measure();
    for (int k = 0; k < x.length; k++) {
      BandedEstimate at = m.cdf(x[k]);
      assertEquals(cum[k], at.lower(), 1e-14, "lower at node " + k);
      assertEquals(cum[k + 1], at.upper(), 1e-14, "upper at node " + k);
      assertEquals(cum[k + 1], at.estimate(), 1e-14, "G at node " + k);
      double between = k + 1 < x.length ? 0.5 * (x[k] + x[k + 1]) : x[k] + 1;
      BandedEstimate gap = m.cdf(between);
      assertEquals(cum[k], gap.lower(), 1e-14, "lower after node " + k);
      assertEquals(cum[Math.min(k + 2, x.length)], gap.upper(), 1e-14, "upper after " + k);
    }
    BandedEstimate first = m.cdf(x[0] - 1);
    assertEquals(0, first.lower());
    assertEquals(cum[1], first.upper(), 1e-14);
  }

  /**
   * Diagonal operators, few steps, several runs: every run's measure is the spectral CDF, so the
   * band must hold the exact F at every point of a fine grid and at every node, and the
   * band's ends and the estimate must be monotone and within [0, 1].
   */
  @Test
  void bandHoldsTheExactCdfOfDiagonalOperatorsEverywhere() {
    for (long seed = 3; seed < 6; seed++) {
      double[] d = logNormal(1500, seed);
      double[] s = sorted(d);
      SpectralDensity density = small().numRuns(5).lanczosSteps(20).seed(seed).build()
          .estimate(TestOperators.diagonal(d));
      SpectralMeasure m = density.measure();
      double[] grid = new double[4001];
      for (int j = 0; j < grid.length; j++) {
        grid[j] = s[0] - 0.5 + (s[s.length - 1] - s[0] + 1) * j / (grid.length - 1);
      }
      BandedEstimate[] band = m.cdf(grid);
      for (int j = 0; j < grid.length; j++) {
        BandedEstimate b = band[j];
        assertTrue(holds(b, exactCdf(s, grid[j])), "t = " + grid[j] + ": F = "
            + exactCdf(s, grid[j]) + " outside " + b);
        assertTrue(0 <= b.lower() && b.upper() <= 1, b.toString());
        if (j > 0) {
          BandedEstimate a = band[j - 1];
          assertTrue(a.estimate() <= b.estimate() && a.lower() <= b.lower()
              && a.upper() <= b.upper(), "not monotone at " + grid[j] + ": " + a + ", " + b);
        }
      }
      for (int r = 0; r < density.numRuns(); r++) {
        for (double x : density.nodes(r)) {
          double exact = exactCdf(s, x);
          assertTrue(holds(m.cdf(x), exact), "node " + x + ": " + exact + " " + m.cdf(x));
          assertTrue(holds(m.cdfBelow(x), exactCdf(s, Math.nextDown(x))), "below " + x);
        }
      }
    }
  }

  /**
   * Within the band up to the rounding of the weights: a converged Ritz value sits on its
   * eigenvalue, where the exact F is at an end of the bracket.
   */
  private static boolean holds(BandedEstimate b, double value) {
    return b.lower() - 1e-12 <= value && value <= b.upper() + 1e-12;
  }

  /** Few steps on a smooth spectrum: the bracket dominates, and it is what the band is made of. */
  @Test
  void quadratureDominatesWhenEveryRunHasTheSameMeasure() {
    double[] d = logNormal(1500, 7);
    SpectralMeasure m = small().numRuns(10).lanczosSteps(15).build()
        .estimate(TestOperators.diagonal(d)).measure();
    double[] s = sorted(d);
    BandedEstimate median = m.cdf(s[750]);
    assertEquals(ErrorSource.QUADRATURE, median.dominant(), median.toString());
    assertTrue(median.width() > 0.02, "15 nodes leave a wide bracket: " + median);
  }

  /**
   * A rotated diagonal with m = n: every rule is exact (zero bracket) but each start vector
   * has its own measure, so the band is the Student t interval of the run mean. Over 40
   * independent estimates (seeds 0, 10, ..., 390) at 15 points each it must cover the exact
   * F at about its level; the bound 0.85 leaves room for the t interval's approximation with
   * ten runs of a bounded variable.
   */
  @Test
  void exactRulesOfRandomStartVectorsGiveASamplingBandThatCovers() {
    int n = 48;
    double[] d = TestOperators.values(n, i -> i * i / 100.0 - 3);
    double[] s = sorted(d);
    SymmetricOperator op = rotatedDiagonal(d, 11);
    int covered = 0;
    int total = 0;
    int samplingDominated = 0;
    for (int seed = 0; seed < 400; seed += 10) {
      SpectralMeasure m = small().numRuns(10).lanczosSteps(n).seed(seed).build()
          .estimate(op).measure();
      for (int k = 1; k <= 15; k++) {
        double t = 0.5 * (s[3 * k - 1] + s[3 * k]);
        BandedEstimate b = m.cdf(t);
        covered += b.contains(exactCdf(s, t)) ? 1 : 0;
        samplingDominated += b.dominant() == ErrorSource.SAMPLING ? 1 : 0;
        total++;
      }
    }
    double coverage = (double) covered / total;
    assertTrue(coverage >= 0.85 && coverage < 1, "coverage " + coverage);
    assertEquals(total, samplingDominated, "exact rules: only sampling error");
  }

  @Test
  void gridPointsAndSinglePointsAgreeInAnyOrder() {
    double[] d = logNormal(800, 8);
    SpectralDensity density = small().numRuns(4).lanczosSteps(30).build()
        .estimate(TestOperators.diagonal(d));
    SpectralMeasure m = density.measure();
    double[] t = new double[300];
    for (int j = 0; j < t.length; j++) {
      t[j] = -1.5 + j * 0.1;
    }
    t[10] = density.nodes(2)[5];  // a node: the slot of the node itself
    Arrays.sort(t);
    double[] shuffled = t.clone();
    Random random = new Random(1);
    for (int j = shuffled.length - 1; j > 0; j--) {
      int k = random.nextInt(j + 1);
      double tmp = shuffled[j];
      shuffled[j] = shuffled[k];
      shuffled[k] = tmp;
    }
    BandedEstimate[] merged = m.cdf(t);
    BandedEstimate[] searched = m.cdf(shuffled);
    for (int j = 0; j < t.length; j++) {
      assertEquals(m.cdf(t[j]), merged[j]);
      assertEquals(m.cdf(shuffled[j]), searched[j]);
    }
    assertEquals(new BandedEstimate(0, 0, 0, 0.95, ErrorSource.NONE),
        m.cdf(Double.NEGATIVE_INFINITY));
    assertEquals(new BandedEstimate(1, 1, 1, 0.95, ErrorSource.NONE),
        m.cdf(new double[] {0, Double.POSITIVE_INFINITY})[1]);
  }

  @Test
  void countsHoldTheExactCountAndMatchTheCdf() {
    double[] d = logNormal(1000, 9);
    double[] s = sorted(d);
    SpectralMeasure m = small().numRuns(6).lanczosSteps(25).build()
        .estimate(TestOperators.diagonal(d)).measure();
    double[][] intervals = {{-1, 0}, {-0.5, 0.5}, {0, 1}, {1, 10}, {0.2, 0.3},
        {Double.NEGATIVE_INFINITY, 0}, {5, Double.POSITIVE_INFINITY}};
    for (double[] ab : intervals) {
      BandedEstimate c = m.count(ab[0], ab[1]);
      double exact = 1000 * (exactCdf(s, ab[1]) - exactCdf(s, ab[0]));
      assertTrue(c.contains(exact), Arrays.toString(ab) + ": " + exact + " outside " + c);
      double viaCdf = 1000 * (m.cdf(ab[1]).estimate() - m.cdf(ab[0]).estimate());
      assertEquals(viaCdf, c.estimate(), 1e-9);
      assertTrue(c.lower() >= 0 && c.upper() <= 1000, c.toString());
    }
    BandedEstimate all = m.count(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    assertEquals(new BandedEstimate(1000, 1000, 1000, 0.95, ErrorSource.NONE), all);
    assertEquals(0, m.count(0.5, 0.5).width());
    double negatives = 1000 * exactCdf(s, Math.nextDown(0.0));
    assertTrue(m.countBelow(0).contains(negatives), m.countBelow(0) + " vs " + negatives);
  }

  /** Quantiles of an exact measure are eigenvalues; of a bracketed one, the band holds them. */
  @Test
  void quantilesAreEigenvaluesAndTheirBandsHoldTheExactOnes() {
    double[] d = logNormal(200, 10);
    double[] s = sorted(d);
    SymmetricOperator op = TestOperators.diagonal(d);
    SpectralMeasure exact = small().numRuns(3).lanczosSteps(200).build().estimate(op)
        .measure();
    SpectralMeasure coarse = small().numRuns(3).lanczosSteps(20).build().estimate(op)
        .measure();
    for (int k = 1; k <= 200; k += 7) {
      double p = (k - 0.5) / 200;  // F reaches p at the k-th smallest eigenvalue
      assertEquals(s[k - 1], exact.quantile(p).estimate(), 1e-12 * (1 + Math.abs(s[k - 1])));
      BandedEstimate q = coarse.quantile(p);
      assertTrue(q.contains(s[k - 1]), "p = " + p + ": " + s[k - 1] + " outside " + q);
    }
    assertEquals(s[199], exact.quantile(1).estimate(), 1e-12 * s[199]);
    assertEquals(Double.POSITIVE_INFINITY, coarse.quantile(1).upper(),
        "no rule bounds the top of the support");
    assertEquals(Double.NEGATIVE_INFINITY, coarse.quantile(1e-6).lower(),
        "nor the bottom");
  }

  @Test
  void higherConfidenceWidensTheBand() {
    SymmetricOperator op = rotatedDiagonal(TestOperators.values(40, i -> i), 3);
    SpectralMeasure m = small().numRuns(5).lanczosSteps(10).build().estimate(op).measure();
    assertEquals(0.95, m.confidence());
    assertEquals(2.7764451051977934, m.samplingMultiplier(), 1e-12);
    SpectralMeasure wide = m.withConfidence(0.99);
    SpectralMeasure narrow = m.withConfidence(0.5);
    boolean strictlyWider = false;
    for (double t = -1; t < 41; t += 0.25) {
      BandedEstimate a = narrow.cdf(t);
      BandedEstimate b = m.cdf(t);
      BandedEstimate c = wide.cdf(t);
      assertTrue(c.lower() <= b.lower() && b.lower() <= a.lower(), "t = " + t);
      assertTrue(a.upper() <= b.upper() && b.upper() <= c.upper(), "t = " + t);
      assertEquals(a.estimate(), c.estimate());
      strictlyWider |= c.width() > a.width();
    }
    assertTrue(strictlyWider);
  }

  @Test
  void badArgumentsAreNamed() {
    SpectralDensity density = small().numRuns(2).lanczosSteps(5).build()
        .estimate(TestOperators.diagonal(TestOperators.values(30, i -> i)));
    SpectralMeasure m = density.measure();
    assertMessage("t is NaN", () -> m.cdf(Double.NaN));
    assertMessage("t is NaN", () -> m.cdfBelow(Double.NaN));
    assertMessage("t[2] is NaN", () -> m.cdf(new double[] {0, 1, Double.NaN}));
    assertMessage("a is NaN", () -> m.count(Double.NaN, 1));
    assertMessage("b is NaN", () -> m.count(1, Double.NaN));
    assertMessage("a = 2.0 > b = 1.0", () -> m.count(2, 1));
    assertMessage("p must be in (0, 1], got 0.0", () -> m.quantile(0));
    assertMessage("got 1.5", () -> m.quantile(1.5));
    assertMessage("got NaN", () -> m.quantile(Double.NaN));
    for (double c : new double[] {0, 1, -1, Double.NaN}) {
      assertMessage("confidence must be in (0, 1), got " + c, () -> m.withConfidence(c));
      assertMessage("got " + c, () -> SpectralMeasure.of(density, c));
    }
    assertMessage("must hold the finite estimate 0.5",
        () -> new BandedEstimate(0.5, 0.6, 0.7, 0.95, ErrorSource.NONE));
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(part), x.getMessage());
  }
}
