package org.slq4j.internal.lanczos;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A second algorithm for the Lanczos tests: the textbook recurrence in plain double arrays,
 * with immediate reorthogonalization against a window of recent vectors (or all of them).
 */
final class TextbookLanczos {

  private TextbookLanczos() {}

  /** The Rademacher start vector of {@code seed} as a plain array. */
  static double[] start(int n, long seed) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate((long) n * Double.BYTES, 64);
      StartVectors.rademacher(seed, s, n);
      double[] v = new double[n];
      MemorySegment.copy(s, ValueLayout.JAVA_DOUBLE, 0, v, 0, n);
      return v;
    }
  }

  /**
   * {alpha[0..m), beta[0..m-1)} by Lanczos on the dense matrix a from start, reorthogonalizing
   * each new vector at once by modified Gram-Schmidt, applied twice, against the last
   * {@code window} vectors (all of them when window >= m).
   */
  static double[][] run(double[][] a, double[] start, int m, int window) {
    int n = start.length;
    double[][] v = new double[m + 1][];
    double norm = 0;
    for (double x : start) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    v[0] = new double[n];
    for (int i = 0; i < n; i++) {
      v[0][i] = start[i] / norm;
    }
    double[] alpha = new double[m];
    double[] beta = new double[m - 1];
    for (int j = 0; j < m; j++) {
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int l = 0; l < n; l++) {
          s += a[i][l] * v[j][l];
        }
        w[i] = s;
      }
      double al = 0;
      for (int i = 0; i < n; i++) {
        al += w[i] * v[j][i];
      }
      for (int i = 0; i < n; i++) {
        w[i] -= al * v[j][i] + (j > 0 ? beta[j - 1] * v[j - 1][i] : 0);
      }
      for (int pass = 0; pass < 2; pass++) {
        for (int l = Math.max(0, j - window + 1); l <= j; l++) {
          double d = 0;
          for (int i = 0; i < n; i++) {
            d += v[l][i] * w[i];
          }
          for (int i = 0; i < n; i++) {
            w[i] -= d * v[l][i];
          }
          if (l == j) {
            al += d;
          }
        }
      }
      alpha[j] = al;
      if (j == m - 1) {
        break;
      }
      double b = 0;
      for (double x : w) {
        b += x * x;
      }
      b = Math.sqrt(b);
      beta[j] = b;
      v[j + 1] = new double[n];
      for (int i = 0; i < n; i++) {
        v[j + 1][i] = w[i] / b;
      }
    }
    return new double[][] {alpha, beta};
  }
}
