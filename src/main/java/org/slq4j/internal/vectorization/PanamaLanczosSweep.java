package org.slq4j.internal.vectorization;

import static org.slq4j.internal.vectorization.PanamaVectorConstants.LANES;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.NATIVE;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.VBYTES;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.at;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.of;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.DoubleVector;

/**
 * The Vector API form of the fused Lanczos sweep ({@link VectorKernels#lanczosSweep}): one pass
 * over the stored vectors per Lanczos step. Each row tile first gets the three-term step (w from
 * y and the two newest vectors), then every group of 4 stored vectors is loaded once and used
 * twice, to remove its known (small) parts from the w tile, which stays in L1, and to project
 * that w. DRAM traffic: the k stored vectors read once, y read and w written once.
 *
 * <p>No DoubleVector crosses a method boundary: a vector passed in or returned is boxed, and a
 * boxed vector flowing into a loop phi makes C2 allocate in the loop. Lane accumulators persist
 * across tiles in a heap array instead.
 */
final class PanamaLanczosSweep {

  /**
   * Rows per tile: the w tile (8 KiB) stays in L1 while the stored vectors stream past it 4 at
   * a time.
   */
  static final long TILE_ROWS = 1024;

  private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

  private PanamaLanczosSweep() {}

  /**
   * Rows [0, n) of vectors {@code stride} doubles apart (vector i from bo + i * stride); the
   * whole sweep when stride = n.
   */
  static double sweep(
      MemorySegment basis, long bo, long stride, int k, long n, double sigma, double a1,
      double a2, double[] known, double[] p) {
    long wo = bo + k * stride;
    long z1 = bo + (k - 1) * stride;
    long z2 = k >= 2 ? bo + (k - 2) * stride : -1;
    long nv = n - n % LANES;
    double[] acc = new double[k * LANES];
    double wsq = 0;
    for (long r0 = 0; r0 < nv; r0 += TILE_ROWS) {
      long r1 = Math.min(nv, r0 + TILE_ROWS);
      threeTermTile(basis, wo, z1, z2, r0, r1, sigma, a1, a2);
      int j = 0;
      for (; j + 4 <= k; j += 4) {
        sweepTile4(basis, bo, j, stride, wo, r0, r1, known, acc);
      }
      for (; j < k; j++) {
        sweepTile1(basis, bo, j, stride, wo, r0, r1, known, acc);
      }
      wsq += PanamaKernelSupport.sumSquares(basis, wo + r0, r1 - r0);
    }
    // Scalar rows [nv, n): w in the order of ScalarKernelSupport, each projection taken at the
    // same point of the subtractions as in the tiles (after its group of 4, or its own, single).
    double[] tail = new double[k];
    for (long i = nv; i < n; i++) {
      double w = Math.fma(-a1, basis.getAtIndex(D, z1 + i), sigma * basis.getAtIndex(D, wo + i));
      if (z2 >= 0) {
        w = Math.fma(-a2, basis.getAtIndex(D, z2 + i), w);
      }
      int j = 0;
      for (; j < k; ) {
        int group = j + 4 <= k ? 4 : 1;
        for (int l = j; l < j + group; l++) {
          w = Math.fma(-known[l], basis.getAtIndex(D, bo + l * stride + i), w);
        }
        for (int l = j; l < j + group; l++) {
          tail[l] = Math.fma(basis.getAtIndex(D, bo + l * stride + i), w, tail[l]);
        }
        j += group;
      }
      basis.setAtIndex(D, wo + i, w);
      wsq = Math.fma(w, w, wsq);
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

  /** w = sigma*y - a1*z_{k-1} - a2*z_{k-2} on rows [r0, r1) (y and w share slot k). */
  private static void threeTermTile(
      MemorySegment m, long wo, long z1, long z2, long r0, long r1, double sigma, double a1,
      double a2) {
    long wb = (wo + r0) * Double.BYTES;
    long b1 = (z1 + r0) * Double.BYTES;
    long end = (r1 - r0) * Double.BYTES;
    DoubleVector s = of(sigma);
    DoubleVector n1 = of(-a1);
    if (z2 < 0) {
      for (long o = 0; o < end; o += VBYTES) {
        at(m, b1 + o).fma(n1, at(m, wb + o).mul(s)).intoMemorySegment(m, wb + o, NATIVE);
      }
      return;
    }
    long b2 = (z2 + r0) * Double.BYTES;
    DoubleVector n2 = of(-a2);
    for (long o = 0; o < end; o += VBYTES) {
      DoubleVector w = at(m, b1 + o).fma(n1, at(m, wb + o).mul(s));
      at(m, b2 + o).fma(n2, w).intoMemorySegment(m, wb + o, NATIVE);
    }
  }

  /**
   * Stored vectors j..j+3 on rows [r0, r1): each loaded once, then used to remove its known part
   * from the w tile (updated in place) and to project that w (acc).
   */
  private static void sweepTile4(
      MemorySegment v, long bo, int j, long stride, long wo, long r0, long r1, double[] known,
      double[] acc) {
    long wb = (wo + r0) * Double.BYTES;
    long end = (r1 - r0) * Double.BYTES;
    long nb = stride * Double.BYTES;
    long b0 = (bo + j * stride + r0) * Double.BYTES;
    long b1 = b0 + nb;
    long b2 = b1 + nb;
    long b3 = b2 + nb;
    DoubleVector a0 = at(acc, j * LANES);
    DoubleVector a1 = at(acc, (j + 1) * LANES);
    DoubleVector a2 = at(acc, (j + 2) * LANES);
    DoubleVector a3 = at(acc, (j + 3) * LANES);
    DoubleVector d0 = of(-known[j]);
    DoubleVector d1 = of(-known[j + 1]);
    DoubleVector d2 = of(-known[j + 2]);
    DoubleVector d3 = of(-known[j + 3]);
    for (long o = 0; o < end; o += VBYTES) {
      DoubleVector p0 = at(v, b0 + o);
      DoubleVector p1 = at(v, b1 + o);
      DoubleVector p2 = at(v, b2 + o);
      DoubleVector p3 = at(v, b3 + o);
      DoubleVector w = p0.fma(d0, at(v, wb + o));
      w = p1.fma(d1, w);
      w = p2.fma(d2, w);
      w = p3.fma(d3, w);
      w.intoMemorySegment(v, wb + o, NATIVE);
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

  /**
   * One stored vector j on rows [r0, r1), as {@link #sweepTile4}: the last k mod 4 stored
   * vectors, whose projections the documented order takes one at a time.
   */
  private static void sweepTile1(
      MemorySegment v, long bo, int j, long stride, long wo, long r0, long r1, double[] known,
      double[] acc) {
    long wb = (wo + r0) * Double.BYTES;
    long end = (r1 - r0) * Double.BYTES;
    long b0 = (bo + j * stride + r0) * Double.BYTES;
    DoubleVector a0 = at(acc, j * LANES);
    DoubleVector d0 = of(-known[j]);
    for (long o = 0; o < end; o += VBYTES) {
      DoubleVector p0 = at(v, b0 + o);
      DoubleVector w = p0.fma(d0, at(v, wb + o));
      w.intoMemorySegment(v, wb + o, NATIVE);
      a0 = p0.fma(w, a0);
    }
    a0.intoArray(acc, j * LANES);
  }
}
