package org.slq4j.internal.vectorization;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.LANES;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.NATIVE;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.QUAD;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.VBYTES;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.at;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.of;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.pairAt;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.pairOf;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.quadAt;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.quadOf;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.sumLanes;
import static org.slq4j.internal.vectorization.ScalarMatvecSupport.DENSE_BLOCK;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;

/**
 * Vector API matvec kernels of the built-in operators. Created only by
 * {@link PanamaVectorizationProvider}. The scalar parts (tails, edges) are
 * {@link ScalarMatvecSupport}'s, so those elements get the same operations in both.
 */
final class PanamaMatvecSupport implements MatvecSupport {

  PanamaMatvecSupport() {}

  @Override
  public void diagonal(MemorySegment d, MemorySegment x, MemorySegment y, long n) {
    long bound = n - n % LANES;
    long i = 0;
    for (; i < bound; i += LANES) {
      long b = i * Double.BYTES;
      at(d, b).mul(at(x, b)).intoMemorySegment(y, b, NATIVE);
    }
    ScalarMatvecSupport.diagonalRange(d, x, y, i, n);
  }

  /** Upper triangle, blocks of 4 rows: the vector columns here, the rest scalar. */
  @Override
  public void denseSymmetric(MemorySegment a, long n, MemorySegment x, MemorySegment y) {
    final long rowBytes = n * Double.BYTES;
    y.asSlice(0, rowBytes).fill((byte) 0);
    double[] s = new double[DENSE_BLOCK];
    long i0 = 0;
    for (; i0 + DENSE_BLOCK <= n; i0 += DENSE_BLOCK) {
      long j = i0 + DENSE_BLOCK;
      long bound = j + (n - j) / LANES * LANES;
      rowBlock(a, x, y, i0 * rowBytes, rowBytes, j, bound, x.getAtIndex(JAVA_DOUBLE, i0),
          x.getAtIndex(JAVA_DOUBLE, i0 + 1), x.getAtIndex(JAVA_DOUBLE, i0 + 2),
          x.getAtIndex(JAVA_DOUBLE, i0 + 3), s);
      ScalarMatvecSupport.blockColumns(a, n, x, y, i0, bound, s);
      ScalarMatvecSupport.finishBlock(a, n, x, y, i0, s);
    }
    ScalarMatvecSupport.leftoverRows(a, n, x, y, i0);
  }

  /**
   * The vector part of one block of 4 rows, columns [j0, bound): the 4 dot products into
   * sums[0..4) (lane sums in fixed order) and the update of y. Its own method, called n/4 times
   * per matvec, so that C2 compiles it early and on its own profile: with the loop inside the
   * per-matvec method (called ~800 times per SLQ job) the compiled code depended on which other
   * problems had run in the JVM before (5.0 to 9.2 ms per n = 4000 matvec).
   */
  private static void rowBlock(MemorySegment a, MemorySegment x, MemorySegment y, long r0,
      long rowBytes, long j0, long bound, double x0, double x1, double x2, double x3,
      double[] sums) {
    long r1 = r0 + rowBytes;
    long r2 = r1 + rowBytes;
    long r3 = r2 + rowBytes;
    DoubleVector bx0 = of(x0);
    DoubleVector bx1 = of(x1);
    DoubleVector bx2 = of(x2);
    DoubleVector bx3 = of(x3);
    DoubleVector acc0 = of(0.0);
    DoubleVector acc1 = acc0;
    DoubleVector acc2 = acc0;
    DoubleVector acc3 = acc0;
    for (long j = j0; j < bound; j += LANES) {
      long jb = j * Double.BYTES;
      DoubleVector xv = at(x, jb);
      DoubleVector yv = at(y, jb);
      DoubleVector a0 = at(a, r0 + jb);
      DoubleVector a1 = at(a, r1 + jb);
      DoubleVector a2 = at(a, r2 + jb);
      DoubleVector a3 = at(a, r3 + jb);
      acc0 = a0.fma(xv, acc0);
      acc1 = a1.fma(xv, acc1);
      acc2 = a2.fma(xv, acc2);
      acc3 = a3.fma(xv, acc3);
      yv = a0.fma(bx0, yv);
      yv = a1.fma(bx1, yv);
      yv = a2.fma(bx2, yv);
      yv = a3.fma(bx3, yv);
      yv.intoMemorySegment(y, jb, NATIVE);
    }
    sums[0] = sumLanes(acc0);
    sums[1] = sumLanes(acc1);
    sums[2] = sumLanes(acc2);
    sums[3] = sumLanes(acc3);
  }

