package org.slq4j.internal.lanczos;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.slq4j.internal.vectorization.FloatBasisKernels;
import org.slq4j.internal.vectorization.NumericConstants;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * The rescue path of {@link DelayedReorthogonalizationRun}: when the delayed correction cannot
 * be trusted (the DGKS test refuses a single projection, or a norm leaves the safe range), the
 * new vector is orthogonalized at once by classical Gram-Schmidt with the DGKS criterion
 * (Daniel, Gragg, Kaufman and Stewart 1976) against V_j = Z_j S_j. It is the rare path: k dot
 * products and k axpys per pass, at most two passes. The stored vectors z_l are doubles or
 * floats ({@link Target}); the vector w and all arithmetic are double either way.
 */
final class ExplicitOrthogonalization {

  /** w and the stored vectors it is orthogonalized against. */
  private interface Target {
    /** z_l . w. */
    double dot(int l);

    /** w += a z_l. */
    void axpy(double a, int l);

    /** ||w||. */
    double norm();
  }

  private ExplicitOrthogonalization() {}

  /**
   * Orthogonalizes w in slot j+1 against V_j = Z_j S_j in place. Leaves the total coefficients
   * V_j^T w(before) in c[0..j]; p[0..j] is scratch.
   */
  static void apply(MemorySegment store, LanczosBasis basis, double[][] s, int j, long n,
      double[] p, double[] c) {
    long wo = basis.offset(j + 1);
    apply(new Target() {
      @Override
      public double dot(int l) {
        return VectorKernels.dot(store, basis.offset(l), store, wo, n);
      }

      @Override
      public void axpy(double a, int l) {
        VectorKernels.axpy(a, store, basis.offset(l), store, wo, n);
      }

      @Override
      public double norm() {
        return VectorKernels.nrm2(store, wo, n);
      }
    }, s, j, p, c);
  }

  /**
   * Orthogonalizes the n doubles w against V_j = Z_j S_j with Z_j the float slots 0..j of
   * {@code floats} in place, as {@link #apply(MemorySegment, LanczosBasis, double[][], int,
   * long, double[], double[])}.
   */
  static void applyToFloatBasis(LanczosBasis floats, MemorySegment w, double[][] s, int j,
      long n, double[] p, double[] c) {
    MemorySegment store = floats.storage();
    apply(new Target() {
      @Override
      public double dot(int l) {
        return FloatBasisKernels.dot(store, floats.offset(l), w, 0, n);
      }

      @Override
      public void axpy(double a, int l) {
        FloatBasisKernels.axpy(a, store, floats.offset(l), w, 0, n);
      }

      @Override
      public double norm() {
        return VectorKernels.nrm2(w, 0, n);
      }
    }, s, j, p, c);
  }

  private static void apply(Target w, double[][] s, int j, double[] p, double[] c) {
    Arrays.fill(c, 0, j + 1, 0.0);
    double[] cp = new double[j + 1];
    double[] e = new double[j + 1];
    double before = w.norm();
    for (int pass = 0; pass < 2; pass++) {
      for (int l = 0; l <= j; l++) {
        p[l] = w.dot(l);
      }
      SmallProducts.sTransposeTimes(s, j, p, cp);
      SmallProducts.sTimes(s, j, cp, e);
      for (int l = 0; l <= j; l++) {
        c[l] += cp[l];
        w.axpy(-e[l], l);
      }
      double after = w.norm();
      if (!(after < NumericConstants.DGKS_ETA * before)) {
        break;
      }
      before = after;
    }
  }
}
