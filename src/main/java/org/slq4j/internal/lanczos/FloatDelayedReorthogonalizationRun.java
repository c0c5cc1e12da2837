package org.slq4j.internal.lanczos;

import java.lang.foreign.MemorySegment;
import org.slq4j.internal.parallel.Lanes;
import org.slq4j.internal.vectorization.FloatBasisKernels;
import org.slq4j.internal.vectorization.NumericConstants;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * {@link DelayedReorthogonalizationRun} with the stored vectors z_0, z_1, ... kept in floats
 * ({@link org.slq4j.BasisPrecision#FLOAT32}): half the memory of the basis and half the bytes
 * each sweep reads. Everything else is double: S and T, the operator's input x and output y
 * (two double vectors beside the basis), and every product and sum of the kernels
 * ({@link FloatBasisKernels}), which widen each stored entry where they load it.
 *
 * <p>The operator is applied to exactly the stored vector: the sweep that stores
 * z_{j+1} = float(g w) also writes x = double(z_{j+1}), so y = H z_{j+1} and the Krylov
 * relation the delayed correction relies on holds for the stored basis up to the rounding of
 * the matvec. The rounding of w to float (relative 2^-24 per entry) is a perturbation of the
 * recurrence of that size which no later step removes: the projections p = Z^T w belong to
 * the unrounded w, so each new v_{j+1} carries cosines of order 2^-24 / sqrt(n) to 2^-24 with
 * the earlier ones, and max |V^T V - I| stays near float rounding instead of double rounding.
 * Ritz values are those of an operator perturbed by about 2^-24 ||H||, far below what a
 * density resolves.
 *
 * <p>g is a power of two (exact scaling) that keeps the stored vector near unit norm whatever
 * the operator's scale, so floats neither overflow nor lose entries to underflow:
 * S_{j+1,j+1} = 1 / (g b) carries it. It is guessed from beta_{j-1} (from ||sigma y|| on the
 * first step); when the stored norm g ||w|| lands outside [2^-60, 2^60] the sweep, which only
 * reads y, is repeated with g from ||w||.
 */
final class FloatDelayedReorthogonalizationRun extends DelayedReorthogonalizationRun {

  private static final double STORED_LOW = 0x1p-60;
  private static final double STORED_HIGH = 0x1p60;

  private final MemorySegment x;
  private final MemorySegment y;
  /** g of the last sweep: z_{j+1} = float(g w). */
  private double scale = 1.0;
  /** ||z_{j+1}|| after an explicit step, which stores the orthogonalized vector normalized. */
  private double explicitNorm = 1.0;

  private FloatDelayedReorthogonalizationRun(long n, int steps, LanczosBasis floats,
      MemorySegment x, MemorySegment y, Lanes lanes) {
    super(n, steps, floats, lanes);
    this.x = x;
    this.y = y;
  }

  /**
   * The run of {@code shape} (FULL, FLOAT32) over {@code storage}: x and y, n doubles each,
   * then steps + 1 float slots ({@link RunShape#storageBytes()}).
   */
  static FloatDelayedReorthogonalizationRun over(RunShape shape, MemorySegment storage,
      Lanes lanes) {
    long n = shape.n();
    int steps = shape.steps();
    long vector = n * Double.BYTES;
    MemorySegment floats = storage.asSlice(shape.workBytes(),
        shape.basisVectors() * n * Float.BYTES);
    return new FloatDelayedReorthogonalizationRun(n, steps,
        new LanczosBasis(floats, n, steps + 1, Float.BYTES), storage.asSlice(0, vector),
        storage.asSlice(vector, vector), lanes);
  }

  @Override
  MemorySegment startSlot() {
    return x;
  }

  /**
   * z_0 = float(start / startNorm), x = double(z_0); S_00 = 1 / ||z_0|| makes v_0 a unit vector
   * in double although z_0 was rounded.
   */
  @Override
  void normalizeStart(double startNorm) {
    double sq = FloatBasisKernels.narrow(1.0 / startNorm, x, 0, store, basis.offset(0), n);
    s[0][0] = 1.0 / Math.sqrt(sq);
  }

  @Override
  MemorySegment input() {
    return x;
  }

  @Override
  MemorySegment output() {
    return y;
  }

  @Override
  double sweep(int j, double sigma, double a1, double a2, double[] known, double[] p) {
    double g = j > 0 ? inverse(betaPrev) : inverse(Math.abs(sigma) * VectorKernels.nrm2(y, 0, n));
    double wsq = sweepWith(g, j, sigma, a1, a2, known, p);
    double stored = g * Math.sqrt(wsq);
    if (!(stored >= STORED_LOW && stored <= STORED_HIGH) && !Double.isNaN(wsq)) {
      double norm = NumericConstants.sumOfSquaresInRange(wsq) ? Math.sqrt(wsq)
          : Math.abs(sigma) * VectorKernels.nrm2(y, 0, n);
      if (norm > 0 && Double.isFinite(norm)) {
        g = inverse(norm);
        wsq = sweepWith(g, j, sigma, a1, a2, known, p);
      }
    }
    scale = g;
    return wsq;
  }

  private double sweepWith(double g, int j, double sigma, double a1, double a2, double[] known,
      double[] p) {
    return split.floatSweep(store, j + 1, y, x, sigma, a1, a2, known, g, p);
  }

  /**
   * Orthogonalizes x = g w (the stored values) in double against V_j, then stores the result
   * normalized in slot j+1 and its rounded values in x; c and the returned norm are of w.
   */
  @Override
  double orthogonalizeExplicitly(int j, double[] p, double[] c) {
    ExplicitOrthogonalization.applyToFloatBasis(basis, x, s, j, n, p, c);
    double norm = VectorKernels.nrm2(x, 0, n);
    for (int i = 0; i <= j; i++) {
      c[i] /= scale;
    }
    if (norm > 0 && Double.isFinite(norm)) {
      explicitNorm = Math.sqrt(
          FloatBasisKernels.narrow(1.0 / norm, x, 0, store, basis.offset(j + 1), n));
    }
    return norm / scale;
  }

  @Override
  double storeNext(int j, double b, boolean delayed) {
    return delayed ? 1.0 / (scale * b) : 1.0 / explicitNorm;
  }

  /** A power of two g with g * norm in [1, 2); 1 when norm is zero or not finite. */
  private static double inverse(double norm) {
    if (!(norm > 0) || !Double.isFinite(norm)) {
      return 1.0;
    }
    return Math.scalb(1.0, -Math.getExponent(norm));
  }
}
