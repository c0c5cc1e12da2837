package org.slq4j.internal.vectorization;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;

/**
 * Plain Java loops for a float basis: the reference for the Panama implementation and the
 * fallback. Each stored entry is widened exactly ({@code (double) f}) where it is read.
 */
final class ScalarFloatBasisSupport implements FloatBasisSupport {

  ScalarFloatBasisSupport() {}

  private static double z(MemorySegment s, long i) {
    return s.getAtIndex(JAVA_FLOAT, i);
  }

  @Override
  public double dot(MemorySegment z, long zo, MemorySegment x, long xo, long n) {
    double s = 0;
    for (long i = 0; i < n; i++) {
      s = Math.fma(z(z, zo + i), x.getAtIndex(JAVA_DOUBLE, xo + i), s);
    }
    return s;
  }

  @Override
  public void axpy(double a, MemorySegment z, long zo, MemorySegment y, long yo, long n) {
    for (long i = 0; i < n; i++) {
      y.setAtIndex(JAVA_DOUBLE, yo + i,
          Math.fma(a, z(z, zo + i), y.getAtIndex(JAVA_DOUBLE, yo + i)));
    }
  }

  @Override
  public double narrow(double scale, MemorySegment x, long xo, MemorySegment z, long zo,
      long n) {
    double s = 0;
    for (long i = 0; i < n; i++) {
      float f = (float) (scale * x.getAtIndex(JAVA_DOUBLE, xo + i));
      z.setAtIndex(JAVA_FLOAT, zo + i, f);
      x.setAtIndex(JAVA_DOUBLE, xo + i, f);
      s = Math.fma((double) f, f, s);
    }
    return s;
  }

  /**
   * The reference form of the sweep, row by row: w in double by the documented FMA sequence
   * (the order of the SIMD tiles, so both give the same bits for w, the stored floats and x),
   * then the projections and the sum of squares of that w.
   */
  @Override
  public double lanczosSweepRows(
      MemorySegment basis, long bo, long stride, int k, long rows, MemorySegment y, long yo,
      MemorySegment x, long xo, double sigma, double a1, double a2, double[] known,
      double scale, double[] p) {
    long wo = bo + k * stride;
    long z1 = bo + (k - 1) * stride;
    long z2 = k >= 2 ? bo + (k - 2) * stride : -1;
    double[] acc = new double[k];
    double wsq = 0;
    for (long i = 0; i < rows; i++) {
      double w = Math.fma(-a1, z(basis, z1 + i), sigma * y.getAtIndex(JAVA_DOUBLE, yo + i));
      if (z2 >= 0) {
        w = Math.fma(-a2, z(basis, z2 + i), w);
      }
      for (int j = 0; j < k; j++) {
        w = Math.fma(-known[j], z(basis, bo + j * stride + i), w);
      }
      for (int j = 0; j < k; j++) {
        acc[j] = Math.fma(z(basis, bo + j * stride + i), w, acc[j]);
      }
      wsq = Math.fma(w, w, wsq);
      float f = (float) (scale * w);
      basis.setAtIndex(JAVA_FLOAT, wo + i, f);
      x.setAtIndex(JAVA_DOUBLE, xo + i, f);
    }
    System.arraycopy(acc, 0, p, 0, k);
    return wsq;
  }
}
