package org.slq4j.operators;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.slq4j.SymmetricOperator;

/** Plain double[][] references for the operator tests. */
final class OperatorTestSupport {

  private OperatorTestSupport() {}

  static double[] reference(double[][] a, double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < a.length; i++) {
      double s = 0;
      for (int j = 0; j < x.length; j++) {
        s += a[i][j] * x[j];
      }
      y[i] = s;
    }
    return y;
  }

  /** Error bound of a length-n dot product: n * eps * sum |a_ij x_j| per row (Higham 3.1). */
  static double[] bound(double[][] a, double[] x) {
    double[] b = new double[x.length];
    for (int i = 0; i < a.length; i++) {
      double s = 0;
      for (int j = 0; j < x.length; j++) {
        s += Math.abs(a[i][j] * x[j]);
      }
      b[i] = (x.length + 2) * 0x1p-52 * s + Double.MIN_NORMAL;
    }
    return b;
  }

  static double[] apply(SymmetricOperator op, double[] x) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment xs = arena.allocate((long) x.length * 8, 64);
      MemorySegment ys = arena.allocate((long) x.length * 8, 64);
      MemorySegment.copy(x, 0, xs, JAVA_DOUBLE, 0, x.length);
      // Garbage in y: apply must overwrite, not accumulate.
      ys.fill((byte) 0x7f);
      op.apply(xs, ys);
      return ys.toArray(JAVA_DOUBLE);
    }
  }

  static void assertMatvec(double[][] a, SymmetricOperator op, double[] x) {
    double[] want = reference(a, x);
    double[] tol = bound(a, x);
    double[] got = apply(op, x);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], tol[i], "y[" + i + "] of " + op);
    }
  }

  static double[][] randomSymmetric(int n, Random rnd) {
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        a[i][j] = a[j][i] = rnd.nextGaussian();
      }
    }
    return a;
  }

  /** Random symmetric matrix with about {@code perRow} nonzeros per row. */
  static double[][] randomSparse(int n, int perRow, Random rnd) {
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < perRow / 2; k++) {
        int j = rnd.nextInt(n);
        double v = rnd.nextGaussian();
        a[i][j] += v;
        if (i != j) {
          a[j][i] += v;
        }
      }
    }
    return a;
  }

  static double[] randomVector(int n, Random rnd) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextGaussian();
    }
    return x;
  }

  static CsrOperator csrOf(double[][] a) {
    return csrOf(a, null, BlockedCsr.ROW_BLOCK, BlockedCsr.PANEL_WIDTH);
  }

  /**
   * The nonzeros of a in a CSR operator with the given layout (null: automatic) and tile shape.
   */
  static CsrOperator csrOf(double[][] a, Boolean blocked, int rowBlock, int panelWidth) {
    CsrOperator.Builder b = CsrOperator.builder(a.length).layout(blocked, rowBlock, panelWidth);
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        if (a[i][j] != 0) {
          b.add(i, j, a[i][j]);
        }
      }
    }
    return b.build();
  }
}
