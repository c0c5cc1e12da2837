package org.slq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpectralSumsTest {

  /** Distinct eigenvalues 1, 2, ..., n (times a scale). */
  private static double[] ladder(int n, double scale) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = scale * (i + 1);
    }
    return d;
  }

  private static SpectralDensity density(double[] d, int runs, int steps, long seed) {
    return density(TestOperators.diagonal(d), runs, steps, seed);
  }

  private static SpectralDensity density(SymmetricOperator h, int runs, int steps, long seed) {
    return SpectralDensityEstimator.builder().numRuns(runs).lanczosSteps(steps).seed(seed)
        .numGridPoints(2).threads(1).build().estimate(h);
  }

  /**
   * P diag(d) P with the Householder reflection P = I - 2 u u' (u a fixed unit vector): the
   * eigenvalues are d exactly, and unlike diag(d) the Rademacher start vectors see different
   * measures (for diag(d) every one has weights 1/n), so the runs vary.
   */
  private static SymmetricOperator rotated(double[] d) {
    int n = d.length;
    double[] u = new double[n];
    double norm = 0;
    for (int i = 0; i < n; i++) {
      u[i] = Math.cos(1.7 * i + 0.3) + 0.2;
      norm += u[i] * u[i];
    }
    for (int i = 0; i < n; i++) {
      u[i] /= Math.sqrt(norm);
    }
    // (P D P)_ij = d_i delta_ij - 2 u_i u_j (d_i + d_j) + 4 u_i u_j (u' D u)
    double udu = 0;
    for (int i = 0; i < n; i++) {
      udu += u[i] * u[i] * d[i];
    }
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i][j] = (i == j ? d[i] : 0) - 2 * u[i] * u[j] * (d[i] + d[j])
            + 4 * u[i] * u[j] * udu;
      }
    }
    return TestOperators.dense(a);
  }

  @Test
  void stepsEqualToTheDimensionGiveEverySumExactly() {
    // m = n with distinct eigenvalues and a start vector with no zero component: the Gauss rule
    // is the start vector's measure itself, nodes d_i and weights 1/n, so every run is exact.
    double[] d = ladder(30, 0.5);
    double logdet = 0;
    double inv = 0;
    double exp = 0;
    for (double x : d) {
      logdet += Math.log(x);
      inv += 1 / x;
      exp += Math.exp(x);
    }
    List<SpectralSum> s = SpectralSums.of(density(d, 5, 30, 3), List.of(
        SpectralFunction.logDeterminant(), SpectralFunction.traceInverse(),
        SpectralFunction.exp(), SpectralFunction.count(2.0, 7.5),
        SpectralFunction.of("sqrt", Math::sqrt)));
    assertEquals(logdet, s.get(0).estimate(), 1e-9 * Math.abs(logdet));
    assertEquals(inv, s.get(1).estimate(), 1e-9 * inv);
    assertEquals(exp, s.get(2).estimate(), 1e-9 * exp);
    assertEquals(12, s.get(3).estimate(), 1e-9); // 2.0, 2.5, ..., 7.5
    assertEquals("count:2.0:7.5", s.get(3).name());
    assertEquals("sqrt", s.get(4).name());
    for (SpectralSum sum : s) {
      assertEquals(5, sum.runs());
      assertTrue(sum.halfWidth() <= 1e-8 * Math.max(1, Math.abs(sum.estimate())), sum::toString);
    }
  }

  @Test
  void polynomialsOfDegreeAtMostTwoStepsMinusOneAreExactInEveryRun() {
    // For diagonal H and a Rademacher start v (entries +-1/sqrt(n)), v'H^j v = (1/n) sum d_i^j,
    // and the m-step Gauss rule integrates x^j exactly for j <= 2m - 1: n times it is tr H^j.
    double[] d = new double[200];
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.sin(i + 1.0) * 3 + 0.1 * i; // indefinite, distinct
    }
    int m = 3;
    SpectralDensity dens = density(d, 6, m, 42);
    for (int p = 1; p <= 2 * m - 1; p++) {
      double exact = 0;
      for (double x : d) {
        exact += Math.pow(x, p);
      }
      SpectralSum s = SpectralSums.of(dens, List.of(SpectralFunction.power(p))).get(0);
      double scale = 0;
      for (double x : d) {
        scale += Math.pow(Math.abs(x), p);
      }
      assertEquals(exact, s.estimate(), 1e-11 * scale, "p = " + p);
      assertTrue(s.halfWidth() <= 1e-10 * scale, "p = " + p + ": " + s);
      assertEquals("pow:" + p, s.name());
    }
    SpectralSum trace = SpectralSums.of(dens, List.of(SpectralFunction.trace())).get(0);
    double exactTrace = 0;
    for (double x : d) {
      exactTrace += x;
    }
    assertEquals(exactTrace, trace.estimate(), 1e-11 * 600);
  }

  @Test
  void intervalIsStudentTTimesTheStandardErrorOfTheRuns() {
    double[] d = ladder(100, 1);
    SpectralDensity dens = density(rotated(d), 7, 4, 0);
    double[] v = new double[7];
    double mean = 0;
    for (int r = 0; r < 7; r++) {
      double sum = 0;
      for (int k = 0; k < dens.nodes(r).length; k++) {
        sum += dens.weights(r)[k] * Math.log(dens.nodes(r)[k]);
      }
      v[r] = 100 * sum;
      mean += v[r] / 7;
    }
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    double se = Math.sqrt(ss / 6 / 7);
    SpectralSum s = SpectralSums.of(dens, List.of(SpectralFunction.logDeterminant()), 0.9)
        .get(0);
    assertEquals(mean, s.estimate(), 1e-12 * Math.abs(mean));
    assertTrue(se > 1e-6 * Math.abs(mean), "the runs differ");
    assertEquals(se, s.standardError(), 1e-9 * se);
    double t = StudentT.twoSidedQuantile(0.9, 6);
    assertEquals(mean - t * se, s.lower(), 1e-9 * Math.abs(mean));
    assertEquals(mean + t * se, s.upper(), 1e-9 * Math.abs(mean));
    assertEquals(0.9, s.confidence());
    assertEquals(SpectralSum.Stop.MAX_RUNS, s.stop());
    SpectralSum one = SpectralSums.of(density(d, 1, 4, 0),
        List.of(SpectralFunction.trace())).get(0);
    assertEquals(Double.NEGATIVE_INFINITY, one.lower());
    assertEquals(Double.POSITIVE_INFINITY, one.upper());
  }

  @Test
  void logAndInverseRefuseAnOperatorThatIsNotPositiveDefinite() {
    double[] d = ladder(40, 1);
    d[7] = -0.5;
    SpectralDensity dens = density(d, 3, 40, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SpectralSums.of(dens, List.of(SpectralFunction.logDeterminant())));
    assertTrue(e.getMessage().startsWith("logdet needs a positive definite operator"),
        e.getMessage());
    assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> SpectralSums.of(dens, List.of(SpectralFunction.traceInverse())));
    assertTrue(e.getMessage().startsWith("traceinv needs a positive definite operator"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> SpectralSums.of(dens, List.of(SpectralFunction.power(0.5))));
    assertTrue(e.getMessage().startsWith("pow:0.5 is not finite at the quadrature node"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SpectralFunction.count(2, 1));
    assertTrue(e.getMessage().contains("[2.0, 1.0]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> SpectralSums.builder(EstimatorOptions.builder().options()).confidence(1));
    assertTrue(e.getMessage().contains("got 1.0"), e.getMessage());
  }

  @Test
  void batchesPoolToTheRulesOfOneEstimate() {
    double[] d = ladder(300, 0.01);
    SpectralDensity all = density(d, 10, 12, 7);
    // A batch of runs 4..9 made as an estimate of its own (what an adaptive batch runs).
    SpectralDensity first = density(d, 4, 12, 7);
    SpectralDensity rest = SpectralDensityEstimator.builder().numRuns(6).lanczosSteps(12)
        .seed(7).build().estimate(TestOperators.diagonal(d), null, 4);
    for (int r = 0; r < 10; r++) {
      SpectralDensity part = r < 4 ? first : rest;
      int i = r < 4 ? r : r - 4;
      assertArrayEquals(all.nodes(r), part.nodes(i), "run " + r);
      assertArrayEquals(all.weights(r), part.weights(i), "run " + r);
    }
    // Without a tolerance the estimate runs numRuns runs: the sums of one estimate.
    List<SpectralFunction> fs = List.of(SpectralFunction.logDeterminant(),
        SpectralFunction.count(0.5, 1.5));
    EstimatorOptions options = SpectralDensityEstimator.builder().numRuns(10).lanczosSteps(12)
        .seed(7).threads(1).options();
    assertEquals(SpectralSums.of(all, fs), SpectralSums.builder(options).build()
        .estimate(TestOperators.diagonal(d), fs));
  }

  @Test
  void adaptiveStopsOnTheToleranceOrTheRunLimitWhateverTheThreads() {
    double[] d = ladder(150, 0.1);
    SymmetricOperator h = rotated(d);
    double exact = 0;
    for (double x : d) {
      exact += Math.log(x);
    }
    List<SpectralFunction> fs = List.of(SpectralFunction.logDeterminant());
    SpectralSum loose = null;
    for (int threads : new int[] {1, 2, 3}) {
      EstimatorOptions options = SpectralDensityEstimator.builder().numRuns(3).lanczosSteps(20)
          .seed(5).threads(threads).options();
      SpectralSum s = SpectralSums.builder(options).relativeTolerance(5e-3).maxRuns(300)
          .build()
          .estimate(h, fs).get(0);
      assertEquals(SpectralSum.Stop.TOLERANCE, s.stop(), s::toString);
      assertTrue(s.halfWidth() <= 5e-3 * Math.abs(s.estimate()), s::toString);
      assertTrue(s.runs() > 3, s::toString);
      if (loose == null) {
        loose = s;
      } else {
        assertEquals(loose, s, "threads " + threads);
      }
    }
    assertTrue(Math.abs(loose.estimate() - exact) <= 3 * loose.halfWidth(),
        loose + " vs " + exact);
    // The same runs as one estimate with that many runs.
    SpectralDensity same = density(h, loose.runs(), 20, 5);
    SpectralSum pooled = SpectralSums.of(same, fs).get(0);
    assertEquals(pooled.estimate(), loose.estimate());
    assertEquals(pooled.upper(), loose.upper());

    EstimatorOptions options = SpectralDensityEstimator.builder().numRuns(3).lanczosSteps(20)
        .seed(5).threads(1).options();
    SpectralSum tight = SpectralSums.builder(options).relativeTolerance(1e-9).maxRuns(7).build()
        .estimate(h, fs).get(0);
    assertEquals(SpectralSum.Stop.MAX_RUNS, tight.stop());
    assertEquals(7, tight.runs());
    SpectralSum absolute = SpectralSums.builder(options).absoluteTolerance(1e6).build()
        .estimate(h, fs).get(0);
    assertEquals(SpectralSum.Stop.TOLERANCE, absolute.stop());
    assertEquals(3, absolute.runs());
  }
}
