package org.slq4j.internal.lanczos;

/**
 * The O(j^2) products on the heap that let the delayed reorthogonalization stream the stored
 * basis only once per step: with the upper-triangular S of V = Z S (column i of S in
 * {@code s[i]}, s[i][l] = S_{l,i} for l <= i) and with the tridiagonal T built so far.
 */
final class SmallProducts {

  private SmallProducts() {}

  /** out[0..j] = S_j x (s[i][l] = S_{l,i}, upper triangular). */
  static void sTimes(double[][] s, int j, double[] x, double[] out) {
    for (int l = 0; l <= j; l++) {
      double t = 0;
      for (int i = l; i <= j; i++) {
        t += s[i][l] * x[i];
      }
      out[l] = t;
    }
  }

  /** out[0..j] = S_j^T x. */
  static void sTransposeTimes(double[][] s, int j, double[] x, double[] out) {
    for (int i = 0; i <= j; i++) {
      double t = 0;
      for (int l = 0; l <= i; l++) {
        t += s[i][l] * x[l];
      }
      out[i] = t;
    }
  }

  /** out[0..j] = T_{j+1,j} x for x[0..j) (rows 0..j of the tridiagonal times x). */
  static void tridiagonalTimes(double[] alpha, double[] beta, double[] x, int j, double[] out) {
    for (int i = 0; i <= j; i++) {
      double t = 0;
      if (i >= 1) {
        t += beta[i - 1] * x[i - 1];
      }
      if (i < j) {
        t += alpha[i] * x[i];
      }
      if (i + 1 < j) {
        t += beta[i] * x[i + 1];
      }
      out[i] = t;
    }
  }

  /** x^T T_j x for the leading j x j block of T. */
  static double quadraticForm(double[] alpha, double[] beta, double[] x, int j) {
    double t = 0;
    for (int i = 0; i < j; i++) {
      t += alpha[i] * x[i] * x[i];
      if (i + 1 < j) {
        t += 2 * beta[i] * x[i] * x[i + 1];
      }
    }
    return t;
  }
}
