package org.slq4j.internal.vectorization;

import static org.slq4j.internal.vectorization.PanamaVectorConstants.FBYTES;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.LANES;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.NATIVE;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.VBYTES;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.at;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.narrowInto;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.of;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.sumLanes;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.widenAt;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.DoubleVector;

/**
 * The Vector API kernels of a float basis. A stored vector is loaded {@link
 * PanamaVectorConstants#LANES} floats at a time and widened in the register to one vector of
 * doubles ({@link PanamaVectorConstants#widenAt}); everything after the load is the double
 * kernel. Created only by {@link PanamaVectorizationProvider}.
 *
 * <p>The sweep is the tiling of {@link PanamaLanczosSweep} with that load in place of the
 * double one, and w kept in x, a double vector, while a tile is worked on. It is a second
 * body rather than one body with a load hook chosen per storage type: a hook call site that
 * sees both the double and the float load merges two inlined vector values, and that merge
 * boxes every vector (see {@link PanamaVectorConstants}).
 */
final class PanamaFloatBasisSupport implements FloatBasisSupport {

  /** Rows per tile, as in {@link PanamaLanczosSweep}: the w tile (8 KiB) stays in L1. */
  static final long TILE_ROWS = PanamaLanczosSweep.TILE_ROWS;

  private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
  private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

  PanamaFloatBasisSupport() {}

  /** Four accumulators, as {@link PanamaKernelSupport#dot}. */
  @Override
  public double dot(MemorySegment z, long zo, MemorySegment x, long xo, long n) {
    long zb = zo * Float.BYTES;
    long xb = xo * Double.BYTES;
    long i = 0;
    double sum = 0;
    if (n >= LANES) {
      DoubleVector a0 = of(0.0);
      DoubleVector a1 = a0;
      DoubleVector a2 = a0;
      DoubleVector a3 = a0;
      long bound4 = n - n % (4L * LANES);
      for (; i < bound4; i += 4L * LANES) {
        long fz = zb + i * Float.BYTES;
        long dx = xb + i * Double.BYTES;
        a0 = widenAt(z, fz).fma(at(x, dx), a0);
        a1 = widenAt(z, fz + FBYTES).fma(at(x, dx + VBYTES), a1);
        a2 = widenAt(z, fz + 2 * FBYTES).fma(at(x, dx + 2 * VBYTES), a2);
        a3 = widenAt(z, fz + 3 * FBYTES).fma(at(x, dx + 3 * VBYTES), a3);
      }
      long bound = n - n % LANES;
      for (; i < bound; i += LANES) {
        a0 = widenAt(z, zb + i * Float.BYTES).fma(at(x, xb + i * Double.BYTES), a0);
      }
      sum = sumLanes(a0.add(a1).add(a2.add(a3)));
    }
    for (; i < n; i++) {
      sum = Math.fma(z.getAtIndex(F, zo + i), x.getAtIndex(D, xo + i), sum);
    }
    return sum;
  }

  @Override
  public void axpy(double a, MemorySegment z, long zo, MemorySegment y, long yo, long n) {
    DoubleVector av = of(a);
    long zb = zo * Float.BYTES;
    long yb = yo * Double.BYTES;
    long i = 0;
    long bound = n - n % LANES;
    for (; i < bound; i += LANES) {
      long dy = yb + i * Double.BYTES;
      widenAt(z, zb + i * Float.BYTES).fma(av, at(y, dy)).intoMemorySegment(y, dy, NATIVE);
    }
    for (; i < n; i++) {
      y.setAtIndex(D, yo + i, Math.fma(a, z.getAtIndex(F, zo + i), y.getAtIndex(D, yo + i)));
    }
  }

  @Override
  public double narrow(double scale, MemorySegment x, long xo, MemorySegment z, long zo,
      long n) {
    DoubleVector s = of(scale);
    long zb = zo * Float.BYTES;
    long xb = xo * Double.BYTES;
    long i = 0;
    double sum = 0;
    if (n >= LANES) {
      DoubleVector q = of(0.0);
      long bound = n - n % LANES;
      for (; i < bound; i += LANES) {
        long dx = xb + i * Double.BYTES;
        DoubleVector r = narrowInto(at(x, dx).mul(s), z, zb + i * Float.BYTES);
        r.intoMemorySegment(x, dx, NATIVE);
        q = r.fma(r, q);
      }
      sum = sumLanes(q);
    }
    for (; i < n; i++) {
      float f = (float) (scale * x.getAtIndex(D, xo + i));
      z.setAtIndex(F, zo + i, f);
      x.setAtIndex(D, xo + i, f);
      sum = Math.fma((double) f, f, sum);
    }
    return sum;
  }

