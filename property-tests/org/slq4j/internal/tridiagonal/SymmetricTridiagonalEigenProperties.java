package org.slq4j.internal.tridiagonal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slq4j.internal.tridiagonal.TridiagonalCheck.EPS;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;

/**
 * Invariants of the implicit QL solver over random symmetric tridiagonal matrices, m up to 400,
 * of several kinds (uniform, Lanczos-like, graded, small integers with ties and splits, nearly
 * split, huge and tiny scales). Tolerances are c m eps ||T|| with c a small constant, the
 * normwise backward-error bound of QL.
 */
class SymmetricTridiagonalEigenProperties {

  /** A test matrix; kind and seed make failures reproducible by reading the report. */
  record Tridiagonal(String kind, int m, long seed, double[] d, double[] e) {
    @Override
    public String toString() {
      return kind + " m=" + m + " seed=" + seed
          + (m <= 8 ? " d=" + Arrays.toString(d) + " e=" + Arrays.toString(e) : "");
    }
  }

  private static final String[] KINDS = {
    "uniform", "lanczos", "graded", "integers", "nearlySplit", "scaled"
  };

  @Provide
  Arbitrary<Tridiagonal> matrices() {
    Arbitrary<Integer> sizes = Arbitraries.integers().between(1, 400)
        .withDistribution(RandomDistribution.biased()).shrinkTowards(1);
    Arbitrary<String> kinds = Arbitraries.of(KINDS);
    Arbitrary<Long> seeds = Arbitraries.longs();
    return Combinators.combine(kinds, sizes, seeds).as(SymmetricTridiagonalEigenProperties::make);
  }

