package org.slq4j.internal.tridiagonal;

import static org.slq4j.internal.tridiagonal.SymmetricTridiagonalEigen.UNIT_ROUNDOFF;

/**
 * From a diagonalized T to the solver's output: the Gauss weights and normalized, signed
 * eigenvectors, each checked against the rounding bound of the rotations so that
 * renormalization can never hide an error, and the ascending order of the eigenvalues.
 */
final class EigenOutput {

  private EigenOutput() {}

  /**
   * Weights w_k = z_k^2 / s from the first-row components z, s = sum z_k^2 (Neumaier-compensated).
   * Every rotation keeps the 2-norm of z up to about 6 u of its pair's mass, so a sweep changes
   * s by at most about 12 u; |s - 1| > 16 u (sweeps + m) therefore means a bug, not rounding.
   */
  static double[] weights(double[] z, long sweeps) {
    int m = z.length;
    double[] w = new double[m];
    if (m == 0) {
      return w;
    }
    double sum = 0.0;
    double compensation = 0.0;
    for (int k = 0; k < m; k++) {
      double x = z[k] * z[k];
      w[k] = x;
      double t = sum + x;
      compensation += Math.abs(sum) >= x ? (sum - t) + x : (x - t) + sum;
      sum = t;
    }
    sum += compensation;
    double tolerance = 16.0 * UNIT_ROUNDOFF * (sweeps + m);
    if (!(Math.abs(sum - 1.0) <= tolerance)) {
      throw new IllegalStateException("first-row squares sum to " + sum + ", |sum - 1| = "
          + Math.abs(sum - 1.0) + " exceeds the rounding bound " + tolerance
          + ": the rotations lost orthogonality");
    }
    for (int k = 0; k < m; k++) {
      w[k] /= sum;
    }
    return w;
  }

  /**
   * Divides v by its 2-norm, which differs from 1 only by the rounding of the rotations (same
   * bound as {@link #weights}); a larger deviation throws instead of being hidden.
   */
  static void normalize(double[] v, long sweeps) {
    double sum = 0.0;
    for (double x : v) {
      sum += x * x;
    }
    double tolerance = 16.0 * UNIT_ROUNDOFF * (sweeps + v.length);
    if (!(Math.abs(sum - 1.0) <= tolerance)) {
      throw new IllegalStateException("eigenvector norm^2 " + sum + " deviates from 1 by more "
          + "than the rounding bound " + tolerance + ": the rotations lost orthogonality");
    }
    double scale = 1.0 / Math.sqrt(sum);
    for (int i = 0; i < v.length; i++) {
      v[i] *= scale;
    }
  }

  /** Makes the first nonzero component positive (eigenvectors are defined up to sign). */
  static void fixSign(double[] v) {
    for (double x : v) {
      if (x != 0.0) {
        if (x < 0.0) {
          for (int i = 0; i < v.length; i++) {
            v[i] = -v[i];
          }
        }
        return;
      }
    }
  }

  /** Indices that sort d ascending (stable merge sort; equal values keep their order). */
  static int[] ascendingOrder(double[] d) {
    int m = d.length;
    int[] order = new int[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    int[] buffer = new int[m];
    for (int width = 1; width < m; width *= 2) {
      for (int start = 0; start < m - width; start += 2 * width) {
        int mid = start + width;
        int end = Math.min(start + 2 * width, m);
        if (d[order[mid - 1]] <= d[order[mid]]) {
          continue; // already in order: QL often leaves long sorted runs
        }
        int i = start;
        int j = mid;
        int k = start;
        while (i < mid && j < end) {
          buffer[k++] = d[order[j]] < d[order[i]] ? order[j++] : order[i++];
        }
        while (i < mid) {
          buffer[k++] = order[i++];
        }
        while (j < end) {
          buffer[k++] = order[j++];
        }
        System.arraycopy(buffer, start, order, start, end - start);
      }
    }
    return order;
  }}
