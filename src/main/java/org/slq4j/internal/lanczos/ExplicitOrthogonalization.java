package org.slq4j.internal.lanczos;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.slq4j.internal.vectorization.NumericConstants;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * The rescue path of {@link DelayedReorthogonalizationRun}: when the delayed correction cannot
 * be trusted (the DGKS test refuses a single projection, or a norm leaves the safe range), the
 * new vector is orthogonalized at once by classical Gram-Schmidt with the DGKS criterion
 * (Daniel, Gragg, Kaufman and Stewart 1976) against V_j = Z_j S_j. It is the rare path: k dot
 * products and k axpys per pass, at most two passes.
 */
final class ExplicitOrthogonalization {

  private ExplicitOrthogonalization() {}

  /**
   * Orthogonalizes w in slot j+1 against V_j = Z_j S_j in place. Leaves the total coefficients
   * V_j^T w(before) in c[0..j]; p[0..j] is scratch.
   */
  static void apply(MemorySegment store, LanczosBasis basis, double[][] s, int j, long n,
      double[] p, double[] c) {
    long wo = basis.offset(j + 1);
    Arrays.fill(c, 0, j + 1, 0.0);
    double[] cp = new double[j + 1];
    double[] e = new double[j + 1];
    double before = VectorKernels.nrm2(store, wo, n);
    for (int pass = 0; pass < 2; pass++) {
      for (int l = 0; l <= j; l++) {
        p[l] = VectorKernels.dot(store, basis.offset(l), store, wo, n);
      }
      SmallProducts.sTransposeTimes(s, j, p, cp);
      SmallProducts.sTimes(s, j, cp, e);
      for (int l = 0; l <= j; l++) {
        c[l] += cp[l];
        VectorKernels.axpy(-e[l], store, basis.offset(l), store, wo, n);
      }
      double after = VectorKernels.nrm2(store, wo, n);
      if (!(after < NumericConstants.DGKS_ETA * before)) {
        break;
      }
      before = after;
    }
  }
}
