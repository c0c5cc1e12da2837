package org.slq4j.operators;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.slq4j.operators.PanamaSpecies.DOUBLES;
import static org.slq4j.operators.PanamaSpecies.LANES;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API versions of {@link OperatorKernels}; loaded only when the module is readable. */
final class PanamaOperatorKernels {

  private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

  /**
   * Four doubles: the lane unit of the CSR block kernels for three or more vectors (their
   * strides are padded to multiples of 4), whatever the preferred width.
   */
  private static final VectorSpecies<Double> QUAD = DoubleVector.SPECIES_256;
  /** Two doubles: the lane unit of the CSR block kernel for groups of one or two vectors. */
  private static final VectorSpecies<Double> PAIR = DoubleVector.SPECIES_128;

  /** The exact class of QUAD vectors (see {@link PanamaSpecies#at}). */
  private static final Class<? extends Vector<Double>> QUAD_TYPE = QUAD.vectorType();
  /** The exact class of PAIR vectors. */
  private static final Class<? extends Vector<Double>> PAIR_TYPE = PAIR.vectorType();

  private PanamaOperatorKernels() {}

  /**
   * The QUAD vector at byte offset o of s, typed exactly: every vector a kernel starts from
   * goes through one of these helpers, for the reason given at {@link PanamaSpecies#at}.
   */
  private static DoubleVector quadAt(MemorySegment s, long o) {
    return (DoubleVector) QUAD_TYPE.cast(DoubleVector.fromMemorySegment(QUAD, s, o, NATIVE));
  }

  private static DoubleVector quadAt(double[] a, int i) {
    return (DoubleVector) QUAD_TYPE.cast(DoubleVector.fromArray(QUAD, a, i));
  }

  private static DoubleVector quadOf(double v) {
    return (DoubleVector) QUAD_TYPE.cast(DoubleVector.broadcast(QUAD, v));
  }

  private static DoubleVector pairAt(MemorySegment s, long o) {
    return (DoubleVector) PAIR_TYPE.cast(DoubleVector.fromMemorySegment(PAIR, s, o, NATIVE));
  }

  private static DoubleVector pairAt(double[] a, int i) {
    return (DoubleVector) PAIR_TYPE.cast(DoubleVector.fromArray(PAIR, a, i));
  }

  private static DoubleVector pairOf(double v) {
    return (DoubleVector) PAIR_TYPE.cast(DoubleVector.broadcast(PAIR, v));
  }

  static void diagonal(MemorySegment d, MemorySegment x, MemorySegment y, long n) {
    long bound = n - n % LANES;
    long i = 0;
    for (; i < bound; i += LANES) {
      long b = i * Double.BYTES;
      PanamaSpecies.at(d, b)
          .mul(PanamaSpecies.at(x, b))
          .intoMemorySegment(y, b, NATIVE);
    }
    for (; i < n; i++) {
      long b = i * Double.BYTES;
      y.set(JAVA_DOUBLE, b,
          d.get(JAVA_DOUBLE, b)
              * x.get(JAVA_DOUBLE, b));
    }
  }