  /**
   * Each row tile gets the three-term step (w from y and the two newest stored vectors, into
   * the x tile), then every group of 4 stored vectors is loaded once and used twice, to remove
   * its known parts from the w tile and to project that w, and last the tile is squared,
   * rounded to float into slot k and written back to x as the stored values. DRAM traffic: the
   * k stored vectors read once (4 bytes an entry), y read, the new float vector and x written.
   */
  @Override
  public double lanczosSweepRows(
      MemorySegment basis, long bo, long stride, int k, long rows, MemorySegment y, long yo,
      MemorySegment x, long xo, double sigma, double a1, double a2, double[] known,
      double scale, double[] p) {
    long wo = bo + k * stride;
    long z1 = bo + (k - 1) * stride;
    long z2 = k >= 2 ? bo + (k - 2) * stride : -1;
    long nv = rows - rows % LANES;
    double[] acc = new double[(k + 1) * LANES];
    for (long r0 = 0; r0 < nv; r0 += TILE_ROWS) {
      long r1 = Math.min(nv, r0 + TILE_ROWS);
      threeTermTile(basis, z1, z2, y, yo, x, xo, r0, r1, sigma, a1, a2);
      int j = 0;
      for (; j + 4 <= k; j += 4) {
        sweepTile4(basis, bo, j, stride, x, xo, r0, r1, known, acc);
      }
      for (; j < k; j++) {
        sweepTile1(basis, bo, j, stride, x, xo, r0, r1, known, acc);
      }
      storeTile(basis, wo, x, xo, r0, r1, scale, acc, k);
    }
    double wsq = 0;
    for (int l = 0; l < LANES; l++) {
      wsq += acc[k * LANES + l];
    }
    // Scalar rows [nv, rows): w in the order of ScalarFloatBasisSupport, each projection taken
    // at the same point of the subtractions as in the tiles (after its group of 4, or alone).
    double[] tail = new double[k];
    for (long i = nv; i < rows; i++) {
      double w = Math.fma(-a1, basis.getAtIndex(F, z1 + i), sigma * y.getAtIndex(D, yo + i));
      if (z2 >= 0) {
        w = Math.fma(-a2, basis.getAtIndex(F, z2 + i), w);
      }
      int j = 0;
      for (; j < k; ) {
        int group = j + 4 <= k ? 4 : 1;
        for (int l = j; l < j + group; l++) {
          w = Math.fma(-known[l], basis.getAtIndex(F, bo + l * stride + i), w);
        }
        for (int l = j; l < j + group; l++) {
          tail[l] = Math.fma(basis.getAtIndex(F, bo + l * stride + i), w, tail[l]);
        }
        j += group;
      }
      wsq = Math.fma(w, w, wsq);
      float f = (float) (scale * w);
      basis.setAtIndex(F, wo + i, f);
      x.setAtIndex(D, xo + i, f);
    }
    for (int j = 0; j < k; j++) {
      double t = acc[j * LANES];
      for (int l = 1; l < LANES; l++) {
        t += acc[j * LANES + l];
      }
      p[j] = t + tail[j];
    }
    return wsq;
  }

  /** x = sigma*y - a1*z_{k-1} - a2*z_{k-2} on rows [r0, r1): the w tile, in double. */
  private static void threeTermTile(
      MemorySegment m, long z1, long z2, MemorySegment y, long yo, MemorySegment x, long xo,
      long r0, long r1, double sigma, double a1, double a2) {
    long yb = (yo + r0) * Double.BYTES;
    long xb = (xo + r0) * Double.BYTES;
    long b1 = (z1 + r0) * Float.BYTES;
    long end = r1 - r0;
    DoubleVector s = of(sigma);
    DoubleVector n1 = of(-a1);
    if (z2 < 0) {
      for (long i = 0; i < end; i += LANES) {
        widenAt(m, b1 + i * Float.BYTES).fma(n1, at(y, yb + i * Double.BYTES).mul(s))
            .intoMemorySegment(x, xb + i * Double.BYTES, NATIVE);
      }
      return;
    }
    long b2 = (z2 + r0) * Float.BYTES;
    DoubleVector n2 = of(-a2);
    for (long i = 0; i < end; i += LANES) {
      long fo = i * Float.BYTES;
      DoubleVector w = widenAt(m, b1 + fo).fma(n1, at(y, yb + i * Double.BYTES).mul(s));
      widenAt(m, b2 + fo).fma(n2, w).intoMemorySegment(x, xb + i * Double.BYTES, NATIVE);
    }
  }

