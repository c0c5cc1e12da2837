package org.slq4j.lanczos;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.slq4j.NonFiniteValueException;
import org.slq4j.SymmetricOperator;
import org.slq4j.kernels.VectorKernels;

/**
 * The symmetric Lanczos iteration (Lanczos 1950; Golub and Van Loan, Matrix Computations, 4th
 * ed., section 10.1). From a unit start vector v_1 it builds an orthonormal basis of the Krylov
 * space and the tridiagonal T = V^T H V, whose Gauss quadrature rule approximates the start
 * vector's spectral measure.
 *
 * <p>Each step applies the operator directly into the next basis slot (no copy) and makes the
 * three-term update w -= alpha_j v_j + beta_{j-1} v_{j-1}. With {@link Reorthogonalization#FULL}
 * one call of the blocked Gram-Schmidt kernel then removes what rounding left of the components
 * along all previous vectors (one projection and one update sweep over the stored basis; a second
 * only when the DGKS criterion asks for it), and its coefficient along v_j corrects alpha_j. With
 * {@link Reorthogonalization#NONE} only three vectors are kept.
 *
 * <p>The run stops early when beta_j falls to rounding level relative to ||T||, that is
 * {@code beta_j <= 100 * eps * sqrt(n) * ||T||} with ||T|| estimated by the largest Gershgorin
 * radius so far: the Krylov space is then invariant and T already carries the whole spectral
 * measure of the start vector.
 */
public final class Lanczos {

  private static final double EPS = Math.ulp(1.0);

  private Lanczos() {}

  /**
   * Runs up to {@code steps} Lanczos steps from {@code start}.
   *
   * @param operator the symmetric operator H; it must be safe to call from this thread
   * @param start n doubles, not all zero; normalized internally and not modified
   * @param steps requested order of T, 1 <= steps <= n
   * @param mode reorthogonalization policy
   * @param arena owns the basis storage (n * (steps + 1) doubles for FULL, 3n for NONE)
   * @param onStep called after each completed step with its 1-based index (may be null)
   * @throws NonFiniteValueException when the operator produces NaN or infinity (run index -1)
   */
  public static LanczosResult run(SymmetricOperator operator, MemorySegment start, int steps,
      Reorthogonalization mode, Arena arena, IntConsumer onStep) {
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(arena, "arena");
    long n = operator.dimension();
    if (n < 1) {
      throw new IllegalArgumentException("operator dimension must be >= 1, got " + n);
    }
    if (steps < 1 || steps > n) {
      throw new IllegalArgumentException("steps must be in [1, n = " + n + "], got " + steps);
    }
    if (start.byteSize() < n * Double.BYTES) {
      throw new IllegalArgumentException("start holds " + start.byteSize() / Double.BYTES
          + " doubles, operator dimension is " + n);
    }
    boolean full = mode == Reorthogonalization.FULL;
    LanczosBasis basis = new LanczosBasis(arena, n, full ? steps + 1 : 3);
    MemorySegment store = basis.storage();

    double startNorm = VectorKernels.nrm2(start, 0, n);
    if (!(startNorm > 0) || !Double.isFinite(startNorm)) {
      throw new IllegalArgumentException("start vector norm must be positive and finite, got "
          + startNorm);
    }
    VectorKernels.copy(start, 0, store, 0, n);
    VectorKernels.scal(1.0 / startNorm, store, 0, n);

    double[] alpha = new double[steps];
    double[] beta = new double[Math.max(steps - 1, 0)];
    double[] h = full ? new double[steps] : null;
    double tolerance = 100 * EPS * Math.sqrt((double) n);
    double normT = 0;
    double betaPrev = 0;
    long matvecNanos = 0;
    long reorthNanos = 0;
    int secondPasses = 0;
    int taken = 0;
    boolean invariant = false;

    for (int j = 0; j < steps; j++) {
      int cur = full ? j : j % 3;
      int next = full ? j + 1 : (j + 1) % 3;
      int prev = full ? Math.max(j - 1, 0) : (j + 2) % 3;
      MemorySegment w = basis.slot(next);

      long t0 = System.nanoTime();
      operator.apply(basis.slot(cur), w);
      long t1 = System.nanoTime();
      matvecNanos += t1 - t0;

      // The three-term step removes the large components along v_j and v_{j-1} while reading
      // two vectors; the Gram-Schmidt sweep over the whole basis then only has rounding-level
      // components left to remove, so the DGKS test rarely asks for a second sweep.
      double a = VectorKernels.lanczosUpdate(store, basis.offset(next), store, basis.offset(cur),
          store, basis.offset(prev), j == 0 ? 0.0 : betaPrev, n);
      if (full) {
        int passes = VectorKernels.orthogonalize(store, 0, j + 1, n, store, basis.offset(next), h);
        if (passes > 1) {
          secondPasses++;
        }
        a += h[j];
      }
      double b = VectorKernels.nrm2(store, basis.offset(next), n);
      if (!Double.isFinite(a) || !Double.isFinite(b)) {
        throw new NonFiniteValueException(-1, j + 1,
            "the operator returned NaN or infinity (alpha = " + a + ", beta = " + b + ")");
      }
      alpha[j] = a;
      taken = j + 1;
      normT = Math.max(normT, Math.abs(a) + b + betaPrev);
      invariant = j + 1 < steps && b <= tolerance * normT;
      if (j + 1 < steps && !invariant) {
        VectorKernels.scal(1.0 / b, store, basis.offset(next), n);
        beta[j] = b;
        betaPrev = b;
      }
      reorthNanos += System.nanoTime() - t1;
      if (onStep != null) {
        onStep.accept(j + 1);
      }
      if (invariant) {
        break;
      }
    }
    double[] a = taken == steps ? alpha : Arrays.copyOf(alpha, taken);
    double[] b = taken == steps ? beta : Arrays.copyOf(beta, taken - 1);
    return new LanczosResult(a, b, invariant, taken, matvecNanos, reorthNanos, secondPasses);
  }
}
