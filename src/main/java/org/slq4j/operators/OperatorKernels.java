package org.slq4j.operators;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * Matvec kernels of the built-in operators, scalar and SIMD. {@link PanamaOperatorKernels} is
 * referenced only behind {@link #SIMD}, which is true only when the kernels package found
 * {@code jdk.incubator.vector} readable, so JVMs without the module never load Vector API classes.
 */
final class OperatorKernels {

  /** Whether the Vector API kernels are active (decided once by the kernels package). */
  static final boolean SIMD = VectorKernels.implementationName().equals("panama");

  /** Rows per block of the dense kernel: each x[j], y[j] is loaded once per block of rows. */
  static final int DENSE_BLOCK = 4;

  private OperatorKernels() {}

  /** y[0..n) = d[0..n) * x[0..n). */
  static void diagonal(MemorySegment d, MemorySegment x, MemorySegment y, long n) {
    if (SIMD) {
      PanamaOperatorKernels.diagonal(d, x, y, n);
    } else {
      for (long i = 0; i < n; i++) {
        y.setAtIndex(JAVA_DOUBLE, i,
            d.getAtIndex(JAVA_DOUBLE, i) * x.getAtIndex(JAVA_DOUBLE, i));
      }
    }
  }

  /**
   * y = A x for an exactly symmetric row-major n x n matrix A, reading only its upper triangle
   * (row i from column i on): each stored a_ij with j > i contributes a_ij x_j to y_i and
   * a_ij x_i to y_j in the same pass. Half the matrix bytes move, so a memory-bound matvec takes
   * half the time of a full row-by-row pass. Rows go in blocks of {@link #DENSE_BLOCK}, so x[j]
   * and y[j] (which stay in cache) are touched once per block.
   */
  static void denseSymmetric(MemorySegment a, long n, MemorySegment x, MemorySegment y) {
    if (SIMD) {
      PanamaOperatorKernels.denseSymmetric(a, n, x, y);
    } else {
      denseSymmetricScalar(a, n, x, y);
    }
  }

  static void denseSymmetricScalar(MemorySegment a, long n, MemorySegment x, MemorySegment y) {
    for (long i = 0; i < n; i++) {
      y.setAtIndex(JAVA_DOUBLE, i, 0.0);
    }
    long i0 = 0;
    for (; i0 + DENSE_BLOCK <= n; i0 += DENSE_BLOCK) {
      long r0 = i0 * n;
      long r1 = r0 + n;
      long r2 = r1 + n;
      long r3 = r2 + n;
      double x0 = x.getAtIndex(JAVA_DOUBLE, i0);
      double x1 = x.getAtIndex(JAVA_DOUBLE, i0 + 1);
      double x2 = x.getAtIndex(JAVA_DOUBLE, i0 + 2);
      double x3 = x.getAtIndex(JAVA_DOUBLE, i0 + 3);
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (long j = i0 + DENSE_BLOCK; j < n; j++) {
        double xj = x.getAtIndex(JAVA_DOUBLE, j);
        double a0 = a.getAtIndex(JAVA_DOUBLE, r0 + j);
        double a1 = a.getAtIndex(JAVA_DOUBLE, r1 + j);
        double a2 = a.getAtIndex(JAVA_DOUBLE, r2 + j);
        double a3 = a.getAtIndex(JAVA_DOUBLE, r3 + j);
        s0 = Math.fma(a0, xj, s0);
        s1 = Math.fma(a1, xj, s1);
        s2 = Math.fma(a2, xj, s2);
        s3 = Math.fma(a3, xj, s3);
        double t = y.getAtIndex(JAVA_DOUBLE, j);
        t = Math.fma(a0, x0, t);
        t = Math.fma(a1, x1, t);
        t = Math.fma(a2, x2, t);
        t = Math.fma(a3, x3, t);
        y.setAtIndex(JAVA_DOUBLE, j, t);
      }
      finishBlock(a, n, x, y, i0, DENSE_BLOCK, new double[] {s0, s1, s2, s3});
    }
    for (; i0 < n; i0++) {
      // Leftover rows (n mod 4) one at a time, same scheme.
      long r = i0 * n;
      double xi = x.getAtIndex(JAVA_DOUBLE, i0);
      double s = 0;
      for (long j = i0 + 1; j < n; j++) {
        double aij = a.getAtIndex(JAVA_DOUBLE, r + j);
        s = Math.fma(aij, x.getAtIndex(JAVA_DOUBLE, j), s);
        y.setAtIndex(JAVA_DOUBLE, j, Math.fma(aij, xi, y.getAtIndex(JAVA_DOUBLE, j)));
      }
      s = Math.fma(a.getAtIndex(JAVA_DOUBLE, r + i0), xi, s);
      y.setAtIndex(JAVA_DOUBLE, i0, y.getAtIndex(JAVA_DOUBLE, i0) + s);
    }
  }

  /**
   * Adds to y[i0..i0+b) the partial sums s (columns past the block) and the products with the
   * b x b diagonal block, which is read in full (it is symmetric, so no transposed terms).
   */
  static void finishBlock(MemorySegment a, long n, MemorySegment x, MemorySegment y, long i0,
      int b, double[] s) {
    for (int r = 0; r < b; r++) {
      long row = (i0 + r) * n;
      double t = s[r];
      for (int c = 0; c < b; c++) {
        t = Math.fma(a.getAtIndex(JAVA_DOUBLE, row + i0 + c), x.getAtIndex(JAVA_DOUBLE, i0 + c), t);
      }
      y.setAtIndex(JAVA_DOUBLE, i0 + r, y.getAtIndex(JAVA_DOUBLE, i0 + r) + t);
    }
  }

  /**
   * One chunk of the blocked CSR block matvec: y[r * w + l] += v * x(c, l) for each entry
   * (r, c, v) and lane l &lt; g, where x(c, l) is the double at byte offset
   * {@code xBase + c * xStride + l * 8} of x: a product rounded and then added, as the
   * single-vector kernel. y rows have the stride {@link #blockStride}(g) = w.
   */
  static void csrBlockChunk(char[] r, char[] c, double[] v, int m, MemorySegment x, long xBase,
      long xStride, double[] y, int w, int g) {
    if (SIMD) {
      PanamaOperatorKernels.csrBlockChunk(r, c, v, m, x, xBase, xStride, y, w, g);
    } else {
      for (int q = 0; q < m; q++) {
        int yr = r[q] * w;
        long xc = xBase + c[q] * xStride;
        double a = v[q];
        for (int l = 0; l < g; l++) {
          y[yr + l] += a * x.get(JAVA_DOUBLE, xc + l * (long) Double.BYTES);
        }
      }
    }
  }

  /**
   * The heap row stride of g vectors: with the Vector API a 128-bit pair for g &lt;= 2, else
   * whole 256-bit quads; without it, g.
   */
  static int blockStride(int g) {
    return SIMD ? (g <= 2 ? 2 : (g + 3) & ~3) : g;
  }

  /**
   * The plain-CSR block matvec: for each row and each of the count interleaved vectors, the
   * two-accumulator sum of {@code CsrOperator}'s single-vector kernel (even entries of the row
   * into s0, odd into s1, then s0 + s1), lane by lane.
   */
  static void csrPlainBlock(long n, MemorySegment rp, MemorySegment col, MemorySegment val,
      MemorySegment x, MemorySegment y, int count) {
    if (SIMD) {
      PanamaOperatorKernels.csrPlainBlock(n, rp, col, val, x, y, count);
      return;
    }
    long start = rp.getAtIndex(JAVA_LONG, 0);
    for (long i = 0; i < n; i++) {
      long end = rp.getAtIndex(JAVA_LONG, i + 1);
      for (int l = 0; l < count; l++) {
        y.setAtIndex(JAVA_DOUBLE, i * count + l, plainLane(col, val, x, start, end, count, l));
      }
      start = end;
    }
  }

  /**
   * Lane l of one row of the plain-CSR block matvec: entries [start, end) of the row, x rows of
   * {@code count} doubles; even entries into s0, odd into s1, then s0 + s1.
   */
  static double plainLane(MemorySegment col, MemorySegment val, MemorySegment x, long start,
      long end, int count, int l) {
    double s0 = 0;
    double s1 = 0;
    long k = start;
    for (; k + 2 <= end; k += 2) {
      s0 += val.getAtIndex(JAVA_DOUBLE, k)
          * x.getAtIndex(JAVA_DOUBLE, col.getAtIndex(JAVA_INT, k) * (long) count + l);
      s1 += val.getAtIndex(JAVA_DOUBLE, k + 1)
          * x.getAtIndex(JAVA_DOUBLE, col.getAtIndex(JAVA_INT, k + 1) * (long) count + l);
    }
    if (k < end) {
      s0 += val.getAtIndex(JAVA_DOUBLE, k)
          * x.getAtIndex(JAVA_DOUBLE, col.getAtIndex(JAVA_INT, k) * (long) count + l);
    }
    return s0 + s1;
  }
}