  /**
   * Stored vectors j..j+3 on rows [r0, r1): each loaded once, then used to remove its known
   * part from the w tile (in x, updated in place) and to project that w (acc).
   */
  private static void sweepTile4(
      MemorySegment v, long bo, int j, long stride, MemorySegment x, long xo, long r0, long r1,
      double[] known, double[] acc) {
    long xb = (xo + r0) * Double.BYTES;
    long end = r1 - r0;
    long sb = stride * Float.BYTES;
    long b0 = (bo + j * stride + r0) * Float.BYTES;
    long b1 = b0 + sb;
    long b2 = b1 + sb;
    long b3 = b2 + sb;
    DoubleVector a0 = at(acc, j * LANES);
    DoubleVector a1 = at(acc, (j + 1) * LANES);
    DoubleVector a2 = at(acc, (j + 2) * LANES);
    DoubleVector a3 = at(acc, (j + 3) * LANES);
    DoubleVector d0 = of(-known[j]);
    DoubleVector d1 = of(-known[j + 1]);
    DoubleVector d2 = of(-known[j + 2]);
    DoubleVector d3 = of(-known[j + 3]);
    for (long i = 0; i < end; i += LANES) {
      long fo = i * Float.BYTES;
      long dox = xb + i * Double.BYTES;
      DoubleVector p0 = widenAt(v, b0 + fo);
      DoubleVector p1 = widenAt(v, b1 + fo);
      DoubleVector p2 = widenAt(v, b2 + fo);
      DoubleVector p3 = widenAt(v, b3 + fo);
      DoubleVector w = p0.fma(d0, at(x, dox));
      w = p1.fma(d1, w);
      w = p2.fma(d2, w);
      w = p3.fma(d3, w);
      w.intoMemorySegment(x, dox, NATIVE);
      a0 = p0.fma(w, a0);
      a1 = p1.fma(w, a1);
      a2 = p2.fma(w, a2);
      a3 = p3.fma(w, a3);
    }
    a0.intoArray(acc, j * LANES);
    a1.intoArray(acc, (j + 1) * LANES);
    a2.intoArray(acc, (j + 2) * LANES);
    a3.intoArray(acc, (j + 3) * LANES);
  }

  /** One stored vector j on rows [r0, r1), as {@link #sweepTile4}. */
  private static void sweepTile1(
      MemorySegment v, long bo, int j, long stride, MemorySegment x, long xo, long r0, long r1,
      double[] known, double[] acc) {
    long xb = (xo + r0) * Double.BYTES;
    long end = r1 - r0;
    long b0 = (bo + j * stride + r0) * Float.BYTES;
    DoubleVector a0 = at(acc, j * LANES);
    DoubleVector d0 = of(-known[j]);
    for (long i = 0; i < end; i += LANES) {
      long dox = xb + i * Double.BYTES;
      DoubleVector p0 = widenAt(v, b0 + i * Float.BYTES);
      DoubleVector w = p0.fma(d0, at(x, dox));
      w.intoMemorySegment(x, dox, NATIVE);
      a0 = p0.fma(w, a0);
    }
    a0.intoArray(acc, j * LANES);
  }

  /**
   * The finished w tile on rows [r0, r1): squared into the lane accumulator acc[k], rounded
   * (times scale) to float into slot k, and the stored values written back to x.
   */
  private static void storeTile(
      MemorySegment v, long wo, MemorySegment x, long xo, long r0, long r1, double scale,
      double[] acc, int k) {
    long xb = (xo + r0) * Double.BYTES;
    long fb = (wo + r0) * Float.BYTES;
    long end = r1 - r0;
    DoubleVector s = of(scale);
    DoubleVector q = at(acc, k * LANES);
    for (long i = 0; i < end; i += LANES) {
      long dox = xb + i * Double.BYTES;
      DoubleVector w = at(x, dox);
      q = w.fma(w, q);
      narrowInto(w.mul(s), v, fb + i * Float.BYTES).intoMemorySegment(x, dox, NATIVE);
    }
    q.intoArray(acc, k * LANES);
  }
}
