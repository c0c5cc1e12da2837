package org.slq4j.internal.tridiagonal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.slq4j.internal.tridiagonal.TridiagonalCheck.EPS;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The root-free QL sweep's two paths and its range: the textbook step taken when pi = 0, squares
 * of off-diagonals that underflow, and exact power-of-two homogeneity up to the scaling bounds,
 * each against an independent truth (Sturm bisection, closed forms, Gauss exactness).
 */
class RootFreeSweepTest {

  /** Nodes against BigDecimal bisection, both modes, and the rule exact for degree < 2m. */
  private static GaussRule checkAgainstTruth(double[] d, double[] e) {
    int m = d.length;
    GaussRule rule = SymmetricTridiagonalEigen.gaussRule(d, e);
    Eigensystem es = SymmetricTridiagonalEigen.eigensystem(d, e);
    TridiagonalCheck.assertRuleShape(rule, m);
    TridiagonalCheck.assertEigensystemValid(d, e, es, 4.0);
    assertEquals(es.gaussRule(), rule, "Golub-Welsch mode differs from full mode");
    double norm = TridiagonalCheck.maxNorm(d, e);
    double[] truth = TridiagonalCheck.bigDecimalEigenvalues(d, e);
    for (int k = 0; k < m; k++) {
      assertEquals(truth[k], rule.node(k), 4 * Math.sqrt(m) * EPS * norm, "node " + k);
    }
    // ||T|| <= 3 here: scale by 1/4 (exact) so that all powers stay below 1.
    double[] ds = d.clone();
    double[] es2 = e.clone();
    double[] x = rule.nodes();
    for (int i = 0; i < m; i++) {
      ds[i] *= 0.25;
      x[i] *= 0.25;
    }
    for (int i = 0; i < m - 1; i++) {
      es2[i] *= 0.25;
    }
    double[] moments = TridiagonalCheck.firstMoments(ds, es2, 2 * m - 1);
    double[] power = new double[m];
    java.util.Arrays.fill(power, 1.0);
    for (int j = 0; j < 2 * m; j++) {
      double quadrature = 0;
      for (int k = 0; k < m; k++) {
        quadrature += rule.weight(k) * power[k];
        power[k] *= x[k];
      }
      assertEquals(moments[j], quadrature, 4 * (j + 1) * m * EPS, "moment " + j);
    }
    return rule;
  }

  @Test
  void zeroPiTakesTheTextbookStep() {
    // Top 2 x 2 block [[0, 1], [1, 0]]: g = 0, the Wilkinson shift is exactly -1, and with
    // d[m-1] = -1 the first sweep starts with pi = d[m-1] - sigma = 0 (P = 0 < 2^-300): its first
    // rotation (c = 0, s = 1, a swap) comes from the textbook step, the rest from the root-free one.
    // |d[m-1]| > |d[0]|, so the block is not reversed.
    GaussRule three = checkAgainstTruth(new double[] {0, 0, -1}, new double[] {1, 0.5});
    // 3 x 3 closed form: the eigenvector of lambda is (1, lambda, (lambda^2 - 1) / 0.5)
    // (three-term recurrence from the first row), so w = 1 / (1 + lambda^2 + 4 (lambda^2 - 1)^2).
    for (int k = 0; k < 3; k++) {
      double x = three.node(k);
      double w = 1.0 / (1 + x * x + 4 * (x * x - 1) * (x * x - 1));
      assertEquals(w, three.weight(k), 16 * EPS, "weight " + k);
    }
    SplittableRandom random = new SplittableRandom(31);
    for (int trial = 0; trial < 20; trial++) {
      int m = 4 + random.nextInt(30);
      double[] d = new double[m];
      double[] e = new double[m - 1];
      for (int i = 2; i < m - 1; i++) {
        d[i] = random.nextDouble(-1, 1);
      }
      d[m - 1] = -1.0;
      e[0] = 1.0;
      for (int i = 1; i < m - 1; i++) {
        e[i] = random.nextDouble(0.1, 1) * (random.nextBoolean() ? 1 : -1);
      }
      checkAgainstTruth(d, e);
    }
  }

  @Test
  void offDiagonalsWhoseSquaresUnderflow() {
    // e[1] = 1e-170 is not negligible (its diagonal neighbours are 0) but e[1]^2 underflows to 0.
    // T is then blockdiag(A, A), A = [[1, 1/2], [1/2, 0]], up to 1e-170: each eigenvalue of A
    // twice, and only the first copy of A carries weight, 1/2 + 1/(2 sqrt 2) and 1/2 - ...
    // on its larger and smaller eigenvalue (first components of A's eigenvectors squared).
    double tiny = 1e-170;
    double[] d = {1, 0, 0, 1};
    double[] e = {0.5, tiny, 0.5};
    GaussRule rule = SymmetricTridiagonalEigen.gaussRule(d, e);
    TridiagonalCheck.assertRuleShape(rule, 4);
    assertEquals(SymmetricTridiagonalEigen.eigensystem(d, e).gaussRule(), rule);
    double radius = Math.sqrt(0.5);
    double[] expected = {0.5 - radius, 0.5 - radius, 0.5 + radius, 0.5 + radius};
    assertArrayEquals(expected, rule.nodes(), 4 * EPS);
    double small = rule.weight(0) + rule.weight(1);
    double large = rule.weight(2) + rule.weight(3);
    assertEquals(0.5 - 0.5 / Math.sqrt(2), small, 8 * EPS);
    assertEquals(0.5 + 0.5 / Math.sqrt(2), large, 8 * EPS);
  }

  @ParameterizedTest
  @ValueSource(ints = {-99, -60, -1, 1, 60, 99})
  void powersOfTwoUpToTheScalingBoundsScaleTheRuleExactly(int exponent) {
    // Blocks with entries inside [2^-100, 2^100] are iterated unscaled: the root-free recurrence
    // then forms P ~ 2^(2k), R P ~ 2^(4k) and N^2 ~ 2^(6k). Power-of-two scaling commutes with
    // every rounding as long as nothing overflows or underflows, so the rule of 2^k T must be the
    // rule of T with nodes times 2^k, bit for bit; an overflow, an underflow or a different path
    // would break that.
    SplittableRandom random = new SplittableRandom(exponent + 1000);
    for (int trial = 0; trial < 5; trial++) {
      int m = 20 + random.nextInt(80);
      double[] d = new double[m];
      double[] e = new double[m - 1];
      for (int i = 0; i < m; i++) {
        d[i] = random.nextDouble(-1, 1);
      }
      for (int i = 0; i < m - 1; i++) {
        e[i] = random.nextDouble(-1, 1);
      }
      GaussRule rule = SymmetricTridiagonalEigen.gaussRule(d, e);
      double[] ds = d.clone();
      double[] es = e.clone();
      for (int i = 0; i < m; i++) {
        ds[i] = Math.scalb(ds[i], exponent);
      }
      for (int i = 0; i < m - 1; i++) {
        es[i] = Math.scalb(es[i], exponent);
      }
      GaussRule scaled = SymmetricTridiagonalEigen.gaussRule(ds, es);
      double[] nodes = rule.nodes();
      for (int k = 0; k < m; k++) {
        nodes[k] = Math.scalb(nodes[k], exponent);
      }
      assertArrayEquals(nodes, scaled.nodes(), "nodes, trial " + trial);
      assertArrayEquals(rule.weights(), scaled.weights(), "weights, trial " + trial);
    }
  }
}