  /**
   * 2 for one or two vectors (a 128-bit kernel), else g rounded up to a multiple of 4 (256-bit
   * quads). A pair of its own matters: two vectors padded to a quad cost as much as four
   * (88-96 ms a call against 55-66 for the pair on a random n = 1e6 matrix), and 10 SLQ runs on
   * one thread go as 4 + 4 + 2.
   */
  @Override
  public int blockStride(int g) {
    return g <= 2 ? 2 : (g + 3) & ~3;
  }

  /**
   * Each lane pair or quad of a y row is one read-modify-write. The last pair or quad of each x
   * row is loaded whole (when g is not a multiple of the width its extra lanes belong to the
   * next column or lane group and only feed padding lanes of y). Such a whole load would run
   * past the end of x only for the last rows of x; a chunk's entries are in column order, so
   * its last entry tells whether any of them gets there, and such a chunk (at most one per row
   * block and lane group) goes lane by lane instead. The vector loops thus have no branch and no
   * call.
   */
  @Override
  public void csrBlockChunk(char[] r, char[] c, double[] v, int m, MemorySegment x, long xBase,
      long xStride, double[] y, int w, int g) {
    int unit = w == 2 ? 2 : 4;
    long lastLoad = xBase + c[m - 1] * xStride + (long) (w - unit) * Double.BYTES;
    if (lastLoad > x.byteSize() - (long) unit * Double.BYTES) {
      ScalarMatvecSupport.chunkLanes(r, c, v, m, x, xBase, xStride, y, w, g);
      return;
    }
    switch (w) {
      case 2 -> chunkPair(r, c, v, m, x, xBase, xStride, y);
      case 4 -> chunkQuad(r, c, v, m, x, xBase, xStride, y);
      case 8 -> chunk8(r, c, v, m, x, xBase, xStride, y);
      case 12 -> chunk12(r, c, v, m, x, xBase, xStride, y);
      case 16 -> chunk16(r, c, v, m, x, xBase, xStride, y);
      default -> throw new IllegalArgumentException("stride " + w);
    }
  }

  /**
   * Stride 2: its own loop because it runs on 128-bit vectors, and one loop over two vector
   * shapes would merge their types (see {@link PanamaVectorConstants}).
   */
  private static void chunkPair(char[] r, char[] c, double[] v, int m, MemorySegment x,
      long xBase, long xStride, double[] y) {
    for (int q = 0; q < m; q++) {
      int yr = r[q] * 2;
      long xc = xBase + c[q] * xStride;
      DoubleVector a = pairOf(v[q]);
      pairAt(y, yr).add(pairAt(x, xc).mul(a)).intoArray(y, yr);
    }
  }

  /*
   * Strides 4 to 16, one kernel per width with its quads written out. One loop over the w / 4
   * quads (reached through this switch with constant widths, so the JIT could unroll it after
   * inlining) ran as fast at w = 4 but 17% (w = 8) and 40% (w = 16) slower in the same JMH run
   * once every width had been through the dispatch, as in a JVM that runs blocks of several
   * sizes; with the width as a variable it ran 3-10x slower.
   */

  private static void chunkQuad(char[] r, char[] c, double[] v, int m, MemorySegment x,
      long xBase, long xStride, double[] y) {
    for (int q = 0; q < m; q++) {
      int yr = r[q] * 4;
      long xc = xBase + c[q] * xStride;
      DoubleVector a = quadOf(v[q]);
      quadAt(y, yr).add(quadAt(x, xc).mul(a)).intoArray(y, yr);
    }
  }

