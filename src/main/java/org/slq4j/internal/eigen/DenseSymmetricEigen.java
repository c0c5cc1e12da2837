package org.slq4j.internal.eigen;

import org.slq4j.internal.tridiagonal.Eigensystem;
import org.slq4j.internal.tridiagonal.SymmetricTridiagonalEigen;

/**
 * Eigenvalues and eigenvectors of a small dense real symmetric matrix: the projected matrix of a
 * thick-restarted Lanczos run, which after a restart is an arrowhead (the kept Ritz values on
 * the diagonal, their couplings in one row and column) followed by a tridiagonal block, and is
 * no longer tridiagonal.
 *
 * <p>Householder reduction to tridiagonal form, A = Q T Q^T (Golub and Van Loan, Matrix
 * Computations, 4th ed., algorithm 8.3.1; reflectors generated as LAPACK dlarfg does), then
 * {@link SymmetricTridiagonalEigen#eigensystem} on T (implicit QL with Wilkinson shifts, capped
 * iterations) and the eigenvectors of A as Q times those of T. Every step is backward stable:
 * the eigenvalues are exact for a matrix within a small multiple of u ||A|| of A (u = 2^-53),
 * the eigenvectors orthonormal to a small multiple of u m. O(m^3) time and O(m^2) memory, so
 * meant for m up to a few hundred.
 */
final class DenseSymmetricEigen {

  /** Eigenvalues ascending; {@code vectors[k]} is the unit eigenvector of {@code values[k]}. */
  record Result(double[] values, double[][] vectors) {}

  private DenseSymmetricEigen() {}

  /**
   * Decomposes the leading m x m block of {@code a}, which must be symmetric (only its lower
   * triangle is read). {@code a} is not modified.
   *
   * @throws IllegalArgumentException if m is negative or exceeds the size of a, or an entry is
   *     NaN or infinite
   * @throws org.slq4j.NoConvergenceException if the QL iteration reaches its cap
   */
  static Result decompose(double[][] a, int m) {
    if (m < 0 || m > a.length) {
      throw new IllegalArgumentException("m = " + m + " must be in [0, " + a.length + "]");
    }
    double[][] w = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j <= i; j++) {
        double x = a[i][j];
        if (!Double.isFinite(x)) {
          throw new IllegalArgumentException("entry (" + i + ", " + j + ") = " + x
              + " is not finite");
        }
        w[i][j] = x;
        w[j][i] = x;
      }
    }
    double[] d = new double[m];
    double[] e = new double[Math.max(m - 1, 0)];
    double[][] reflectors = new double[m][];
    double[] taus = new double[m];
    tridiagonalize(w, d, e, reflectors, taus);
    Eigensystem t = SymmetricTridiagonalEigen.eigensystem(d, e);
    double[] values = t.eigenvalues();
    double[][] vectors = new double[m][];
    for (int k = 0; k < m; k++) {
      double[] z = t.eigenvector(k);
      applyQ(reflectors, taus, z);
      vectors[k] = z;
    }
    return new Result(values, vectors);
  }

  /**
   * Reduces the symmetric w (full storage, overwritten) to tridiagonal T = Q^T w Q with
   * diagonal d and off-diagonal e. Q = H_0 H_1 ... H_{m-3}, H_k = I - tau_k v_k v_k^T acting on
   * rows k+1..m-1, v_k[0] = 1 (stored in reflectors[k], tau in taus[k]; tau 0 is the identity).
   */
  private static void tridiagonalize(double[][] w, double[] d, double[] e,
      double[][] reflectors, double[] taus) {
    int m = w.length;
    double[] p = new double[m];
    for (int k = 0; k + 2 < m; k++) {
      int len = m - k - 1;
      double[] v = new double[len];
      for (int i = 0; i < len; i++) {
        v[i] = w[k + 1 + i][k];
      }
      double alpha = v[0];
      double xnorm = norm(v, 1);
      if (xnorm == 0.0) {
        // Already reduced in this column: H_k = I.
        e[k] = alpha;
        reflectors[k] = null;
        continue;
      }
      double beta = -Math.copySign(Math.hypot(alpha, xnorm), alpha);
      double tau = (beta - alpha) / beta;
      double scale = 1.0 / (alpha - beta);
      v[0] = 1.0;
      for (int i = 1; i < len; i++) {
        v[i] *= scale;
      }
      reflectors[k] = v;
      taus[k] = tau;
      e[k] = beta;
      // A22 <- H A22 H with H = I - tau v v^T: p = tau A22 v, q = p - (tau/2)(p.v) v,
      // A22 -= v q^T + q v^T.
      for (int i = 0; i < len; i++) {
        double s = 0.0;
        double[] row = w[k + 1 + i];
        for (int j = 0; j < len; j++) {
          s += row[k + 1 + j] * v[j];
        }
        p[i] = tau * s;
      }
      double pv = 0.0;
      for (int i = 0; i < len; i++) {
        pv += p[i] * v[i];
      }
      double half = 0.5 * tau * pv;
      for (int i = 0; i < len; i++) {
        p[i] -= half * v[i];
      }
      for (int i = 0; i < len; i++) {
        double[] row = w[k + 1 + i];
        double vi = v[i];
        double pi = p[i];
        for (int j = 0; j < len; j++) {
          row[k + 1 + j] -= vi * p[j] + pi * v[j];
        }
      }
    }
    for (int i = 0; i < m; i++) {
      d[i] = w[i][i];
    }
    if (m >= 2) {
      e[m - 2] = w[m - 1][m - 2];
    }
  }

  /** z &lt;- Q z = H_0 (H_1 (... H_{m-3} z)). */
  private static void applyQ(double[][] reflectors, double[] taus, double[] z) {
    for (int k = reflectors.length - 1; k >= 0; k--) {
      double[] v = reflectors[k];
      if (v == null) {
        continue;
      }
      double s = 0.0;
      for (int i = 0; i < v.length; i++) {
        s += v[i] * z[k + 1 + i];
      }
      s *= taus[k];
      for (int i = 0; i < v.length; i++) {
        z[k + 1 + i] -= s * v[i];
      }
    }
  }

  /** 2-norm of v[from..) without overflow or underflow of the squares. */
  private static double norm(double[] v, int from) {
    double max = 0.0;
    for (int i = from; i < v.length; i++) {
      max = Math.max(max, Math.abs(v[i]));
    }
    if (max == 0.0) {
      return 0.0;
    }
    double s = 0.0;
    for (int i = from; i < v.length; i++) {
      double x = v[i] / max;
      s += x * x;
    }
    return max * Math.sqrt(s);
  }
}
