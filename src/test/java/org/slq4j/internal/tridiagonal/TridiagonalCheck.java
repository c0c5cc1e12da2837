package org.slq4j.internal.tridiagonal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Independent truths and shared invariant checks for the tridiagonal eigensolver tests and
 * properties: a Sturm-sequence bisection (a second algorithm), a BigDecimal bisection, direct
 * matrix products, and the invariants every result must satisfy.
 */
final class TridiagonalCheck {

  /** Machine epsilon 2^-52. */
  static final double EPS = Math.ulp(1.0);

  private TridiagonalCheck() {}

  /** max |entry| of T: within a factor 3 of the 2-norm, the scale of all absolute errors. */
  static double maxNorm(double[] d, double[] e) {
    double norm = 0.0;
    for (double x : d) {
      norm = Math.max(norm, Math.abs(x));
    }
    for (double x : e) {
      norm = Math.max(norm, Math.abs(x));
    }
    return norm;
  }

  /** ||T||_2 <= max_i |d_i| + |e_(i-1)| + |e_i| (Gershgorin). */
  static double gershgorinNorm(double[] d, double[] e) {
    double norm = 0.0;
    for (int i = 0; i < d.length; i++) {
      double row = Math.abs(d[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < e.length
          ? Math.abs(e[i]) : 0);
      norm = Math.max(norm, row);
    }
    return norm;
  }

  /** y = T x. */
  static double[] multiply(double[] d, double[] e, double[] x) {
    int m = d.length;
    double[] y = new double[m];
    for (int i = 0; i < m; i++) {
      double s = d[i] * x[i];
      if (i > 0) {
        s += e[i - 1] * x[i - 1];
      }
      if (i < m - 1) {
        s += e[i] * x[i + 1];
      }
      y[i] = s;
    }
    return y;
  }

  static double norm2(double[] x) {
    double s = 0.0;
    for (double v : x) {
      s += v * v;
    }
    return Math.sqrt(s);
  }

  /** Number of eigenvalues of T below x, from the signs of the LDL^T pivots of T - x I. */
  static int sturmCount(double[] d, double[] e, double x, double pivotFloor) {
    int count = 0;
    double q = 1.0;
    for (int i = 0; i < d.length; i++) {
      double off = i > 0 ? e[i - 1] * e[i - 1] / q : 0.0;
      q = d[i] - x - off;
      if (Math.abs(q) < pivotFloor) {
        q = -pivotFloor; // as LAPACK dstebz: a zero pivot counts as negative
      }
      if (q < 0) {
        count++;
      }
    }
    return count;
  }

  /** All eigenvalues by Sturm bisection, ascending; accurate to about m eps ||T||. */
  static double[] bisectionEigenvalues(double[] d, double[] e) {
    int m = d.length;
    double norm = gershgorinNorm(d, e);
    double floor = Math.max(norm * 1e-300, Double.MIN_NORMAL);
    double[] values = new double[m];
    if (norm == 0) {
      return values; // the zero matrix
    }
    for (int k = 0; k < m; k++) {
      double lo = -norm - 1e-300;
      double hi = norm + 1e-300;
      for (int it = 0; it < 2000; it++) {
        double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi) {
          break;
        }
        if (sturmCount(d, e, mid, floor) > k) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
      values[k] = 0.5 * (lo + hi);
    }
    return values;
  }

  /** Eigenvalues by BigDecimal Sturm bisection to relative precision 2^-70 (for small m). */
  static double[] bigDecimalEigenvalues(double[] d, double[] e) {
    MathContext mc = new MathContext(40);
    int m = d.length;
    BigDecimal[] bd = new BigDecimal[m];
    BigDecimal[] be2 = new BigDecimal[Math.max(m - 1, 0)];
    for (int i = 0; i < m; i++) {
      bd[i] = new BigDecimal(d[i]);
    }
    for (int i = 0; i < m - 1; i++) {
      be2[i] = new BigDecimal(e[i]).multiply(new BigDecimal(e[i]), mc);
    }
    double bound = 2 * gershgorinNorm(d, e);
    double[] values = new double[m];
    for (int k = 0; k < m; k++) {
      BigDecimal lo = new BigDecimal(-bound);
      BigDecimal hi = new BigDecimal(bound);
      BigDecimal half = new BigDecimal("0.5");
      while (true) {
        BigDecimal mid = lo.add(hi).multiply(half, mc);
        if (hi.subtract(lo).abs().compareTo(mid.abs().multiply(new BigDecimal(0x1p-70), mc)) <= 0
            || hi.subtract(lo).compareTo(new BigDecimal(Double.MIN_VALUE)) < 0) {
          values[k] = mid.doubleValue();
          break;
        }
        int count = 0;
        BigDecimal prev = BigDecimal.ONE;
        for (int i = 0; i < m; i++) {
          BigDecimal q = bd[i].subtract(mid, mc);
          if (i > 0) {
            q = q.subtract(be2[i - 1].divide(prev, mc), mc);
          }
          if (q.signum() == 0) {
            q = new BigDecimal("-1e-500");
          }
          prev = q;
          if (q.signum() < 0) {
            count++;
          }
        }
        if (count > k) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
    }
    return values;
  }

  /** e_1^T T^j e_1 for every j <= maxPower, from u = T^ceil(j/2) e_1 and v = T^floor(j/2) e_1. */
  static double[] firstMoments(double[] d, double[] e, int maxPower) {
    int m = d.length;
    int half = maxPower / 2 + 1;
    double[][] powers = new double[half + 1][];
    double[] v = new double[m];
    v[0] = 1.0;
    powers[0] = v;
    for (int j = 1; j <= half; j++) {
      powers[j] = multiply(d, e, powers[j - 1]);
    }
    double[] moments = new double[maxPower + 1];
    for (int j = 0; j <= maxPower; j++) {
      double[] a = powers[(j + 1) / 2];
      double[] b = powers[j / 2];
      double s = 0.0;
      for (int i = 0; i < m; i++) {
        s += a[i] * b[i];
      }
      moments[j] = s;
    }
    return moments;
  }

  private static double[] scaled(double[] a, int exponent) {
    double[] b = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = Math.scalb(a[i], exponent);
    }
    return b;
  }

  /** Asserts the nodes ascending, weights in [0, 1] summing to 1 within 1e-13. */
  static void assertRuleShape(GaussRule rule, int m) {
    assertEquals(m, rule.size());
    double[] x = rule.nodes();
    double[] w = rule.weights();
    double sum = 0.0;
    for (int k = 0; k < m; k++) {
      if (k > 0 && !(x[k - 1] <= x[k])) {
        fail("nodes not ascending at " + k + ": " + x[k - 1] + " > " + x[k]);
      }
      assertTrue(w[k] >= 0.0 && w[k] <= 1.0, "weight " + k + " = " + w[k]);
      sum += w[k];
    }
    if (m > 0) {
      assertEquals(1.0, sum, 1e-13, "weights sum");
    }
  }

  /**
   * Asserts ||T v_k - lambda_k v_k|| <= c m eps ||T||, ||V^T V - I||_max <= c m eps, ascending
   * eigenvalues and sign convention, and that the Golub-Welsch rule equals the full-mode rule.
   */
  static void assertEigensystemValid(double[] d, double[] e, Eigensystem es, double c) {
    int m = d.length;
    assertEquals(m, es.size());
    if (m == 0) {
      return;
    }
    // Scale by a power of two (exact) so that the products below cannot overflow or underflow.
    double raw = Math.max(maxNorm(d, e), Double.MIN_VALUE);
    int shift = -Math.getExponent(raw < Double.MIN_NORMAL ? raw * 0x1p200 : raw)
        + (raw < Double.MIN_NORMAL ? 200 : 0);
    d = scaled(d, shift);
    e = scaled(e, shift);
    double norm = maxNorm(d, e);
    double[] values = scaled(es.eigenvalues(), shift);
    double tol = c * Math.max(m, 1) * EPS;
    for (int k = 0; k < m; k++) {
      if (k > 0) {
        assertTrue(values[k - 1] <= values[k], "eigenvalues not ascending at " + k);
      }
      double[] v = es.eigenvector(k);
      double[] tv = multiply(d, e, v);
      double[] r = new double[m];
      for (int i = 0; i < m; i++) {
        r[i] = tv[i] - values[k] * v[i];
      }
      double res = norm2(r);
      assertTrue(res <= tol * norm, "residual of pair " + k + ": " + res + " > " + tol * norm);
      for (int j = 0; j <= k; j++) {
        double dot = 0.0;
        for (int i = 0; i < m; i++) {
          dot += v[i] * es.eigenvector(j, i);
        }
        double expected = j == k ? 1.0 : 0.0;
        assertEquals(expected, dot, tol, "v_" + j + " . v_" + k);
      }
    }
  }
}