  private static void chunk8(char[] r, char[] c, double[] v, int m, MemorySegment x,
      long xBase, long xStride, double[] y) {
    for (int q = 0; q < m; q++) {
      int yr = r[q] * 8;
      long xc = xBase + c[q] * xStride;
      DoubleVector a = quadOf(v[q]);
      quadAt(y, yr).add(quadAt(x, xc).mul(a)).intoArray(y, yr);
      quadAt(y, yr + 4).add(quadAt(x, xc + 32).mul(a)).intoArray(y, yr + 4);
    }
  }

  private static void chunk12(char[] r, char[] c, double[] v, int m, MemorySegment x,
      long xBase, long xStride, double[] y) {
    for (int q = 0; q < m; q++) {
      int yr = r[q] * 12;
      long xc = xBase + c[q] * xStride;
      DoubleVector a = quadOf(v[q]);
      quadAt(y, yr).add(quadAt(x, xc).mul(a)).intoArray(y, yr);
      quadAt(y, yr + 4).add(quadAt(x, xc + 32).mul(a)).intoArray(y, yr + 4);
      quadAt(y, yr + 8).add(quadAt(x, xc + 64).mul(a)).intoArray(y, yr + 8);
    }
  }

  private static void chunk16(char[] r, char[] c, double[] v, int m, MemorySegment x,
      long xBase, long xStride, double[] y) {
    for (int q = 0; q < m; q++) {
      int yr = r[q] * 16;
      long xc = xBase + c[q] * xStride;
      DoubleVector a = quadOf(v[q]);
      quadAt(y, yr).add(quadAt(x, xc).mul(a)).intoArray(y, yr);
      quadAt(y, yr + 4).add(quadAt(x, xc + 32).mul(a)).intoArray(y, yr + 4);
      quadAt(y, yr + 8).add(quadAt(x, xc + 64).mul(a)).intoArray(y, yr + 8);
      quadAt(y, yr + 12).add(quadAt(x, xc + 96).mul(a)).intoArray(y, yr + 12);
    }
  }

  /** Scalar: a single vector's gathers leave nothing to vectorize across lanes. */
  @Override
  public void csrPlain(long n, MemorySegment rp, MemorySegment col, MemorySegment val,
      MemorySegment x, MemorySegment y) {
    ScalarMatvecSupport.csrPlainRange(0, n, rp, col, val, x, y);
  }

  @Override
  public void csrPlainRows(long from, long to, MemorySegment rp, MemorySegment col,
      MemorySegment val, MemorySegment x, MemorySegment y) {
    ScalarMatvecSupport.csrPlainRange(from, to, rp, col, val, x, y);
  }

  /**
   * Row by row; within a row, the lanes in quads (one walk over the row's entries per quad; the
   * later walks find the row's x rows in L1), the last partial quad loaded whole (its extra
   * lanes are dropped when y is written lane by lane). Each lane has its own two accumulators,
   * even and odd entries, as the single-vector kernel. A whole quad load past the end of x
   * could only come from a row's last (largest) column; such a row goes lane by lane.
   */
  @Override
  public void csrPlainBlock(long n, MemorySegment rp, MemorySegment col, MemorySegment val,
      MemorySegment x, MemorySegment y, int count) {
    long stride = (long) count * Double.BYTES;
    long safe = x.byteSize() - QUAD.vectorByteSize();
    long start = rp.getAtIndex(JAVA_LONG, 0);
    for (long i = 0; i < n; i++) {
      long end = rp.getAtIndex(JAVA_LONG, i + 1);
      long yi = i * stride;
      for (int l = 0; l < count; l += 4) {
        long lb = l * (long) Double.BYTES;
        int lanes = Math.min(4, count - l);
        if (end > start && col.getAtIndex(JAVA_INT, end - 1) * stride + lb > safe) {
          for (int j = 0; j < lanes; j++) {
            y.set(JAVA_DOUBLE, yi + lb + j * (long) Double.BYTES,
                ScalarMatvecSupport.plainLane(col, val, x, start, end, count, l + j));
          }
        } else {
          plainQuad(col, val, x, y, start, end, stride, lb, yi, lanes);
        }
      }
      start = end;
    }
  }

