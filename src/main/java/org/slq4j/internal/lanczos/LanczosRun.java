package org.slq4j.internal.lanczos;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.slq4j.BasisPrecision;
import org.slq4j.NonFiniteValueException;
import org.slq4j.Reorthogonalization;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * One Lanczos run as a state machine, so that runs can be driven one at a time
 * ({@link Lanczos#run}) or several in lockstep ({@link Lockstep}): {@link #input()} and
 * {@link #output()} are the operands of step j's matvec, and {@link #advance()} finishes the step
 * once {@code output = H input}. The state is T so far (alpha, beta), the running estimate of
 * ||T|| behind the invariant-subspace test, and the time spent.
 */
abstract class LanczosRun {

  private static final double EPS = Math.ulp(1.0);

  final long n;
  final int steps;
  final LanczosBasis basis;
  final MemorySegment store;
  final double[] alpha;
  final double[] beta;
  final double tolerance;
  double normT;
  double betaPrev;
  long matvecNanos;
  long reorthNanos;
  int taken;
  boolean invariant;

  LanczosRun(long n, int steps, LanczosBasis basis) {
    this.n = n;
    this.steps = steps;
    this.basis = basis;
    this.store = basis.storage();
    this.alpha = new double[steps];
    this.beta = new double[Math.max(steps - 1, 0)];
    this.tolerance = 100 * EPS * Math.sqrt((double) n);
  }

  /** The run {@code shape} asks for, over {@code storage} ({@link RunShape#storageBytes()}). */
  static LanczosRun create(RunShape shape, MemorySegment storage) {
    long n = shape.n();
    int steps = shape.steps();
    if (shape.mode() == Reorthogonalization.NONE) {
      return new ThreeTermRun(n, steps, new LanczosBasis(storage, n, 3));
    }
    if (shape.precision() == BasisPrecision.FLOAT32) {
      if (shape.mode() != Reorthogonalization.FULL) {
        throw new UnsupportedOperationException("no Lanczos run for " + shape);
      }
      return FloatDelayedReorthogonalizationRun.over(shape, storage);
    }
    if (shape.mode() == Reorthogonalization.LOCAL) {
      int slots = (int) LocalReorthogonalizationRun.storeSlots(shape.window(), steps);
      return new LocalReorthogonalizationRun(n, steps, shape.window(),
          new LanczosBasis(storage, n, slots), slots);
    }
    return new DelayedReorthogonalizationRun(n, steps, new LanczosBasis(storage, n, steps + 1));
  }

  /** Where the start vector goes: n doubles, which the run then normalizes. */
  MemorySegment startSlot() {
    return basis.slot(0);
  }

  /** The start slot = start / startNorm. */
  final void start(MemorySegment start, double startNorm) {
    VectorKernels.copy(start, 0, startSlot(), 0, n);
    normalizeStart(startNorm);
  }

  /** The start slot /= startNorm, for a start vector written there directly. */
  void normalizeStart(double startNorm) {
    VectorKernels.scal(1.0 / startNorm, startSlot(), 0, n);
  }

  final boolean done() {
    return invariant || taken == steps;
  }

  abstract MemorySegment input();

  abstract MemorySegment output();

  /** Finishes step {@code taken} (0-based) after output = H input. */
  abstract void advance();

  abstract int explicitSteps();

  /**
   * Records alpha_j = a after checking a and the candidate beta_j = b, and widens the Gershgorin
   * estimate of ||T|| with row j; the caller decides from it whether the subspace is invariant.
   *
   * @throws NonFiniteValueException when a or b is NaN or infinite (run index -1)
   */
  final void recordStep(int j, double a, double b) {
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      throw new NonFiniteValueException(-1, j + 1,
          "the operator returned NaN or infinity (alpha = " + a + ", beta = " + b + ")");
    }
    alpha[j] = a;
    taken = j + 1;
    normT = Math.max(normT, Math.abs(a) + b + betaPrev);
  }

  final LanczosResult result() {
    double[] a = taken == steps ? alpha : Arrays.copyOf(alpha, taken);
    double[] b = taken == steps ? beta : Arrays.copyOf(beta, taken - 1);
    return new LanczosResult(a, b, invariant, taken, matvecNanos, reorthNanos,
        explicitSteps());
  }
}
