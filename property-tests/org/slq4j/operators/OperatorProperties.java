package org.slq4j.operators;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.slq4j.SymmetricOperator;

/** Algebraic properties every built-in operator must have, on random matrices. */
class OperatorProperties {

  private static double[] vec(int n, Random rnd) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextGaussian();
    }
    return x;
  }

  private static double[] apply(SymmetricOperator op, double[] x) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment xs = arena.allocate(x.length * 8L, 64);
      MemorySegment ys = arena.allocate(x.length * 8L, 64);
      MemorySegment.copy(x, 0, xs, JAVA_DOUBLE, 0, x.length);
      op.apply(xs, ys);
      return ys.toArray(JAVA_DOUBLE);
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  /** Random symmetric sparse matrix (dense storage) with about perRow entries per row. */
  private static double[][] sparse(int n, int perRow, Random rnd) {
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < Math.max(1, perRow / 2); k++) {
        int j = rnd.nextInt(n);
        double v = rnd.nextGaussian();
        a[i][j] += v;
        if (j != i) {
          a[j][i] += v;
        }
      }
    }
    return a;
  }

  private static CsrOperator csr(double[][] a, boolean lowerOnly) {
    CsrOperator.Builder b = CsrOperator.builder(a.length).symmetricExpansion(lowerOnly);
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < (lowerOnly ? i + 1 : a.length); j++) {
        if (a[i][j] != 0) {
          b.add(i, j, a[i][j]);
        }
      }
    }
    return b.build();
  }

  /** Bound for a difference of two n-term inner products of the given magnitudes. */
  private static double tol(int n, double scale) {
    return 4.0 * (n + 2) * 0x1p-52 * scale + Double.MIN_NORMAL;
  }

  @Property(tries = 60)
  void denseIsSymmetricAndLinear(@ForAll @IntRange(min = 1, max = 90) int n,
      @ForAll long seed) {
    Random rnd = new Random(seed);
    double[][] a = sparse(n, n, rnd);
    try (DenseSymmetricOperator op = DenseSymmetricOperator.of(a)) {
      checkSymmetryAndLinearity(op, n, rnd);
    }
  }

  @Property(tries = 60)
  void csrIsSymmetricAndLinear(@ForAll @IntRange(min = 1, max = 200) int n,
      @ForAll @IntRange(min = 1, max = 20) int perRow, @ForAll long seed) {
    Random rnd = new Random(seed);
    try (CsrOperator op = csr(sparse(n, perRow, rnd), false)) {
      checkSymmetryAndLinearity(op, n, rnd);
    }
  }

  @Property(tries = 40)
  void shiftedDiagonalIsSymmetricAndLinear(@ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll long seed) {
    Random rnd = new Random(seed);
    SymmetricOperator op = Operators.shifted(DiagonalOperator.of(vec(n, rnd)),
        rnd.nextGaussian(), rnd.nextGaussian());
    checkSymmetryAndLinearity(op, n, rnd);
  }

  private static void checkSymmetryAndLinearity(SymmetricOperator op, int n, Random rnd) {
    double[] x = vec(n, rnd);
    double[] y = vec(n, rnd);
    double[] hx = apply(op, x);
    double[] hy = apply(op, y);
    // x'Hy = y'Hx up to rounding of the two inner products.
    double scale = norm(x) * norm(hy) + norm(y) * norm(hx);
    double diff = Math.abs(dot(x, hy) - dot(y, hx));
    if (diff > tol(n, scale) * n) {
      throw new AssertionError("x'Hy - y'Hx = " + diff + " for " + op);
    }
    // H(ax + by) = a Hx + b Hy.
    double alpha = rnd.nextGaussian();
    double beta = rnd.nextGaussian();
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      z[i] = alpha * x[i] + beta * y[i];
    }
    double[] hz = apply(op, z);
    double lin = norm(hx) * Math.abs(alpha) + norm(hy) * Math.abs(beta) + norm(hz);
    for (int i = 0; i < n; i++) {
      double d = Math.abs(hz[i] - (alpha * hx[i] + beta * hy[i]));
      if (d > tol(n, lin) * n) {
        throw new AssertionError("linearity fails at " + i + " by " + d + " for " + op);
      }
    }
  }

  @Property(tries = 60)
  void csrAgreesWithDenseAndOneTriangleWithBoth(@ForAll @IntRange(min = 1, max = 120) int n,
      @ForAll @IntRange(min = 1, max = 30) int perRow, @ForAll long seed) {
    Random rnd = new Random(seed);
    double[][] a = sparse(n, perRow, rnd);
    try (CsrOperator full = csr(a, false); CsrOperator lower = csr(a, true);
        DenseSymmetricOperator dense = DenseSymmetricOperator.of(a)) {
      double[] x = vec(n, rnd);
      double[] y1 = apply(full, x);
      double[] y2 = apply(lower, x);
      double[] y3 = apply(dense, x);
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < n; j++) {
          s += Math.abs(a[i][j] * x[j]);
        }
        double t = tol(n, s);
        if (y1[i] != y2[i]) {
          throw new AssertionError("full vs one-triangle CSR differ at " + i);
        }
        if (Math.abs(y1[i] - y3[i]) > t) {
          throw new AssertionError("CSR " + y1[i] + " vs dense " + y3[i] + " at " + i);
        }
      }
    }
  }
}
