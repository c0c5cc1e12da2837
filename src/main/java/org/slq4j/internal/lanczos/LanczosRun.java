package org.slq4j.internal.lanczos;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.slq4j.BasisPrecision;
import org.slq4j.NonFiniteValueException;
import org.slq4j.Reorthogonalization;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.parallel.Lanes;
import org.slq4j.internal.plan.RowRangeOperator;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * One Lanczos run as a state machine, so that runs can be driven one at a time
 * ({@link Lanczos#run}) or several in lockstep ({@link Lockstep}): {@link #input()} and
 * {@link #output()} are the operands of step j's matvec, and {@link #advance()} finishes the step
 * once {@code output = H input}. The state is T so far (alpha, beta), the running estimate of
 * ||T|| behind the invariant-subspace test, and the time spent.
 *
 * <p>The run's vector work goes through {@link RowSplit}: fixed row chunks, possibly on several
 * threads, with the same bits on any number. {@link #multiply} makes the step's product and,
 * for an operator that computes row ranges, the dot product output . input in the same pass
 * over the chunks ({@link #outputDotInput}).
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
  final RowSplit split;
  double normT;
  double betaPrev;
  long matvecNanos;
  long reorthNanos;
  int taken;
  boolean invariant;
  /** output . input of the current step, when {@link #multiply} computed it. */
  private double rho;
  private boolean rhoReady;

  LanczosRun(long n, int steps, LanczosBasis basis, Lanes lanes) {
    this.n = n;
    this.split = new RowSplit(n, lanes);
    this.steps = steps;
    this.basis = basis;
    this.store = basis.storage();
    this.alpha = new double[steps];
    this.beta = new double[Math.max(steps - 1, 0)];
    this.tolerance = 100 * EPS * Math.sqrt((double) n);
  }

  /** The run {@code shape} asks for, over {@code storage} ({@link RunShape#storageBytes()}). */
  static LanczosRun create(RunShape shape, MemorySegment storage) {
    return create(shape, storage, Lanes.SERIAL);
  }

  /** {@link #create(RunShape, MemorySegment)} with its vector work on {@code lanes}. */
  static LanczosRun create(RunShape shape, MemorySegment storage, Lanes lanes) {
    long n = shape.n();
    int steps = shape.steps();
    if (shape.mode() == Reorthogonalization.NONE) {
      return new ThreeTermRun(n, steps, new LanczosBasis(storage, n, 3), lanes);
    }
    if (shape.precision() == BasisPrecision.FLOAT32) {
      if (shape.mode() != Reorthogonalization.FULL) {
        throw new UnsupportedOperationException("no Lanczos run for " + shape);
      }
      return FloatDelayedReorthogonalizationRun.over(shape, storage, lanes);
    }
    if (shape.mode() == Reorthogonalization.LOCAL) {
      int slots = (int) LocalReorthogonalizationRun.storeSlots(shape.window(), steps);
      return new LocalReorthogonalizationRun(n, steps, shape.window(),
          new LanczosBasis(storage, n, slots), slots, lanes);
    }
    return new DelayedReorthogonalizationRun(n, steps, new LanczosBasis(storage, n, steps + 1),
        lanes);
  }

  /**
   * The operator as a row-range operator when its product may be split by rows across threads
   * (it computes row ranges and is thread-safe), else null.
   */
  static RowRangeOperator byRows(SymmetricOperator operator) {
    return operator instanceof RowRangeOperator r && operator.isThreadSafe() ? r : null;
  }

  /**
   * output = H input. With {@code byRows} (see {@link #byRows}) and more than one row chunk,
   * chunk by chunk with each chunk's part of output . input taken while it is in cache.
   */
  final void multiply(SymmetricOperator operator, RowRangeOperator byRows) {
    if (byRows != null && split.split()) {
      rho = split.productDot(operator, byRows, input(), output());
      rhoReady = true;
    } else {
      operator.apply(input(), output());
      rhoReady = false;
    }
  }

  /** Marks the output as made by someone else (a lockstep block product). */
  final void multipliedElsewhere() {
    rhoReady = false;
  }

  /** output . input of this step: from {@link #multiply}, or one pass over both now. */
  final double outputDotInput() {
    if (rhoReady) {
      rhoReady = false;
      return rho;
    }
    return split.dot(output(), 0, input(), 0);
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

  /**
   * Whether a new vector of norm b may stay unscaled in the store with 1/b kept as a factor:
   * then H times it is of order ||H|| b, far inside the double range.
   */
  final boolean unscaledIsSafe(double b) {
    return b >= 0x1p-200 && normT <= 0x1p200;
  }

  final LanczosResult result() {
    double[] a = taken == steps ? alpha : Arrays.copyOf(alpha, taken);
    double[] b = taken == steps ? beta : Arrays.copyOf(beta, taken - 1);
    return new LanczosResult(a, b, invariant, taken, matvecNanos, reorthNanos,
        explicitSteps());
  }
}
