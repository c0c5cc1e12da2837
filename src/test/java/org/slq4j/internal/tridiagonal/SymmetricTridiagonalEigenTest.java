package org.slq4j.internal.tridiagonal;

import org.slq4j.NoConvergenceException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slq4j.internal.tridiagonal.TridiagonalCheck.EPS;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Scenario tests of the implicit QL solver against closed forms and independent algorithms. */
class SymmetricTridiagonalEigenTest {

  private static double[] filled(int n, double value) {
    double[] a = new double[n];
    Arrays.fill(a, value);
    return a;
  }

  /** Both modes, shape checks, eigensystem checks, and Golub-Welsch == full mode. */
  private static GaussRule solveAndCheck(double[] d, double[] e) {
    double[] d0 = d.clone();
    double[] e0 = e.clone();
    GaussRule rule = SymmetricTridiagonalEigen.gaussRule(d, e);
    Eigensystem es = SymmetricTridiagonalEigen.eigensystem(d, e);
    assertArrayEquals(d0, d, "diagonal modified");
    assertArrayEquals(e0, e, "offDiagonal modified");
    TridiagonalCheck.assertRuleShape(rule, d.length);
    TridiagonalCheck.assertEigensystemValid(d, e, es, 4.0);
    // Same rotations in both modes, so the rules agree to the last bit.
    assertEquals(es.gaussRule(), rule, "Golub-Welsch mode differs from full mode");
    assertArrayEquals(es.eigenvalues(), rule.nodes());
    return rule;
  }

  // ---- closed forms ---------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 7, 10, 33, 80, 200})
  void toeplitzOneTwoOneMatchesClosedForm(int m) {
    for (double sign : new double[] {-1.0, 1.0}) {
      double[] d = filled(m, 2.0);
      double[] e = filled(m - 1, sign);
      GaussRule rule = solveAndCheck(d, e);
      Eigensystem es = SymmetricTridiagonalEigen.eigensystem(d, e);
      double h = Math.PI / (m + 1);
      for (int k = 0; k < m; k++) {
        // Eigenvalue k is 2 - 2 cos((k+1) h) for both signs, vector sin((i+1)(k+1) h) for
        // e = -1 and the same with alternating signs for e = +1.
        int j = k + 1;
        double exact = 2.0 - 2.0 * Math.cos(j * h);
        assertEquals(exact, rule.node(k), 2 * Math.sqrt(m) * EPS * 4, "node " + k);
        double gap = 2 * Math.sin(h) * Math.sin(h / 2) + 1e-300; // lower bound of the spacing
        double wExact = 2.0 / (m + 1) * Math.pow(Math.sin(j * h), 2);
        assertEquals(wExact, rule.weight(k), 8 * m * EPS * 4 / gap * 1e-2 + 8 * EPS,
            "weight " + k);
        for (int i = 0; i < m; i++) {
          double v = Math.sqrt(2.0 / (m + 1)) * Math.sin((i + 1) * j * h)
              * (sign < 0 || i % 2 == 0 ? 1 : -1);
          assertEquals(v, es.eigenvector(k, i), 8 * EPS * 4 / gap * 1e-1 + 8 * EPS,
              "vector " + k + " component " + i);
        }
      }
    }
  }

