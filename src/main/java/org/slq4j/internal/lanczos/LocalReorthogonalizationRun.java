package org.slq4j.internal.lanczos;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.slq4j.internal.parallel.Lanes;
import org.slq4j.internal.vectorization.NumericConstants;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * A run with local reorthogonalization ({@link org.slq4j.Reorthogonalization#LOCAL}): each new
 * vector is orthogonalized against the most recent {@code window} Lanczos vectors only, so the
 * run's memory is bounded by the window whatever the number of steps.
 *
 * <p>The kept vectors v_{j-k+1} .. v_j (k = min(j + 1, window)) sit in consecutive slots, with
 * the slot after them receiving y = H v_j, so that each orthogonalization pass is one call of
 * the fused sweep ({@link VectorKernels#lanczosSweep}, by row chunks: {@link RowSplit}) over
 * the window. Step j:
 * <ol>
 *   <li>rho = v_j . y;
 *   <li>sweep 1: the three-term step w = y - rho v_j - beta_{j-1} v_{j-1}, and the
 *       projections p = V^T w onto the window, small because the large components are gone
 *       (projecting y itself would carry the window's own loss of orthogonality, times alpha,
 *       into every new vector: classical Gram-Schmidt's instability);
 *   <li>sweep 2: w -= V p, with the projections left over, p' = V^T w; alpha_j = rho + p on
 *       v_j;
 *   <li>unless w is then semi-orthogonal to the window (||p'||^2 <= eps ||w||^2, which one
 *       removal gives unless it cancelled most of w), or when a norm left the safe range, a
 *       third sweep removes V p';
 *   <li>beta_j = ||w||, v_{j+1} = w / beta_j.
 * </ol>
 * About 2 (window + 3) vector passes per step against FULL's j + 4.
 *
 * <p>The slots are a sliding region of a store with {@link #spareSlots spare} slots beyond the
 * window and its output: when the region reaches the end of the store, the window is copied
 * back to the start, once every spare + 1 steps, which costs about 2 window / (spare + 1)
 * passes per step. When the window covers all steps the store holds steps + 1 slots and
 * nothing moves.
 */
final class LocalReorthogonalizationRun extends LanczosRun {

  /**
   * The square of sqrt(eps): the new vector is accepted when its cosines with the window,
   * p' / ||w||, are semi-orthogonal (Simon 1984), at which level rounding errors no longer grow
   * into T; otherwise they are removed by a third pass.
   */
  private static final double SEMI_ORTHOGONAL = Math.ulp(1.0);

  private final int window;
  private final int slots;
  private final double[] zero;
  private final double[] p;
  private final double[] p2;
  private int base;
  private int kept = 1;
  private int thirdPasses;

  LocalReorthogonalizationRun(long n, int steps, int window, LanczosBasis basis, int slots,
      Lanes lanes) {
    super(n, steps, basis, lanes);
    this.window = Math.min(window, steps);
    this.slots = slots;
    this.zero = new double[this.window];
    this.p = new double[this.window];
    this.p2 = new double[this.window];
  }

  /** Spare slots of a store for {@code window} kept vectors: half the window, at least 1. */
  static int spareSlots(int window) {
    return Math.max(1, window / 2);
  }

  /**
   * Slots of the store of a run keeping {@code window} vectors over {@code steps} steps: the
   * window, its output slot and the spare ones, but never more than steps + 1.
   */
  static long storeSlots(int window, int steps) {
    return Math.min(steps + 1L, (long) window + 1 + spareSlots(window));
  }

  @Override
  MemorySegment input() {
    return basis.slot(base + kept - 1);
  }

  @Override
  MemorySegment output() {
    return basis.slot(base + kept);
  }

  @Override
  int explicitSteps() {
    return thirdPasses;
  }

  @Override
  void advance() {
    long t1 = System.nanoTime();
    int j = taken;
    long bo = basis.offset(base);
    long wo = basis.offset(base + kept);
    if (j + 1 == steps) {
      // T is complete: only alpha_j = v_j . H v_j is needed.
      double a = outputDotInput();
      recordStep(j, a, 0.0);
      reorthNanos += System.nanoTime() - t1;
      return;
    }
    double rho = outputDotInput();
    double a2 = j > 0 ? betaPrev : 0.0;
    split.sweep(store, bo, kept, 1.0, rho, a2, zero, p);
    double a = rho + p[kept - 1];
    double wsq = split.sweep(store, bo, kept, 1.0, 0.0, 0.0, p, p2);
    double left = 0;
    for (int i = 0; i < kept; i++) {
      left += p2[i] * p2[i];
    }
    if (!NumericConstants.sumOfSquaresInRange(wsq) || left > SEMI_ORTHOGONAL * wsq) {
      thirdPasses++;
      wsq = split.sweep(store, bo, kept, 1.0, 0.0, 0.0, p2, p);
      a += p2[kept - 1];
    }
    double b = NumericConstants.sumOfSquaresInRange(wsq) ? Math.sqrt(wsq)
        : VectorKernels.nrm2(store, wo, n);
    recordStep(j, a, b);
    invariant = b <= tolerance * normT;
    if (!invariant) {
      VectorKernels.scal(1.0 / b, store, wo, n);
      beta[j] = b;
      betaPrev = b;
      slide();
    }
    reorthNanos += System.nanoTime() - t1;
  }

  /** v_{j+1} joins the window (the oldest leaves a full one); moves it back when at the end. */
  private void slide() {
    if (kept < window) {
      kept++;
    } else {
      base++;
    }
    if (base + kept >= slots) {
      for (int i = 0; i < kept; i++) {
        VectorKernels.copy(store, basis.offset(base + i), store, basis.offset(i), n);
      }
      base = 0;
    }
  }
}
