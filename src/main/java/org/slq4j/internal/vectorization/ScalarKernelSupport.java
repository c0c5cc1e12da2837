package org.slq4j.internal.vectorization;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;

/** Plain Java loops: the reference for every other implementation and the fallback. */
final class ScalarKernelSupport implements KernelSupport {

  ScalarKernelSupport() {}

  @Override
  public double dot(MemorySegment x, long xo, MemorySegment y, long yo, long n) {
    double s = 0;
    for (long i = 0; i < n; i++) {
      s += x.getAtIndex(JAVA_DOUBLE, xo + i) * y.getAtIndex(JAVA_DOUBLE, yo + i);
    }
    return s;
  }

  /**
   * One unscaled pass; when its sum of squares lies outside the range where no square can have
   * under- or overflowed, a pass scaled by a power of two near max|x| (as OpenBLAS' dnrm2 and
   * Blue 1978 avoid both). Infinity wins over finite entries; NaN wins over everything.
   */
  @Override
  public double nrm2(MemorySegment x, long xo, long n) {
    double s = 0;
    for (long i = 0; i < n; i++) {
      double v = x.getAtIndex(JAVA_DOUBLE, xo + i);
      s = Math.fma(v, v, s);
    }
    if (NumericConstants.sumOfSquaresInRange(s)) {
      return Math.sqrt(s);
    }
    if (Double.isNaN(s)) {
      return Double.NaN;
    }
    double max = 0;
    for (long i = 0; i < n; i++) {
      max = Math.max(max, Math.abs(x.getAtIndex(JAVA_DOUBLE, xo + i)));
    }
    if (max == 0 || Double.isInfinite(max)) {
      return max;
    }
    int e = Math.getExponent(max);
    double down = Math.scalb(1.0, -e);
    double t = 0;
    for (long i = 0; i < n; i++) {
      double v = x.getAtIndex(JAVA_DOUBLE, xo + i) * down;
      t = Math.fma(v, v, t);
    }
    return Math.scalb(Math.sqrt(t), e);
  }

  @Override
  public void axpy(double a, MemorySegment x, long xo, MemorySegment y, long yo, long n) {
    for (long i = 0; i < n; i++) {
      y.setAtIndex(JAVA_DOUBLE, yo + i,
          Math.fma(a, x.getAtIndex(JAVA_DOUBLE, xo + i), y.getAtIndex(JAVA_DOUBLE, yo + i)));
    }
  }

  @Override
  public void scal(double a, MemorySegment x, long xo, long n) {
    for (long i = 0; i < n; i++) {
      x.setAtIndex(JAVA_DOUBLE, xo + i, a * x.getAtIndex(JAVA_DOUBLE, xo + i));
    }
  }

  @Override
  public void copy(MemorySegment src, long so, MemorySegment dst, long d, long n) {
    MemorySegment.copy(src, JAVA_DOUBLE, so * Double.BYTES, dst, JAVA_DOUBLE, d * Double.BYTES, n);
  }

  @Override
  public void fill(double value, MemorySegment x, long xo, long n) {
    for (long i = 0; i < n; i++) {
      x.setAtIndex(JAVA_DOUBLE, xo + i, value);
    }
  }

  @Override
  public double lanczosUpdate(
      MemorySegment w, long wo, MemorySegment v, long vo, MemorySegment u, long uo, double beta,
      long n) {
    double alpha = dot(w, wo, v, vo, n);
    for (long i = 0; i < n; i++) {
      double r = w.getAtIndex(JAVA_DOUBLE, wo + i)
          - alpha * v.getAtIndex(JAVA_DOUBLE, vo + i)
          - beta * u.getAtIndex(JAVA_DOUBLE, uo + i);
      w.setAtIndex(JAVA_DOUBLE, wo + i, r);
    }
    return alpha;
  }

  /**
   * The reference form of the fused sweep, written as separate passes: the three-term step,
   * then the removal of the known parts (FMAs in storage order, as the SIMD tiles do, so both
   * give the same bits for w), then the projections of the final w.
   */
  @Override
  public double lanczosSweepRows(
      MemorySegment basis, long bo, long stride, int k, long n, double sigma, double a1,
      double a2, double[] known, double[] p) {
    long wo = bo + k * stride;
    long z1 = bo + (k - 1) * stride;
    long z2 = k >= 2 ? bo + (k - 2) * stride : -1;
    for (long i = 0; i < n; i++) {
      double w = Math.fma(-a1, basis.getAtIndex(JAVA_DOUBLE, z1 + i),
          sigma * basis.getAtIndex(JAVA_DOUBLE, wo + i));
      if (z2 >= 0) {
        w = Math.fma(-a2, basis.getAtIndex(JAVA_DOUBLE, z2 + i), w);
      }
      for (int j = 0; j < k; j++) {
        w = Math.fma(-known[j], basis.getAtIndex(JAVA_DOUBLE, bo + j * stride + i), w);
      }
      basis.setAtIndex(JAVA_DOUBLE, wo + i, w);
    }
    for (int j = 0; j < k; j++) {
      p[j] = dot(basis, bo + j * stride, basis, wo, n);
    }
    double wsq = 0;
    for (long i = 0; i < n; i++) {
      double w = basis.getAtIndex(JAVA_DOUBLE, wo + i);
      wsq = Math.fma(w, w, wsq);
    }
    return wsq;
  }

  @Override
  public double lanczosThreeTerm(
      MemorySegment w, long wo, MemorySegment z, long zo, MemorySegment u, long uo, double sigma,
      double c1, double c2, long n) {
    double wsq = 0;
    for (long i = 0; i < n; i++) {
      double r = Math.fma(-c1, z.getAtIndex(JAVA_DOUBLE, zo + i),
          sigma * w.getAtIndex(JAVA_DOUBLE, wo + i));
      if (u != null) {
        r = Math.fma(-c2, u.getAtIndex(JAVA_DOUBLE, uo + i), r);
      }
      w.setAtIndex(JAVA_DOUBLE, wo + i, r);
      wsq = Math.fma(r, r, wsq);
    }
    return wsq;
  }
}
