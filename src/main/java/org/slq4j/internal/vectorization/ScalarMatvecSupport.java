package org.slq4j.internal.vectorization;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * Plain Java matvec kernels, and the scalar pieces (tails, edges) the Panama kernels share so
 * that both compute those elements with the same operations.
 */
final class ScalarMatvecSupport implements MatvecSupport {

  /** Rows per block of the dense kernel: each x[j], y[j] is loaded once per block of rows. */
  static final int DENSE_BLOCK = 4;

  ScalarMatvecSupport() {}

  @Override
  public void diagonal(MemorySegment d, MemorySegment x, MemorySegment y, long n) {
    diagonalRange(d, x, y, 0, n);
  }

  /** y[i] = d[i] * x[i] for i in [from, n). */
  static void diagonalRange(MemorySegment d, MemorySegment x, MemorySegment y, long from,
      long n) {
    for (long i = from; i < n; i++) {
      y.setAtIndex(JAVA_DOUBLE, i, d.getAtIndex(JAVA_DOUBLE, i) * x.getAtIndex(JAVA_DOUBLE, i));
    }
  }

  @Override
  public void denseSymmetric(MemorySegment a, long n, MemorySegment x, MemorySegment y) {
    for (long i = 0; i < n; i++) {
      y.setAtIndex(JAVA_DOUBLE, i, 0.0);
    }
    double[] s = new double[DENSE_BLOCK];
    long i0 = 0;
    for (; i0 + DENSE_BLOCK <= n; i0 += DENSE_BLOCK) {
      s[0] = 0;
      s[1] = 0;
      s[2] = 0;
      s[3] = 0;
      blockColumns(a, n, x, y, i0, i0 + DENSE_BLOCK, s);
      finishBlock(a, n, x, y, i0, s);
    }
    leftoverRows(a, n, x, y, i0);
  }