  /**
   * The vector part of one block of 4 rows, columns [j0, bound): the 4 dot products into
   * sums[0..4) (lane sums in fixed order) and the update of y. Its own method, called n/4 times
   * per matvec, so that C2 compiles it early and on its own profile: with the loop inside the
   * per-matvec method (called ~800 times per SLQ job) the compiled code depended on which other
   * problems had run in the JVM before (5.0 to 9.2 ms per n = 4000 matvec, measured).
   */
  private static void rowBlock(MemorySegment a, MemorySegment x, MemorySegment y, long r0,
      long rowBytes, long j0, long bound, double x0, double x1, double x2, double x3,
      double[] sums) {
    long r1 = r0 + rowBytes;
    long r2 = r1 + rowBytes;
    long r3 = r2 + rowBytes;
    DoubleVector bx0 = PanamaSpecies.of(x0);
    DoubleVector bx1 = PanamaSpecies.of(x1);
    DoubleVector bx2 = PanamaSpecies.of(x2);
    DoubleVector bx3 = PanamaSpecies.of(x3);
    DoubleVector acc0 = PanamaSpecies.of(0.0);
    DoubleVector acc1 = acc0;
    DoubleVector acc2 = acc0;
    DoubleVector acc3 = acc0;
    for (long j = j0; j < bound; j += LANES) {
      long jb = j * Double.BYTES;
      DoubleVector xv = PanamaSpecies.at(x, jb);
      DoubleVector yv = PanamaSpecies.at(y, jb);
      DoubleVector a0 = PanamaSpecies.at(a, r0 + jb);
      DoubleVector a1 = PanamaSpecies.at(a, r1 + jb);
      DoubleVector a2 = PanamaSpecies.at(a, r2 + jb);
      DoubleVector a3 = PanamaSpecies.at(a, r3 + jb);
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
    sums[0] = PanamaSpecies.sumLanes(acc0);
    sums[1] = PanamaSpecies.sumLanes(acc1);
    sums[2] = PanamaSpecies.sumLanes(acc2);
    sums[3] = PanamaSpecies.sumLanes(acc3);
  }

  /** See {@link OperatorKernels#denseSymmetric}: upper triangle, blocks of 4 rows. */
  static void denseSymmetric(MemorySegment a, long n, MemorySegment x, MemorySegment y) {
    final long rowBytes = n * Double.BYTES;
    final var zero = PanamaSpecies.of(0.0);
    for (long i = 0; i < n; i += LANES) {
      if (i + LANES <= n) {
        zero.intoMemorySegment(y, i * Double.BYTES, NATIVE);
      } else {
        for (long k = i; k < n; k++) {
          y.setAtIndex(JAVA_DOUBLE, k, 0.0);
        }
      }
    }
    double[] s = new double[OperatorKernels.DENSE_BLOCK];
    long i0 = 0;
    for (; i0 + OperatorKernels.DENSE_BLOCK <= n; i0 += OperatorKernels.DENSE_BLOCK) {
      long r0 = i0 * rowBytes;
      long r1 = r0 + rowBytes;
      long r2 = r1 + rowBytes;
      long r3 = r2 + rowBytes;
      double x0 = x.getAtIndex(JAVA_DOUBLE, i0);
      double x1 = x.getAtIndex(JAVA_DOUBLE, i0 + 1);
      double x2 = x.getAtIndex(JAVA_DOUBLE, i0 + 2);
      double x3 = x.getAtIndex(JAVA_DOUBLE, i0 + 3);
      long j = i0 + OperatorKernels.DENSE_BLOCK;
      long bound = j + (n - j) / LANES * LANES;
      rowBlock(a, x, y, r0, rowBytes, j, bound, x0, x1, x2, x3, s);
      j = bound;
      double s0 = s[0];
      double s1 = s[1];
      double s2 = s[2];
      double s3 = s[3];
      long e0 = r0 / Double.BYTES;
      long e1 = r1 / Double.BYTES;
      long e2 = r2 / Double.BYTES;
      long e3 = r3 / Double.BYTES;
      for (; j < n; j++) {
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
      OperatorKernels.finishBlock(a, n, x, y, i0, OperatorKernels.DENSE_BLOCK, s);
    }
    for (; i0 < n; i0++) {
      long r = i0 * n;
      double xi = x.getAtIndex(JAVA_DOUBLE, i0);
      double t = 0;
      for (long j = i0 + 1; j < n; j++) {
        double aij = a.getAtIndex(JAVA_DOUBLE, r + j);
        t = Math.fma(aij, x.getAtIndex(JAVA_DOUBLE, j), t);
        y.setAtIndex(JAVA_DOUBLE, j,
            Math.fma(aij, xi, y.getAtIndex(JAVA_DOUBLE, j)));
      }
      t = Math.fma(a.getAtIndex(JAVA_DOUBLE, r + i0), xi, t);
      y.setAtIndex(JAVA_DOUBLE, i0,
          y.getAtIndex(JAVA_DOUBLE, i0) + t);
    }
  }

  /**
   * See {@link OperatorKernels#csrBlockChunk}. Here y has the padded stride w: 2 for one or two
   * vectors (a 128-bit kernel), else g rounded up to a multiple of 4 (4, 8, 12 or 16, one
   * unrolled 256-bit kernel each), so each lane pair or quad is one read-modify-write. A pair of
   * its own matters: two vectors padded to a quad cost as much as four (88-96 ms a call against
   * 55-66 for the pair, random n = 1e6 matrix, 2026-11-26), and 10 SLQ runs on one thread go as
   * 4 + 4 + 2. The last pair or quad of each x row is loaded whole (when g is not a multiple of
   * the width its extra lanes belong to the next column or lane group and only feed padding
   * lanes of y, which are never copied out). Such a whole load would run past the end of x only
   * for the last rows of x; a chunk's entries are in column order, so its last entry tells
   * whether any of them gets there, and such a chunk (at most one per row block and lane group)
   * goes lane by lane instead. The vector kernels thus have no branch and no call in their
   * loops.
   */
  static void csrBlockChunk(char[] r, char[] c, double[] v, int m, MemorySegment x, long xBase,
      long xStride, double[] y, int w, int g) {
    int unit = w == 2 ? 2 : 4;
    long lastLoad = xBase + c[m - 1] * xStride + (long) (w - unit) * Double.BYTES;
    if (lastLoad > x.byteSize() - (long) unit * Double.BYTES) {
      edgeChunk(r, c, v, m, x, xBase, xStride, y, w, g);
      return;
    }
    switch (w) {
      case 2 -> chunk2(r, c, v, m, x, xBase, xStride, y);
      case 4 -> chunk4(r, c, v, m, x, xBase, xStride, y);
      case 8 -> chunk8(r, c, v, m, x, xBase, xStride, y);
      case 12 -> chunk12(r, c, v, m, x, xBase, xStride, y);
      case 16 -> chunk16(r, c, v, m, x, xBase, xStride, y);
      default -> throw new IllegalArgumentException("stride " + w);
    }
  }

  /** The chunk kernel lane by lane, for chunks that reach the end of x: the same arithmetic. */
  private static void edgeChunk(char[] r, char[] c, double[] v, int m, MemorySegment x,
      long xBase, long xStride, double[] y, int w, int g) {
    for (int q = 0; q < m; q++) {
      int yr = r[q] * w;
      long xc = xBase + c[q] * xStride;
      double a = v[q];
      for (int l = 0; l < g; l++) {
        y[yr + l] += x.get(JAVA_DOUBLE, xc + l * (long) Double.BYTES) * a;
      }
    }
  }

  private static void chunk2(char[] r, char[] c, double[] v, int m, MemorySegment x,
      long xBase, long xStride, double[] y) {
    for (int q = 0; q < m; q++) {
      int yr = r[q] * 2;
      long xc = xBase + c[q] * xStride;
      DoubleVector a = pairOf(v[q]);
      pairAt(y, yr).add(pairAt(x, xc).mul(a)).intoArray(y, yr);
    }
  }

  private static void chunk4(char[] r, char[] c, double[] v, int m, MemorySegment x,
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

  /**
   * See {@link OperatorKernels#csrPlainBlock}. Row by row; within a row, the lanes in groups of
   * 8 (one walk over the row's entries, two 256-bit loads per gathered x row), then a quad, then
   * the partial quad (loaded whole: its extra lanes are dropped when y is written lane by lane).
   * The later walks over a row find its x rows in L1. Each lane has its own two accumulators,
   * even and odd entries, as the single-vector kernel. A whole quad load past the end of x
   * could only come from a row's last (largest) column; such a row goes lane by lane.
   */
  static void csrPlainBlock(long n, MemorySegment rp, MemorySegment col, MemorySegment val,
      MemorySegment x, MemorySegment y, int count) {
    long stride = (long) count * Double.BYTES;
    int octs = count & ~7;
    long safe = x.byteSize() - QUAD.vectorByteSize();
    long start = rp.getAtIndex(JAVA_LONG, 0);
    for (long i = 0; i < n; i++) {
      long end = rp.getAtIndex(JAVA_LONG, i + 1);
      long yi = i * stride;
      for (int l = 0; l < octs; l += 8) {
        plainOct(col, val, x, y, start, end, stride, l * (long) Double.BYTES, yi);
      }
      for (int l = octs; l < count; l += 4) {
        long lb = l * (long) Double.BYTES;
        int lanes = Math.min(4, count - l);
        if (end > start && col.getAtIndex(JAVA_INT, end - 1) * stride + lb > safe) {
          plainEdge(col, val, x, y, start, end, count, l, yi, lanes);
        } else {
          plainQuad(col, val, x, y, start, end, stride, lb, yi, lanes);
        }
      }
      start = end;
    }
  }

  /** Lanes [l, l + 8) of row y_i (byte offsets lb of the lane, yi of the row in y). */
  private static void plainOct(MemorySegment col, MemorySegment val, MemorySegment x,
      MemorySegment y, long start, long end, long stride, long lb, long yi) {
    DoubleVector a0 = quadOf(0.0);
    DoubleVector a1 = a0;
    DoubleVector b0 = a0;
    DoubleVector b1 = a0;
    long k = start;
    for (; k + 2 <= end; k += 2) {
      long c0 = col.getAtIndex(JAVA_INT, k) * stride + lb;
      long c1 = col.getAtIndex(JAVA_INT, k + 1) * stride + lb;
      DoubleVector w0 = quadOf(val.getAtIndex(JAVA_DOUBLE, k));
      DoubleVector w1 = quadOf(val.getAtIndex(JAVA_DOUBLE, k + 1));
      a0 = a0.add(quadAt(x, c0).mul(w0));
      a1 = a1.add(quadAt(x, c0 + 32).mul(w0));
      b0 = b0.add(quadAt(x, c1).mul(w1));
      b1 = b1.add(quadAt(x, c1 + 32).mul(w1));
    }
    if (k < end) {
      long c0 = col.getAtIndex(JAVA_INT, k) * stride + lb;
      DoubleVector w0 = quadOf(val.getAtIndex(JAVA_DOUBLE, k));
      a0 = a0.add(quadAt(x, c0).mul(w0));
      a1 = a1.add(quadAt(x, c0 + 32).mul(w0));
    }
    a0.add(b0).intoMemorySegment(y, yi + lb, NATIVE);
    a1.add(b1).intoMemorySegment(y, yi + lb + 32, NATIVE);
  }

  /**
   * Lanes [l, l + lanes) of row y_i, lanes &lt;= 4: whole-quad loads of x (extra lanes only
   * feed extra lanes of the sums, which are not stored).
   */
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

  /** {@link #plainQuad} lane by lane, for rows whose whole quads would run past x. */
  private static void plainEdge(MemorySegment col, MemorySegment val, MemorySegment x,
      MemorySegment y, long start, long end, int count, int l, long yi, int lanes) {
    for (int j = 0; j < lanes; j++) {
      y.set(JAVA_DOUBLE, yi + (l + j) * (long) Double.BYTES,
          OperatorKernels.plainLane(col, val, x, start, end, count, l + j));
    }
  }
}