  /** Lanes [l, l + lanes) of row y_i, lanes &lt;= 4 (lb, yi: byte offsets of lane and row). */
  private static void plainQuad(MemorySegment col, MemorySegment val, MemorySegment x,
      MemorySegment y, long start, long end, long stride, long lb, long yi, int lanes) {
    DoubleVector s0 = quadOf(0.0);
    DoubleVector s1 = s0;
    long k = start;
    for (; k + 2 <= end; k += 2) {
      s0 = s0.add(quadAt(x, col.getAtIndex(JAVA_INT, k) * stride + lb)
          .mul(val.getAtIndex(JAVA_DOUBLE, k)));
      s1 = s1.add(quadAt(x, col.getAtIndex(JAVA_INT, k + 1) * stride + lb)
          .mul(val.getAtIndex(JAVA_DOUBLE, k + 1)));
    }
    if (k < end) {
      s0 = s0.add(quadAt(x, col.getAtIndex(JAVA_INT, k) * stride + lb)
          .mul(val.getAtIndex(JAVA_DOUBLE, k)));
    }
    DoubleVector s = s0.add(s1);
    if (lanes == 4) {
      s.intoMemorySegment(y, yi + lb, NATIVE);
    } else {
      for (int j = 0; j < lanes; j++) {
        y.set(JAVA_DOUBLE, yi + lb + j * (long) Double.BYTES, s.lane(j));
      }
    }
  }

  /**
   * The rows of {@link ScalarMatvecSupport}, in longer vector loops. Lines 1 to ny - 2 of a
   * plane have the same off-line neighbours and are contiguous, so they go as one span: a
   * vector loop that gives every point both in-line neighbours (at the span's ends those are
   * points of lines 0 and ny - 1, so every read is inside the grid), after which the first and
   * last point of each line, which have only one, are overwritten by the scalar span. Against
   * one vector loop per line this took 10% less time at 100^3 points and 5-10% less at 215^3
   * (best of 20 products, alternating builds). The other lines (j = 0, j = ny - 1) go one at a
   * time: vectors inside, scalar ends. The lines of a grid differ only in which off-line
   * neighbours exist (0, 2 or 4 inside 1-, 2- and 3-D grids, fewer on their faces), so there is
   * one loop per count.
   */
  @Override
  public void laplacian(MemorySegment x, MemorySegment y, long nx, long ny, long nz,
      double diagonal, int count, long from, long to) {
    long s = count;
    long[] off = new long[4];
    long line = from / nx;
    long j = line % ny;
    long k = line / ny;
    long start = line * nx;
    while (start < to) {
      int m = ScalarMatvecSupport.stencilNeighbours(j, k, nx, ny, nz, s, off);
      if (j >= 1 && j < ny - 1) {
        long end = start + (ny - 1 - j) * nx;
        long p = Math.max(from, start);
        long q = Math.min(to, end);
        stencilInterior(x, y, diagonal, p * s, q * s, s, off, m);
        for (long first = p - (p - start) % nx; first < q; first += nx) {
          if (first >= p) {
            ScalarMatvecSupport.stencilSpan(x, y, diagonal, first * s, (first + 1) * s, s,
                false, nx > 1, off, m);
          }
          long last = first + nx - 1;
          if (nx > 1 && last < q) {
            ScalarMatvecSupport.stencilSpan(x, y, diagonal, last * s, (last + 1) * s, s, true,
                false, off, m);
          }
        }
        start = end;
        j = ny - 1;
        continue;
      }
      long p = Math.max(from, start);
      long end = Math.min(to, start + nx);
      if (p == start) {
        ScalarMatvecSupport.stencilSpan(x, y, diagonal, p * s, (p + 1) * s, s, false, nx > 1,
            off, m);
        p++;
      }
      long last = Math.min(end, start + nx - 1);
      if (p < last) {
        stencilInterior(x, y, diagonal, p * s, last * s, s, off, m);
      }
      if (end == start + nx && nx > 1) {
        ScalarMatvecSupport.stencilSpan(x, y, diagonal, (end - 1) * s, end * s, s, true, false,
            off, m);
      }
      start += nx;
      if (++j == ny) {
        j = 0;
        k++;
      }
    }
  }

