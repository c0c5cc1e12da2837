package org.slq4j.internal.eigen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The small dense eigensolver against matrices built from a known spectrum (A = Q D Q^T with a
 * random orthogonal Q), the thick-restart shape (arrowhead plus tridiagonal), and edge cases.
 * Invariants checked on every result: ||A y - lambda y|| and |Y^T Y - I| at the rounding level.
 */
class DenseSymmetricEigenTest {

  private static final double U = 0x1p-53;

  @Test
  void recoversAKnownSpectrumUnderARandomRotation() {
    SplittableRandom random = new SplittableRandom(1);
    for (int m : new int[] {1, 2, 3, 7, 31, 64}) {
      double[] d = new double[m];
      for (int i = 0; i < m; i++) {
        d[i] = random.nextDouble(-5, 5);
      }
      double[][] a = rotated(d, random);
      DenseSymmetricEigen.Result r = DenseSymmetricEigen.decompose(a, m);
      double[] sorted = d.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < m; i++) {
        assertEquals(sorted[i], r.values()[i], 64 * m * U * 5, "m = " + m + ", eigenvalue " + i);
      }
      checkInvariants(a, m, r);
    }
  }

  @Test
  void repeatedEigenvaluesGiveAnOrthonormalBasisOfTheEigenspace() {
    double[] d = {2, 2, 2, -1, -1, 0.5, 7, 7};
    double[][] a = rotated(d, new SplittableRandom(7));
    DenseSymmetricEigen.Result r = DenseSymmetricEigen.decompose(a, d.length);
    assertArrayEquals(new double[] {-1, -1, 0.5, 2, 2, 2, 7, 7}, r.values(), 1e-13);
    checkInvariants(a, d.length, r);
  }

  @Test
  void arrowheadFollowedByTridiagonalAsAfterAThickRestart() {
    // diag(theta) bordered by s in row/column 4, then a tridiagonal tail.
    int m = 9;
    double[][] a = new double[m][m];
    double[] theta = {5, 4.5, 4, -3};
    double[] s = {1e-3, -2e-4, 0.3, 1e-9};
    for (int i = 0; i < 4; i++) {
      a[i][i] = theta[i];
      a[i][4] = s[i];
      a[4][i] = s[i];
    }
    for (int i = 4; i < m; i++) {
      a[i][i] = 0.1 * i;
      if (i + 1 < m) {
        a[i][i + 1] = 1.0 / (i + 1);
        a[i + 1][i] = 1.0 / (i + 1);
      }
    }
    DenseSymmetricEigen.Result r = DenseSymmetricEigen.decompose(a, m);
    checkInvariants(a, m, r);
    // The trace is the sum of the eigenvalues.
    double trace = 0;
    double sum = 0;
    for (int i = 0; i < m; i++) {
      trace += a[i][i];
      sum += r.values()[i];
    }
    assertEquals(trace, sum, 1e-13);
  }

  @Test
  void readsOnlyTheLeadingBlockAndTheLowerTriangle() {
    double[][] a = {{1, 99, 99}, {2, 1, 99}, {99, 99, 99}};
    DenseSymmetricEigen.Result r = DenseSymmetricEigen.decompose(a, 2);
    assertArrayEquals(new double[] {-1, 3}, r.values(), 1e-15);
    assertEquals(99, a[0][1], "input not modified");
  }

  @Test
  void zeroAndEmptyMatrices() {
    DenseSymmetricEigen.Result z = DenseSymmetricEigen.decompose(new double[4][4], 4);
    assertArrayEquals(new double[4], z.values());
    checkInvariants(new double[4][4], 4, z);
    assertEquals(0, DenseSymmetricEigen.decompose(new double[0][0], 0).values().length);
  }

  @Test
  void refusesNonFiniteEntriesAndBadSizes() {
    double[][] a = {{1, 0}, {Double.NaN, 1}};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DenseSymmetricEigen.decompose(a, 2));
    assertTrue(e.getMessage().contains("(1, 0) = NaN"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DenseSymmetricEigen.decompose(a, 3));
  }

  /** Q diag(d) Q^T for Q from the QR factorization (Gram-Schmidt) of a random matrix. */
  static double[][] rotated(double[] d, SplittableRandom random) {
    int m = d.length;
    double[][] q = new double[m][m];
    for (int j = 0; j < m; j++) {
      for (int i = 0; i < m; i++) {
        q[j][i] = random.nextDouble(-1, 1);
      }
      for (int pass = 0; pass < 2; pass++) {
        for (int l = 0; l < j; l++) {
          double dot = 0;
          for (int i = 0; i < m; i++) {
            dot += q[l][i] * q[j][i];
          }
          for (int i = 0; i < m; i++) {
            q[j][i] -= dot * q[l][i];
          }
        }
      }
      double norm = 0;
      for (int i = 0; i < m; i++) {
        norm += q[j][i] * q[j][i];
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < m; i++) {
        q[j][i] /= norm;
      }
    }
    double[][] a = new double[m][m];
    for (int r = 0; r < m; r++) {
      for (int c = 0; c < m; c++) {
        double s = 0;
        for (int k = 0; k < m; k++) {
          s += q[k][r] * d[k] * q[k][c];
        }
        a[r][c] = s;
      }
    }
    for (int r = 0; r < m; r++) {
      for (int c = 0; c < r; c++) {
        a[c][r] = a[r][c];
      }
    }
    return a;
  }

  private static void checkInvariants(double[][] a, int m, DenseSymmetricEigen.Result r) {
    double norm = 0;
    for (int i = 0; i < m; i++) {
      double row = 0;
      for (int j = 0; j < m; j++) {
        row += Math.abs(a[i][j]);
      }
      norm = Math.max(norm, row);
    }
    double[] values = r.values();
    for (int k = 1; k < m; k++) {
      assertTrue(values[k - 1] <= values[k], "ascending");
    }
    for (int k = 0; k < m; k++) {
      double[] y = r.vectors()[k];
      double residual = 0;
      for (int i = 0; i < m; i++) {
        double s = -values[k] * y[i];
        for (int j = 0; j < m; j++) {
          s += a[i][j] * y[j];
        }
        residual = Math.max(residual, Math.abs(s));
      }
      assertTrue(residual <= 64 * m * U * Math.max(norm, 1e-300),
          "residual " + residual + " of pair " + k + ", m = " + m);
      for (int l = 0; l <= k; l++) {
        double dot = 0;
        for (int i = 0; i < m; i++) {
          dot += y[i] * r.vectors()[l][i];
        }
        assertEquals(l == k ? 1.0 : 0.0, dot, 64 * m * U, "y_" + k + " . y_" + l);
      }
    }
  }
}