  /** Legendre P_m and its derivative at x by the three-term recurrence. */
  private static double[] legendre(int m, double x) {
    double p0 = 1.0;
    double p1 = x;
    if (m == 0) {
      return new double[] {1.0, 0.0};
    }
    for (int n = 2; n <= m; n++) {
      double p2 = ((2 * n - 1) * x * p1 - (n - 1) * p0) / n;
      p0 = p1;
      p1 = p2;
    }
    double derivative = m * (x * p1 - p0) / (x * x - 1.0);
    return new double[] {p1, derivative};
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 5, 20, 64, 150})
  void gaussLegendreJacobiMatrixGivesLegendreRule(int m) {
    double[] d = new double[m];
    double[] e = new double[m - 1];
    for (int k = 1; k < m; k++) {
      e[k - 1] = k / Math.sqrt(4.0 * k * k - 1.0);
    }
    GaussRule rule = solveAndCheck(d, e);
    double previous = -1.0;
    for (int k = 0; k < m; k++) {
      double x = rule.node(k);
      // One Newton step on P_m moves x by less than a few ulps: x is (next to) a root of P_m; the
      // m nodes are distinct and further apart than that, so they are all the roots.
      double[] p = legendre(m, x);
      double step = p[0] / p[1];
      assertTrue(Math.abs(step) <= 2 * Math.sqrt(m) * EPS,
          "node " + k + " = " + x + ", Newton step " + step);
      assertTrue(x - previous > 1e-3 / m / m, "nodes " + (k - 1) + ", " + k + " not distinct");
      previous = x;
      double root = x - step;
      double[] q = legendre(m, root);
      // Gauss-Legendre weight 2 / ((1 - x^2) P_m'(x)^2), divided by the mass 2 of [-1, 1].
      double w = 1.0 / ((1.0 - root * root) * q[1] * q[1]);
      assertEquals(w, rule.weight(k), 4 * m * EPS * w + 4 * EPS, "weight " + k);
    }
  }

  @Test
  void legendreSmallRulesMatchTables() {
    GaussRule two = SymmetricTridiagonalEigen.gaussRule(new double[2],
        new double[] {1 / Math.sqrt(3)});
    assertEquals(-1 / Math.sqrt(3), two.node(0), 2 * EPS);
    assertEquals(1 / Math.sqrt(3), two.node(1), 2 * EPS);
    assertEquals(0.5, two.weight(0), 2 * EPS);
    GaussRule three = SymmetricTridiagonalEigen.gaussRule(new double[3],
        new double[] {1 / Math.sqrt(3), 2 / Math.sqrt(15)});
    assertEquals(-Math.sqrt(0.6), three.node(0), 2 * EPS);
    assertEquals(0.0, three.node(1), 2 * EPS);
    assertEquals(Math.sqrt(0.6), three.node(2), 2 * EPS);
    assertEquals(5.0 / 18, three.weight(0), 4 * EPS);
    assertEquals(8.0 / 18, three.weight(1), 4 * EPS);
    assertEquals(5.0 / 18, three.weight(2), 4 * EPS);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 6, 31, 100})
  void gaussHermiteJacobiMatrixGivesHermiteRule(int m) {
    double[] d = new double[m];
    double[] e = new double[m - 1];
    for (int k = 1; k < m; k++) {
      e[k - 1] = Math.sqrt(k / 2.0);
    }
    GaussRule rule = solveAndCheck(d, e);
    double previous = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < m; k++) {
      double x = rule.node(k);
      // Orthonormal Hermite polynomials for the normalized weight exp(-x^2)/sqrt(pi):
      // p_j = x sqrt(2/j) p_(j-1) - sqrt((j-1)/j) p_(j-2). The Christoffel number
      // 1 / sum_(j<m) p_j(x)^2 is the normalized Gauss weight; p_m(x) = 0 at the nodes.
      double root = x;
      double sum = 0;
      for (int pass = 0; pass < 2; pass++) {
        double pm2 = 0.0;
        double pm1 = 1.0;
        sum = 1.0;
        for (int j = 1; j <= m; j++) {
          double pj = root * Math.sqrt(2.0 / j) * pm1 - Math.sqrt((j - 1.0) / j) * pm2;
          pm2 = pm1;
          pm1 = pj;
          if (j < m) {
            sum += pj * pj;
          }
        }
        double derivative = Math.sqrt(2.0 * m) * pm2; // p_m' = sqrt(2m) p_(m-1)
        double step = pm1 / derivative;
        if (pass == 0) {
          assertTrue(Math.abs(step) <= 2 * Math.sqrt(m) * EPS * Math.sqrt(m / 2.0),
              "node " + k + " = " + x + ", Newton step " + step);
          root = x - step;
        }
      }
      assertTrue(x > previous, "nodes not distinct at " + k);
      previous = x;
      double w = 1.0 / sum;
      assertEquals(w, rule.weight(k), 4 * m * EPS * w + 8 * EPS, "weight " + k);
    }
  }

  // ---- hard spectra ---------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {21, 41})
  void wilkinsonPlusMatrixResolvesItsClosePairs(int m) {
    double[] d = new double[m];
    for (int i = 0; i < m; i++) {
      d[i] = Math.abs((m - 1) / 2 - i);
    }
    double[] e = filled(m - 1, 1.0);
    GaussRule rule = solveAndCheck(d, e);
    double[] truth = TridiagonalCheck.bisectionEigenvalues(d, e);
    double norm = TridiagonalCheck.maxNorm(d, e);
    for (int k = 0; k < m; k++) {
      assertEquals(truth[k], rule.node(k), 2 * Math.sqrt(m) * EPS * norm, "node " + k);
    }
    if (m == 21) {
      // Wilkinson (1965): the two largest eigenvalues of W21+ agree to about 14 digits.
      assertEquals(10.746194182903393, rule.node(20), 8 * EPS * norm);
      assertEquals(10.746194182903322, rule.node(19), 8 * EPS * norm);
      assertTrue(rule.node(20) > rule.node(19), "close pair merged");
    }
    // The eigensystem check above also asserted that the close pairs' vectors stay orthogonal.
  }

  @Test
  void zeroOffDiagonalSplitsImmediately() {
    double[] d = {3.5, -1.0, 2.0, 0.0, -7.25};
    double[] e = new double[4];
    GaussRule rule = solveAndCheck(d, e);
    assertArrayEquals(new double[] {-7.25, -1.0, 0.0, 2.0, 3.5}, rule.nodes());
    assertArrayEquals(new double[] {0, 0, 0, 0, 1}, rule.weights());
    // Also with a zero iteration budget: no iteration is needed.
    assertEquals(rule, SymmetricTridiagonalEigen.gaussRule(d, e, 0));
  }

  @Test
  void repeatedEigenvaluesFromIdenticalBlocks() {
    // blockdiag(A, A, A) with A the 4 x 4 (1, 2, 1) matrix: each eigenvalue three times.
    double[] d = filled(12, 2.0);
    double[] e = filled(11, 1.0);
    e[3] = 0.0;
    e[7] = 0.0;
    GaussRule rule = solveAndCheck(d, e);
    double h = Math.PI / 5;
    for (int k = 0; k < 12; k++) {
      double exact = 2 - 2 * Math.cos((k / 3 + 1) * h);
      assertEquals(exact, rule.node(k), 8 * EPS, "node " + k);
    }
    // Only the first block carries weight: 2/5 sin^2(j h) on each distinct value, once.
    double total = 0;
    for (int j = 1; j <= 4; j++) {
      double wj = 0;
      for (int k = 0; k < 12; k++) {
        if (Math.abs(rule.node(k) - (2 - 2 * Math.cos(j * h))) < 1e-12) {
          wj += rule.weight(k);
        }
      }
      assertEquals(0.4 * Math.pow(Math.sin(j * h), 2), wj, 8 * EPS);
      total += wj;
    }
    assertEquals(1.0, total, 8 * EPS);
  }

  @Test
  void allEqualDiagonalIsAShiftedToeplitzMatrix() {
    int m = 50;
    for (double c : new double[] {0.0, -3.0, 1e6}) {
      GaussRule rule = solveAndCheck(filled(m, c), filled(m - 1, 1.0));
      for (int k = 0; k < m; k++) {
        double exact = c - 2 * Math.cos((k + 1) * Math.PI / (m + 1));
        assertEquals(exact, rule.node(k), 8 * EPS * (Math.abs(c) + 2), "c = " + c + ", node " + k);
      }
    }
    GaussRule identity = solveAndCheck(filled(m, 4.0), new double[m - 1]);
    assertArrayEquals(filled(m, 4.0), identity.nodes());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void gradedMatrixKeepsItsSmallEigenvaluesAccurate(boolean increasing) {
    int m = 25;
    double[] d = new double[m];
    double[] e = new double[m - 1];
    for (int i = 0; i < m; i++) {
      int g = increasing ? i : m - 1 - i;
      d[i] = Math.pow(10, -12 + g); // 1e-12 .. 1e12
    }
    for (int i = 0; i < m - 1; i++) {
      e[i] = 0.3 * Math.sqrt(d[i] * d[i + 1]);
    }
    GaussRule rule = solveAndCheck(d, e);
    double[] truth = TridiagonalCheck.bigDecimalEigenvalues(d, e);
    for (int k = 0; k < m; k++) {
      // Graded matrices determine their eigenvalues to high relative accuracy; QL chasing from
      // the small end keeps it (dsteqr's QL/QR choice).
      assertEquals(truth[k], rule.node(k), 64 * EPS * Math.abs(truth[k]), "node " + k);
    }
  }

  @Test
  void tinyAndHugeScalesNeitherOverflowNorUnderflow() {
    int m = 40;
    double h = Math.PI / (m + 1);
    for (double scale : new double[] {1e-300, 1e-310, 1e300, 1e307, 0x1p1020}) {
      double[] d = filled(m, 2 * scale);
      double[] e = filled(m - 1, scale);
      GaussRule rule = solveAndCheck(d, e);
      double relTol = scale < Double.MIN_NORMAL ? 1e-8 : 16 * EPS; // subnormal input precision
      for (int k = 0; k < m; k++) {
        double exact = (2 - 2 * Math.cos((m - k) * h)) * scale;
        double ascending = (2 + 2 * Math.cos((m - k) * h)) * scale;
        assertEquals(ascending, rule.node(k), relTol * 4 * scale, "scale " + scale + " " + k);
        assertTrue(exact > 0);
        double w = 2.0 / (m + 1) * Math.pow(Math.sin((m - k) * h), 2);
        assertEquals(w, rule.weight(k), 1e-13, "scale " + scale + " weight " + k);
      }
    }
  }

  @Test
  void blocksOfWildlyDifferentScaleAreScaledSeparately() {
    double[] d = {2e-300, 2e-300, 2e-300, 2e300, 2e300};
    double[] e = {1e-300, 1e-300, 0.0, 1e300};
    GaussRule rule = solveAndCheck(d, e);
    double s2 = Math.sqrt(2);
    double[] expected = {(2 - s2) * 1e-300, 2e-300, (2 + s2) * 1e-300, 1e300, 3e300};
    for (int k = 0; k < 5; k++) {
      assertEquals(expected[k], rule.node(k), 8 * EPS * Math.abs(expected[k]), "node " + k);
    }
    assertArrayEquals(new double[] {0.25, 0.5, 0.25, 0, 0}, rule.weights(), 4 * EPS);
  }

  // ---- small sizes ----------------------------------------------------------------------------

  @Test
  void emptyMatrix() {
    GaussRule rule = SymmetricTridiagonalEigen.gaussRule(new double[0], new double[0]);
    assertEquals(0, rule.size());
    assertEquals(0, SymmetricTridiagonalEigen.eigensystem(new double[0], new double[0]).size());
  }

  @Test
  void oneByOne() {
    GaussRule rule = solveAndCheck(new double[] {-2.5}, new double[0]);
    assertArrayEquals(new double[] {-2.5}, rule.nodes());
    assertArrayEquals(new double[] {1.0}, rule.weights());
  }

  @Test
  void twoByTwoMatchesClosedForm() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 200; trial++) {
      double a = random.nextDouble(-5, 5);
      double b = random.nextDouble(-5, 5);
      double c = random.nextDouble(-5, 5);
      GaussRule rule = solveAndCheck(new double[] {a, b}, new double[] {c});
      double mean = 0.5 * (a + b);
      double radius = Math.hypot(0.5 * (a - b), c);
      assertEquals(mean - radius, rule.node(0), 8 * EPS * 10);
      assertEquals(mean + radius, rule.node(1), 8 * EPS * 10);
      // Eigenvector (c, lambda - a): first component squared over the norm squared. Use the
      // stabler of the two equivalent forms: w_0 = (1 - cos 2phi) / 2 with cos 2phi = (a-b)/2r.
      double cos2phi = 0.5 * (a - b) / radius;
      double w0 = 0.5 * (1 - cos2phi);
      assertEquals(w0, rule.weight(0), 16 * EPS, "a=" + a + " b=" + b + " c=" + c);
      assertEquals(1 - w0, rule.weight(1), 16 * EPS);
    }
  }

  @Test
  void threeByThree() {
    // [[1,1,0],[1,1,1],[0,1,1]]: eigenvalues 1 - sqrt2, 1, 1 + sqrt2; first components
    // (1/2, -1/sqrt2, 1/2).
    GaussRule rule = solveAndCheck(new double[] {1, 1, 1}, new double[] {1, 1});
    assertArrayEquals(new double[] {1 - Math.sqrt(2), 1, 1 + Math.sqrt(2)}, rule.nodes(),
        8 * EPS);
    assertArrayEquals(new double[] {0.25, 0.5, 0.25}, rule.weights(), 8 * EPS);
  }

  // ---- failure paths --------------------------------------------------------------------------

  @Test
  void iterationCapThrowsAClearException() {
    int m = 50;
    double[] d = filled(m, 2.0);
    double[] e = filled(m - 1, 1.0);
    NoConvergenceException ex = assertThrows(NoConvergenceException.class,
        () -> SymmetricTridiagonalEigen.gaussRule(d, e, 1));
    assertEquals(m, ex.totalIterations());
    assertTrue(ex.iterations() >= 0 && ex.eigenvalueIndex() >= 0 && ex.eigenvalueIndex() < m);
    assertTrue(ex.getMessage().contains("eigenvalue " + ex.eigenvalueIndex() + " of 50"),
        ex.getMessage());
    assertTrue(ex.getMessage().contains("cap of 50"), ex.getMessage());
    assertThrows(NoConvergenceException.class,
        () -> SymmetricTridiagonalEigen.eigensystem(d, e, 0));
    assertTrue(ex instanceof ArithmeticException);
  }

  @Test
  void invalidInputIsRejectedWithTheIndex() {
    IllegalArgumentException ex;
    ex = assertThrows(IllegalArgumentException.class,
        () -> SymmetricTridiagonalEigen.gaussRule(null, new double[0]));
    assertTrue(ex.getMessage().contains("diagonal"), ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class,
        () -> SymmetricTridiagonalEigen.eigensystem(new double[1], null));
    assertTrue(ex.getMessage().contains("offDiagonal"), ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class,
        () -> SymmetricTridiagonalEigen.gaussRule(new double[3], new double[3]));
    assertTrue(ex.getMessage().contains("2") && ex.getMessage().contains("was 3"),
        ex.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> SymmetricTridiagonalEigen.gaussRule(new double[0], new double[1]));
    assertThrows(IllegalArgumentException.class,
        () -> SymmetricTridiagonalEigen.gaussRule(new double[1], new double[1]));
    ex = assertThrows(IllegalArgumentException.class,
        () -> SymmetricTridiagonalEigen.gaussRule(new double[] {1, Double.NaN, 2},
            new double[2]));
    assertTrue(ex.getMessage().contains("diagonal[1] = NaN"), ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class,
        () -> SymmetricTridiagonalEigen.eigensystem(new double[3],
            new double[] {0, Double.NEGATIVE_INFINITY}));
    assertTrue(ex.getMessage().contains("offDiagonal[1] = -Infinity"), ex.getMessage());
  }

  @Test
  void resultsAreImmutable() {
    GaussRule rule = SymmetricTridiagonalEigen.gaussRule(new double[] {1, 2}, new double[] {1});
    rule.nodes()[0] = 99;
    rule.weights()[0] = 99;
    assertTrue(rule.node(0) < 2 && rule.weight(0) < 1);
    Eigensystem es = SymmetricTridiagonalEigen.eigensystem(new double[] {1, 2},
        new double[] {1});
    es.eigenvalues()[0] = 99;
    es.eigenvector(0)[0] = 99;
    assertTrue(es.eigenvalue(0) < 2 && Math.abs(es.eigenvector(0, 0)) <= 1);
  }
}