  /** Elements [e0, e1), both in-line neighbours taken: vectors, then a scalar tail. */
  private static void stencilInterior(MemorySegment x, MemorySegment y, double c, long e0,
      long e1, long s, long[] off, int m) {
    long b0 = e0 * Double.BYTES;
    long b1 = b0 + (e1 - e0) / LANES * VBYTES;
    long sb = s * Double.BYTES;
    switch (m) {
      case 0 -> stencil0(x, y, c, b0, b1, sb);
      case 1 -> stencil1(x, y, c, b0, b1, sb, off[0] * Double.BYTES);
      case 2 -> stencil2(x, y, c, b0, b1, sb, off[0] * Double.BYTES, off[1] * Double.BYTES);
      case 3 -> stencil3(x, y, c, b0, b1, sb, off[0] * Double.BYTES, off[1] * Double.BYTES,
          off[2] * Double.BYTES);
      default -> stencil4(x, y, c, b0, b1, sb, off[0] * Double.BYTES, off[1] * Double.BYTES,
          off[2] * Double.BYTES, off[3] * Double.BYTES);
    }
    ScalarMatvecSupport.stencilSpan(x, y, c, b1 / Double.BYTES, e1, s, true, true, off, m);
  }

  /*
   * The stencil loops: byte offsets [b0, b1) of y, sb the in-line neighbour's distance, o* the
   * off-line ones'. Each is c x minus the neighbours in the kernel's order.
   */

  private static void stencil0(MemorySegment x, MemorySegment y, double c, long b0, long b1,
      long sb) {
    DoubleVector cv = of(c);
    for (long b = b0; b < b1; b += VBYTES) {
      cv.mul(at(x, b)).sub(at(x, b - sb)).sub(at(x, b + sb)).intoMemorySegment(y, b, NATIVE);
    }
  }

  private static void stencil1(MemorySegment x, MemorySegment y, double c, long b0, long b1,
      long sb, long o0) {
    DoubleVector cv = of(c);
    for (long b = b0; b < b1; b += VBYTES) {
      cv.mul(at(x, b)).sub(at(x, b - sb)).sub(at(x, b + sb)).sub(at(x, b + o0))
          .intoMemorySegment(y, b, NATIVE);
    }
  }

  private static void stencil2(MemorySegment x, MemorySegment y, double c, long b0, long b1,
      long sb, long o0, long o1) {
    DoubleVector cv = of(c);
    for (long b = b0; b < b1; b += VBYTES) {
      cv.mul(at(x, b)).sub(at(x, b - sb)).sub(at(x, b + sb)).sub(at(x, b + o0))
          .sub(at(x, b + o1)).intoMemorySegment(y, b, NATIVE);
    }
  }

  private static void stencil3(MemorySegment x, MemorySegment y, double c, long b0, long b1,
      long sb, long o0, long o1, long o2) {
    DoubleVector cv = of(c);
    for (long b = b0; b < b1; b += VBYTES) {
      cv.mul(at(x, b)).sub(at(x, b - sb)).sub(at(x, b + sb)).sub(at(x, b + o0))
          .sub(at(x, b + o1)).sub(at(x, b + o2)).intoMemorySegment(y, b, NATIVE);
    }
  }

  private static void stencil4(MemorySegment x, MemorySegment y, double c, long b0, long b1,
      long sb, long o0, long o1, long o2, long o3) {
    DoubleVector cv = of(c);
    for (long b = b0; b < b1; b += VBYTES) {
      cv.mul(at(x, b)).sub(at(x, b - sb)).sub(at(x, b + sb)).sub(at(x, b + o0))
          .sub(at(x, b + o1)).sub(at(x, b + o2)).sub(at(x, b + o3))
          .intoMemorySegment(y, b, NATIVE);
    }
  }
}