  /**
   * Columns [j0, n) of the block of 4 rows from i0: the 4 dot products continue from s[0..4)
   * and the transposed products are added to y[j].
   */
  static void blockColumns(MemorySegment a, long n, MemorySegment x, MemorySegment y, long i0,
      long j0, double[] s) {
    long e0 = i0 * n;
    long e1 = e0 + n;
    long e2 = e1 + n;
    long e3 = e2 + n;
    double x0 = x.getAtIndex(JAVA_DOUBLE, i0);
    double x1 = x.getAtIndex(JAVA_DOUBLE, i0 + 1);
    double x2 = x.getAtIndex(JAVA_DOUBLE, i0 + 2);
    double x3 = x.getAtIndex(JAVA_DOUBLE, i0 + 3);
    double s0 = s[0];
    double s1 = s[1];
    double s2 = s[2];
    double s3 = s[3];
    for (long j = j0; j < n; j++) {
      double xj = x.getAtIndex(JAVA_DOUBLE, j);
      double a0 = a.getAtIndex(JAVA_DOUBLE, e0 + j);
      double a1 = a.getAtIndex(JAVA_DOUBLE, e1 + j);
      double a2 = a.getAtIndex(JAVA_DOUBLE, e2 + j);
      double a3 = a.getAtIndex(JAVA_DOUBLE, e3 + j);
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
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
  }

  /**
   * Adds to y[i0..i0+4) the partial sums s (columns past the block) and the products with the
   * 4 x 4 diagonal block, which is read in full (it is symmetric, so no transposed terms).
   */
  static void finishBlock(MemorySegment a, long n, MemorySegment x, MemorySegment y, long i0,
      double[] s) {
    for (int r = 0; r < DENSE_BLOCK; r++) {
      long row = (i0 + r) * n;
      double t = s[r];
      for (int c = 0; c < DENSE_BLOCK; c++) {
        t = Math.fma(a.getAtIndex(JAVA_DOUBLE, row + i0 + c), x.getAtIndex(JAVA_DOUBLE, i0 + c),
            t);
      }
      y.setAtIndex(JAVA_DOUBLE, i0 + r, y.getAtIndex(JAVA_DOUBLE, i0 + r) + t);
    }
  }

  /** Rows [i0, n) (fewer than 4, past the last block) one at a time, same scheme. */
  static void leftoverRows(MemorySegment a, long n, MemorySegment x, MemorySegment y, long i0) {
    for (; i0 < n; i0++) {
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

  @Override
  public int blockStride(int g) {
    return g;
  }

  @Override
  public void csrBlockChunk(char[] r, char[] c, double[] v, int m, MemorySegment x, long xBase,
      long xStride, double[] y, int w, int g) {
    chunkLanes(r, c, v, m, x, xBase, xStride, y, w, g);
  }

  /** {@link #csrBlockChunk} lane by lane, whatever the stride. */
  static void chunkLanes(char[] r, char[] c, double[] v, int m, MemorySegment x, long xBase,
      long xStride, double[] y, int w, int g) {
    for (int q = 0; q < m; q++) {
      int yr = r[q] * w;
      long xc = xBase + c[q] * xStride;
      double a = v[q];
      for (int l = 0; l < g; l++) {
        y[yr + l] += a * x.get(JAVA_DOUBLE, xc + l * (long) Double.BYTES);
      }
    }
  }

  @Override
  public void csrPlain(long n, MemorySegment rp, MemorySegment col, MemorySegment val,
      MemorySegment x, MemorySegment y) {
    csrPlainRange(0, n, rp, col, val, x, y);
  }

  @Override
  public void csrPlainRows(long from, long to, MemorySegment rp, MemorySegment col,
      MemorySegment val, MemorySegment x, MemorySegment y) {
    csrPlainRange(from, to, rp, col, val, x, y);
  }

  /**
   * Rows [from, to), row by row. Two accumulators per row: rows are short (about 10 entries for the target
   * matrices), so more would only add reduction work; the out-of-order core overlaps the gathers
   * of x across rows. A static method with everything in locals lets the JIT keep the segments'
   * bounds and liveness data in registers. {@link #plainLane}(..., 1, 0) computes the same bits,
   * but as this loop's body it ran 1.9x slower at n = 1e6 (same JMH run), and this is the
   * sparse SLQ job's matvec.
   */
  static void csrPlainRange(long from, long to, MemorySegment rp, MemorySegment col,
      MemorySegment val, MemorySegment x, MemorySegment y) {
    long start = rp.getAtIndex(JAVA_LONG, from);
    for (long i = from; i < to; i++) {
      long end = rp.getAtIndex(JAVA_LONG, i + 1);
      double s0 = 0;
      double s1 = 0;
      long k = start;
      for (; k + 2 <= end; k += 2) {
        s0 += val.getAtIndex(JAVA_DOUBLE, k)
            * x.getAtIndex(JAVA_DOUBLE, col.getAtIndex(JAVA_INT, k));
        s1 += val.getAtIndex(JAVA_DOUBLE, k + 1)
            * x.getAtIndex(JAVA_DOUBLE, col.getAtIndex(JAVA_INT, k + 1));
      }
      if (k < end) {
        s0 += val.getAtIndex(JAVA_DOUBLE, k)
            * x.getAtIndex(JAVA_DOUBLE, col.getAtIndex(JAVA_INT, k));
      }
      y.setAtIndex(JAVA_DOUBLE, i, s0 + s1);
      start = end;
    }
  }

  @Override
  public void csrPlainBlock(long n, MemorySegment rp, MemorySegment col, MemorySegment val,
      MemorySegment x, MemorySegment y, int count) {
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
   * Lane l of one row of the plain-CSR (block) matvec: entries [start, end) of the row, x rows
   * of {@code count} doubles; even entries into s0, odd into s1, then s0 + s1.
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

  @Override
  public void laplacian(MemorySegment x, MemorySegment y, long nx, long ny, long nz,
      double diagonal, int count, long from, long to) {
    long s = count;
    long[] off = new long[4];
    long line = from / nx;
    long j = line % ny;
    long k = line / ny;
    for (long start = line * nx; start < to; start += nx) {
      int m = stencilNeighbours(j, k, nx, ny, nz, s, off);
      long p = Math.max(from, start);
      long end = Math.min(to, start + nx);
      if (p == start) {
        stencilSpan(x, y, diagonal, p * s, (p + 1) * s, s, false, nx > 1, off, m);
        p++;
      }
      long last = Math.min(end, start + nx - 1);
      if (p < last) {
        stencilSpan(x, y, diagonal, p * s, last * s, s, true, true, off, m);
      }
      if (end == start + nx && nx > 1) {
        stencilSpan(x, y, diagonal, (end - 1) * s, end * s, s, true, false, off, m);
      }
      if (++j == ny) {
        j = 0;
        k++;
      }
    }
  }

  /**
   * The neighbours of line (j, k) of the stencil off its own line, as element offsets into
   * off[0..m) in the order of the sum (-nx, +nx, -nx*ny, +nx*ny, each times s doubles per
   * point), those outside the grid left out; returns m.
   */
  static int stencilNeighbours(long j, long k, long nx, long ny, long nz, long s, long[] off) {
    long row = nx * s;
    long plane = row * ny;
    int m = 0;
    if (j > 0) {
      off[m++] = -row;
    }
    if (j < ny - 1) {
      off[m++] = row;
    }
    if (k > 0) {
      off[m++] = -plane;
    }
    if (k < nz - 1) {
      off[m++] = plane;
    }
    return m;
  }

  /**
   * Elements [e0, e1) of one line of the stencil: t = c x_e, minus x_(e-s) if left, minus
   * x_(e+s) if right, minus x_(e+off[q]) for q &lt; m, in this order.
   */
  static void stencilSpan(MemorySegment x, MemorySegment y, double c, long e0, long e1, long s,
      boolean left, boolean right, long[] off, int m) {
    for (long e = e0; e < e1; e++) {
      double t = c * x.getAtIndex(JAVA_DOUBLE, e);
      if (left) {
        t -= x.getAtIndex(JAVA_DOUBLE, e - s);
      }
      if (right) {
        t -= x.getAtIndex(JAVA_DOUBLE, e + s);
      }
      for (int q = 0; q < m; q++) {
        t -= x.getAtIndex(JAVA_DOUBLE, e + off[q]);
      }
      y.setAtIndex(JAVA_DOUBLE, e, t);
    }
  }
}