  static Tridiagonal make(String kind, int m, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] d = new double[m];
    double[] e = new double[m - 1];
    double scale = kind.equals("scaled") ? Math.scalb(1.0, r.nextInt(-1000, 1000)) : 1.0;
    for (int i = 0; i < m; i++) {
      d[i] = switch (kind) {
        case "lanczos" -> r.nextDouble();
        case "graded" -> Math.pow(10, r.nextDouble(-8, 8)) * (r.nextBoolean() ? 1 : -1);
        case "integers" -> r.nextInt(-2, 3);
        default -> r.nextDouble(-1, 1) * scale;
      };
    }
    for (int i = 0; i < m - 1; i++) {
      e[i] = switch (kind) {
        case "lanczos" -> r.nextDouble(0.01, 0.5);
        case "graded" -> r.nextDouble(-1, 1) * Math.sqrt(Math.abs(d[i] * d[i + 1]));
        case "integers" -> r.nextInt(-1, 2);
        case "nearlySplit" -> Math.pow(10, r.nextDouble(-20, 0)) * (r.nextBoolean() ? 1 : -1);
        default -> r.nextDouble(-1, 1) * scale;
      };
    }
    return new Tridiagonal(kind, m, seed, d, e);
  }

  /** (d, e, eigenvalues) multiplied by one power of two so that max |entry| is in [1, 2). */
  private static double[][] normalized(Tridiagonal t, double[] values) {
    double norm = TridiagonalCheck.maxNorm(t.d(), t.e());
    int shift = norm == 0 ? 0 : -Math.getExponent(norm);
    double[][] out = {t.d().clone(), t.e().clone(), values.clone()};
    for (double[] a : out) {
      for (int i = 0; i < a.length; i++) {
        a[i] = Math.scalb(a[i], shift);
      }
    }
    return out;
  }

  @Property(tries = 60)
  void eigenpairsHaveSmallResidualsAndOrthonormalVectors(@ForAll("matrices") Tridiagonal t) {
    Eigensystem es = SymmetricTridiagonalEigen.eigensystem(t.d(), t.e());
    TridiagonalCheck.assertEigensystemValid(t.d(), t.e(), es, 2.0);
  }

  @Property(tries = 200)
  void weightsAreNonNegativeAndSumToOne(@ForAll("matrices") Tridiagonal t) {
    GaussRule rule = SymmetricTridiagonalEigen.gaussRule(t.d(), t.e());
    TridiagonalCheck.assertRuleShape(rule, t.m());
  }

  @Property(tries = 60)
  void golubWelschModeAgreesWithFullMode(@ForAll("matrices") Tridiagonal t) {
    GaussRule rule = SymmetricTridiagonalEigen.gaussRule(t.d(), t.e());
    Eigensystem es = SymmetricTridiagonalEigen.eigensystem(t.d(), t.e());
    assertArrayEquals(es.eigenvalues(), rule.nodes());
    assertEquals(es.gaussRule(), rule, "the two modes must give the identical rule");
    for (int k = 0; k < t.m(); k++) {
      double first = es.eigenvector(k, 0);
      assertEquals(first * first, rule.weight(k), 8 * t.m() * EPS, "weight " + k);
    }
  }

  @Property(tries = 50)
  void nodesAgreeWithSturmBisection(@ForAll("matrices") Tridiagonal t) {
    double[][] n = normalized(t, SymmetricTridiagonalEigen.gaussRule(t.d(), t.e()).nodes());
    double[] truth = TridiagonalCheck.bisectionEigenvalues(n[0], n[1]);
    double tol = 2 * t.m() * EPS * TridiagonalCheck.maxNorm(n[0], n[1]);
    for (int k = 0; k < t.m(); k++) {
      assertEquals(truth[k], n[2][k], tol, "node " + k);
    }
  }

  @Property(tries = 200)
  void nodesInterlaceWithTheLeadingBlock(@ForAll("matrices") Tridiagonal t) {
    int m = t.m();
    if (m < 2) {
      return;
    }
    double[] theta = SymmetricTridiagonalEigen.gaussRule(t.d(), t.e()).nodes();
    double[] mu = SymmetricTridiagonalEigen.gaussRule(Arrays.copyOf(t.d(), m - 1),
        Arrays.copyOf(t.e(), m - 2)).nodes();
    double tol = 4 * m * EPS * TridiagonalCheck.maxNorm(t.d(), t.e());
    for (int k = 0; k < m - 1; k++) {
      assertTrue(theta[k] <= mu[k] + tol && mu[k] <= theta[k + 1] + tol,
          "Cauchy interlacing broken at " + k + ": " + theta[k] + ", " + mu[k] + ", "
              + theta[k + 1]);
    }
  }

  @Property(tries = 200)
  void traceAndFrobeniusNormArePreserved(@ForAll("matrices") Tridiagonal t) {
    double[][] n = normalized(t, SymmetricTridiagonalEigen.gaussRule(t.d(), t.e()).nodes());
    double trace = 0;
    double frobenius = 0;
    for (double x : n[0]) {
      trace += x;
      frobenius += x * x;
    }
    for (double x : n[1]) {
      frobenius += 2 * x * x;
    }
    double sum = 0;
    double squares = 0;
    for (double x : n[2]) {
      sum += x;
      squares += x * x;
    }
    double norm = TridiagonalCheck.maxNorm(n[0], n[1]);
    int m = t.m();
    assertEquals(trace, sum, 4 * m * EPS * norm, "trace");
    assertEquals(frobenius, squares, 8 * m * EPS * norm * norm * 3, "Frobenius norm squared");
  }

  @Property(tries = 100)
  void gaussRuleIsExactForPolynomialsOfDegreeBelowTwoM(@ForAll("matrices") Tridiagonal t) {
    int m = t.m();
    GaussRule rule = SymmetricTridiagonalEigen.gaussRule(t.d(), t.e());
    // Scale T so that ||T||_2 <= 1 (Gershgorin, power of two): then |theta^j| <= 1, moments are
    // bounded by ||T||^j = 1 and the tolerance is relative to ||T||^j as it should be.
    double bound = TridiagonalCheck.gershgorinNorm(t.d(), t.e());
    int shift = bound == 0 ? 0 : -Math.getExponent(bound) - 1;
    double[] d = t.d().clone();
    double[] e = t.e().clone();
    double[] x = rule.nodes();
    for (int i = 0; i < m; i++) {
      d[i] = Math.scalb(d[i], shift);
      x[i] = Math.scalb(x[i], shift);
    }
    for (int i = 0; i < m - 1; i++) {
      e[i] = Math.scalb(e[i], shift);
    }
    int maxPower = 2 * m - 1;
    double[] moments = TridiagonalCheck.firstMoments(d, e, maxPower);
    double[] power = new double[m];
    Arrays.fill(power, 1.0);
    for (int j = 0; j <= maxPower; j++) {
      double quadrature = 0;
      for (int k = 0; k < m; k++) {
        quadrature += rule.weight(k) * power[k];
        power[k] *= x[k];
      }
      double tol = 4 * (j + 1) * m * EPS;
      assertEquals(moments[j], quadrature, tol, "moment " + j);
    }
  }
}
