package org.slq4j.internal.lanczos;

import org.slq4j.Reorthogonalization;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.slq4j.NonFiniteValueException;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.memory.OffHeap;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * The symmetric Lanczos iteration (Lanczos 1950; Golub and Van Loan, Matrix Computations, 4th
 * ed., section 10.1). From a unit start vector v_1 it builds an orthonormal basis of the Krylov
 * space and the tridiagonal T = V^T H V, whose Gauss quadrature rule approximates the start
 * vector's spectral measure.
 *
 * <p>Each step applies the operator directly into the next slot of the off-heap store (no
 * copy). With {@link Reorthogonalization#NONE} only three vectors are kept and the classic
 * three-term recurrence runs.
 *
 * <p>With {@link Reorthogonalization#FULL} every step removes from the new vector its components
 * along all previous ones while streaming the stored vectors from memory <em>once</em> (classical
 * Gram-Schmidt done at once needs two sweeps, projection then update, and CGS2 four). The
 * correction is delayed instead of skipped: the store keeps the vectors z_0, z_1, ... as they
 * came out of the sweep, without the rounding-sized correction w - V c, and the orthonormal
 * basis is V = Z S with a small upper-triangular S kept on the heap (S_jj = 1/beta, the rest of
 * the order of eps). Step j:
 * <ol>
 *   <li>y = H z_j, and rho = z_j . y (one pass over two vectors);
 *   <li>with sigma z_j = v_j - V q (q from S, rounding-sized) and the Krylov relation
 *       H V_{j-1} = V_j T_{j+1,j}: alpha' = sigma^2 rho + 2 beta_{j-1} q_{j-1} - q^T T q, and
 *       the target w = H v_j - alpha' v_j - beta_{j-1} v_{j-1} = sigma y - V_j f, where
 *       f = alpha' e_j + beta_{j-1} e_{j-1} - T q is known in closed form;
 *   <li>one sweep ({@link VectorKernels#lanczosSweep}) forms w = sigma y - Z (S f) (the two
 *       large three-term coefficients first, the rounding-sized rest group by group) and
 *       projects it, p = Z^T w, so c = V^T w = S^T p;
 *   <li>alpha_j = alpha' + c_j, beta_j = sqrt(||w||^2 - ||c||^2) (Pythagoras), and w is stored
 *       as z_{j+1} with v_{j+1} = (w - V c) / beta_j entering S as a new column.
 * </ol>
 * Only O(j^2) scalar work is added per step. The delayed form is used when the DGKS test
 * accepts a single projection (||c||^2 <= ||w||^2 / 2, so the corrected vector is orthogonal to
 * working precision, as for a CGS pass that DGKS accepts); otherwise, and whenever a norm leaves
 * the safe range or is NaN, the step orthogonalizes w at once (CGS with DGKS against V = Z S;
 * counted in {@link LanczosResult#secondPasses()}). The last step needs no sweep:
 * alpha_m = alpha'.
 *
 * <p>The run stops early when beta_j falls to rounding level relative to ||T||, that is
 * {@code beta_j <= 100 * eps * sqrt(n) * ||T||} with ||T|| estimated by the largest Gershgorin
 * radius so far: the Krylov space is then invariant and T already carries the whole spectral
 * measure of the start vector.
 */
public final class Lanczos {

  private static final double EPS = Math.ulp(1.0);

  /** Smallest sum of squares whose square root is accurate to rounding (as in the kernels). */
  private static final double SUMSQ_LOW = 0x1p-900;

  /** DGKS threshold (Daniel, Gragg, Kaufman and Stewart 1976). */
  private static final double DGKS_ETA = 0.7071067811865476;

  private Lanczos() {}

  /**
   * Runs up to {@code steps} Lanczos steps from {@code start}, with basis storage allocated from
   * {@code arena}.
   *
   * @param operator the symmetric operator H; it must be safe to call from this thread
   * @param start n doubles, not all zero; normalized internally and not modified
   * @param steps requested order of T, 1 <= steps <= n
   * @param mode reorthogonalization policy
   * @param arena owns the basis storage ({@link #storageLength} doubles)
   * @param onStep called after each completed step with its 1-based index (may be null)
   * @throws NonFiniteValueException when the operator produces NaN or infinity (run index -1)
   */
  public static LanczosResult run(SymmetricOperator operator, MemorySegment start, int steps,
      Reorthogonalization mode, Arena arena, IntConsumer onStep) {
    Objects.requireNonNull(arena, "arena");
    long n = checkArguments(operator, start, steps, mode);
    MemorySegment storage = OffHeap.allocateDoubles(arena, storageLength(n, steps, mode));
    return run(operator, start, steps, mode, storage, onStep);
  }

  /**
   * Runs up to {@code steps} Lanczos steps from {@code start} in caller-provided storage, so
   * that consecutive runs can reuse one allocation (the memory of a large basis costs page
   * faults and zeroing when fresh). Its previous contents do not matter: every slot is written
   * before it is read.
   *
   * @param storage writable, at least {@link #storageLength} doubles; not aliasing start
   * @throws IllegalArgumentException on bad arguments, naming them
   */
  public static LanczosResult run(SymmetricOperator operator, MemorySegment start, int steps,
      Reorthogonalization mode, MemorySegment storage, IntConsumer onStep) {
    long n = checkArguments(operator, start, steps, mode);
    checkScratch("storage", storage, storageLength(n, steps, mode));
    double startNorm = VectorKernels.nrm2(start, 0, n);
    if (!(startNorm > 0) || !Double.isFinite(startNorm)) {
      throw new IllegalArgumentException("start vector norm must be positive and finite, got "
          + startNorm);
    }
    Run run = newRun(mode, n, steps, storage);
    run.start(start, startNorm);
    while (!run.done()) {
      long t0 = System.nanoTime();
      operator.apply(run.input(), run.output());
      run.matvecNanos += System.nanoTime() - t0;
      run.advance();
      if (onStep != null) {
        onStep.accept(run.taken);
      }
    }
    return run.result();
  }

  /** Writes the start vector of group member {@code member} into {@code target}. */
  @FunctionalInterface
  public interface StartWriter {
    /** Fills n doubles of {@code target} (slot 0 of the member's storage). */
    void write(int member, MemorySegment target);
  }

  /**
   * Runs {@code count} independent Lanczos runs in lockstep: at each step the current vectors of
   * all unfinished runs are interleaved into {@code blockX}, multiplied by one
   * {@link SymmetricOperator#applyBlock} call (one pass over the operator's data for all of
   * them), and the results interleaved back. Everything else is per run and the same
   * arithmetic as {@link #run}, so when applyBlock gives each column bit for bit what apply
   * gives, each member's result is bit-identical to a {@link #run} from the same start. A run
   * that stops early (invariant subspace) leaves the block, which shrinks.
   *
   * @param count number of runs, >= 1
   * @param starts writes each member's start vector (n doubles, not all zero; normalized here)
   * @param storage {@code count * storageLength(n, steps, mode)} doubles; member k uses the k-th
   *     part
   * @param blockX scratch of {@code count * n} doubles, not aliasing storage or blockY
   * @param blockY scratch of {@code count * n} doubles
   * @param onStep called with the member index after each step of that member (may be null)
   * @return the members' results, in member order
   * @throws NonFiniteValueException when the operator produces NaN or infinity; its
   *     {@link NonFiniteValueException#run()} is the member index
   */
  public static LanczosResult[] runBlock(SymmetricOperator operator, int count,
      StartWriter starts, int steps, Reorthogonalization mode, MemorySegment storage,
      MemorySegment blockX, MemorySegment blockY, IntConsumer onStep) {
    Objects.requireNonNull(starts, "starts");
    long n = checkShape(operator, steps, mode);
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got " + count);
    }
    long each = storageLength(n, steps, mode);
    checkScratch("storage", storage, Math.multiplyExact(each, (long) count));
    long block = Math.multiplyExact(n, (long) count);
    checkScratch("blockX", blockX, block);
    checkScratch("blockY", blockY, block);

    Run[] runs = new Run[count];
    for (int k = 0; k < count; k++) {
      MemorySegment part = storage.asSlice(k * each * Double.BYTES, each * Double.BYTES);
      runs[k] = newRun(mode, n, steps, part);
      MemorySegment first = part.asSlice(0, n * Double.BYTES);
      starts.write(k, first);
      double norm = VectorKernels.nrm2(first, 0, n);
      if (!(norm > 0) || !Double.isFinite(norm)) {
        throw new IllegalArgumentException("start vector " + k
            + ": norm must be positive and finite, got " + norm);
      }
      runs[k].normalizeStart(norm);
    }
    int[] active = new int[count];
    MemorySegment[] in = new MemorySegment[count];
    MemorySegment[] out = new MemorySegment[count];
    Interleave buffers = new Interleave(count);
    while (true) {
      int m = 0;
      for (int k = 0; k < count; k++) {
        if (!runs[k].done()) {
          in[m] = runs[k].input();
          out[m] = runs[k].output();
          active[m++] = k;
        }
      }
      if (m == 0) {
        break;
      }
      long t0 = System.nanoTime();
      if (m == 1) {
        operator.apply(in[0], out[0]);
      } else {
        buffers.pack(in, m, n, blockX);
        operator.applyBlock(blockX, blockY, m);
        buffers.unpack(blockY, m, n, out);
      }
      long share = (System.nanoTime() - t0) / m;
      for (int a = 0; a < m; a++) {
        int k = active[a];
        runs[k].matvecNanos += share;
        try {
          runs[k].advance();
        } catch (NonFiniteValueException e) {
          throw e.withRun(k);
        }
        if (onStep != null) {
          onStep.accept(k);
        }
      }
    }
    LanczosResult[] results = new LanczosResult[count];
    for (int k = 0; k < count; k++) {
      results[k] = runs[k].result();
    }
    return results;
  }

  private static void checkScratch(String name, MemorySegment segment, long doubles) {
    Objects.requireNonNull(segment, name);
    if (segment.byteSize() / Double.BYTES < doubles || segment.isReadOnly()) {
      throw new IllegalArgumentException(name + " must be writable and hold " + doubles
          + " doubles, got " + segment.byteSize() / Double.BYTES
          + (segment.isReadOnly() ? " (read-only)" : ""));
    }
  }

  private static Run newRun(Reorthogonalization mode, long n, int steps, MemorySegment storage) {
    return mode == Reorthogonalization.FULL
        ? new FullRun(n, steps, new LanczosBasis(storage, n, steps + 1))
        : new ThreeTermRun(n, steps, new LanczosBasis(storage, n, 3));
  }

  /** Doubles of basis storage a run needs: n * (steps + 1) with FULL, 3n with NONE. */
  public static long storageLength(long n, int steps, Reorthogonalization mode) {
    return Math.multiplyExact(n, mode == Reorthogonalization.FULL ? steps + 1L : 3L);
  }

  /** The checks {@link #run} and {@link #runBlock} share (operator, mode, steps); returns n. */
  private static long checkShape(SymmetricOperator operator, int steps, Reorthogonalization mode) {
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(mode, "mode");
    long n = operator.dimension();
    if (n < 1) {
      throw new IllegalArgumentException("operator dimension must be >= 1, got " + n);
    }
    if (steps < 1 || steps > n) {
      throw new IllegalArgumentException("steps must be in [1, n = " + n + "], got " + steps);
    }
    return n;
  }

  private static long checkArguments(SymmetricOperator operator, MemorySegment start, int steps,
      Reorthogonalization mode) {
    Objects.requireNonNull(start, "start");
    long n = checkShape(operator, steps, mode);
    if (start.byteSize() < n * Double.BYTES) {
      throw new IllegalArgumentException("start holds " + start.byteSize() / Double.BYTES
          + " doubles, operator dimension is " + n);
    }
    return n;
  }

  /**
   * One Lanczos run as a state machine, so that runs can be driven one at a time or several in
   * lockstep: {@link #input()} and {@link #output()} are the operands of step j's matvec, and
   * {@link #advance()} finishes the step once {@code output = H input}.
   */
  private abstract static class Run {
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

    Run(long n, int steps, LanczosBasis basis) {
      this.n = n;
      this.steps = steps;
      this.basis = basis;
      this.store = basis.storage();
      this.alpha = new double[steps];
      this.beta = new double[Math.max(steps - 1, 0)];
      this.tolerance = 100 * EPS * Math.sqrt((double) n);
    }

    /** Slot 0 = start / startNorm. */
    final void start(MemorySegment start, double startNorm) {
      VectorKernels.copy(start, 0, store, 0, n);
      normalizeStart(startNorm);
    }

    /** Slot 0 /= startNorm, for a start vector written into slot 0 directly. */
    final void normalizeStart(double startNorm) {
      VectorKernels.scal(1.0 / startNorm, store, 0, n);
    }

    final boolean done() {
      return invariant || taken == steps;
    }

    abstract MemorySegment input();

    abstract MemorySegment output();

    /** Finishes step {@code taken} (0-based) after output = H input. */
    abstract void advance();

    abstract int explicitSteps();

    final LanczosResult result() {
      double[] a = taken == steps ? alpha : Arrays.copyOf(alpha, taken);
      double[] b = taken == steps ? beta : Arrays.copyOf(beta, taken - 1);
      return new LanczosResult(a, b, invariant, taken, matvecNanos, reorthNanos,
          explicitSteps());
    }
  }

  /**
   * Full reorthogonalization with one sweep over the stored vectors per step (see the class
   * comment). Slots 0..j hold z_0..z_j; the orthonormal basis is V = Z S with S upper triangular,
   * column i of S in {@code s[i]} (s[i][l] = S_{l,i}, l <= i).
   */
  private static final class FullRun extends Run {
    private final double[][] s;
    private final double[] q;
    private final double[] f;
    private final double[] known;
    private final double[] p;
    private final double[] c;
    private int explicitSteps;

    FullRun(long n, int steps, LanczosBasis basis) {
      super(n, steps, basis);
      s = new double[steps + 1][];
      s[0] = new double[] {1.0};
      q = new double[steps];
      f = new double[steps + 1];
      known = new double[steps + 1];
      p = new double[steps + 1];
      c = new double[steps + 1];
    }

    @Override
    MemorySegment input() {
      return basis.slot(taken);
    }

    @Override
    MemorySegment output() {
      return basis.slot(taken + 1);
    }

    @Override
    int explicitSteps() {
      return explicitSteps;
    }

    @Override
    void advance() {
      long t1 = System.nanoTime();
      int j = taken;
      // v_j = sigma z_j + V_{j-1} q, with S_{j-1} q = (S_{0,j} .. S_{j-1,j}) (rounding-sized).
      double[] col = s[j];
      double sigma = col[j];
      for (int l = j - 1; l >= 0; l--) {
        double t = col[l];
        for (int m = l + 1; m < j; m++) {
          t -= s[m][l] * q[m];
        }
        q[l] = t / s[l][l];
      }
      double rho = VectorKernels.dot(store, basis.offset(j + 1), store, basis.offset(j), n);
      // With sigma z_j = v_j - V q and V^T H v_j = beta_{j-1} e_{j-1} (Krylov relation):
      // alpha_j = v_j^T H v_j = sigma^2 rho + 2 beta_{j-1} q_{j-1} - q^T T q, up to terms of
      // order |q| * eps * ||T||. Taking the first-order terms matters: without them the error
      // of alpha' (~2 beta q) would enter the next correction and double q every step.
      double alphaPrime = sigma * sigma * rho;
      if (j > 0) {
        alphaPrime += 2 * betaPrev * q[j - 1] - quadraticForm(alpha, beta, q, j);
      }
      if (j + 1 == steps) {
        // T is complete: nothing needs v_{j+1}.
        double a = alphaPrime;
        if (!Double.isFinite(a)) {
          throw new NonFiniteValueException(-1, j + 1,
              "the operator returned NaN or infinity (alpha = " + a + ")");
        }
        alpha[j] = a;
        taken = j + 1;
        reorthNanos += System.nanoTime() - t1;
        return;
      }
      // Target: w = H v_j - alpha' v_j - beta_{j-1} v_{j-1} = sigma y - V_j f with
      // f = alpha' e_j + beta_{j-1} e_{j-1} - T_{j+1,j} q (H V_{j-1} = V_j T_{j+1,j}), that is
      // sigma y - Z (S f). The sweep takes the two large coefficients (S_jj alpha',
      // S_{j-1,j-1} beta_{j-1}) in its three-term step and the rest, all rounding-sized, as
      // known parts.
      tridiagonalTimes(alpha, beta, q, j, f);
      for (int i = 0; i <= j; i++) {
        f[i] = -f[i];
      }
      sTimes(s, j, f, known);
      for (int l = 0; l < j; l++) {
        known[l] += alphaPrime * s[j][l];
        if (l + 1 < j) {
          known[l] += betaPrev * s[j - 1][l];
        }
      }
      double a1 = sigma * alphaPrime;
      double a2 = j > 0 ? s[j - 1][j - 1] * betaPrev : 0.0;
      double wsq = VectorKernels.lanczosSweep(store, 0, j + 1, n, sigma, a1, a2, known, p);
      // c = V_j^T w = S_j^T p.
      sTransposeTimes(s, j, p, c);
      double csq = 0;
      for (int i = 0; i <= j; i++) {
        csq += c[i] * c[i];
      }
      double a;
      double b;
      boolean delayed = wsq >= SUMSQ_LOW && wsq <= Double.MAX_VALUE && csq <= 0.5 * wsq;
      if (delayed) {
        // ||w - V c||^2 = ||w||^2 - ||c||^2 (V orthonormal); the DGKS test (eta = 1/sqrt 2)
        // accepts one projection when it removed at most half of ||w||^2. The correction
        // w - V c is not applied to the stored w: it enters S.
        a = alphaPrime + c[j];
        b = Math.sqrt(wsq - csq);
      } else {
        // Heavy cancellation, a norm out of the safe range, or NaN: orthogonalize now.
        explicitSteps++;
        explicitOrthogonalization(store, basis, s, j, n, p, c);
        a = alphaPrime + c[j];
        b = VectorKernels.nrm2(store, basis.offset(j + 1), n);
      }
      if (!Double.isFinite(a) || !Double.isFinite(b)) {
        throw new NonFiniteValueException(-1, j + 1,
            "the operator returned NaN or infinity (alpha = " + a + ", beta = " + b + ")");
      }
      alpha[j] = a;
      taken = j + 1;
      normT = Math.max(normT, Math.abs(a) + b + betaPrev);
      invariant = b <= tolerance * normT;
      if (!invariant) {
        beta[j] = b;
        betaPrev = b;
        // v_{j+1} = (w - V_j c) / b = z_{j+1} / b - Z_j (S_j c) / b.
        double[] next = new double[j + 2];
        if (delayed) {
          sTimes(s, j, c, next);
          for (int l = 0; l <= j; l++) {
            next[l] = -next[l] / b;
          }
        }
        if (delayed && b >= 0x1p-200 && normT <= 0x1p200) {
          // z_{j+1} stays unscaled: H z_{j+1} is of order ||H|| * b, far inside the range.
          next[j + 1] = 1.0 / b;
        } else {
          VectorKernels.scal(1.0 / b, store, basis.offset(j + 1), n);
          next[j + 1] = 1.0;
        }
        s[j + 1] = next;
      }
      reorthNanos += System.nanoTime() - t1;
    }
  }

  /**
   * Classical Gram-Schmidt with DGKS against V_j = Z_j S_j, applied to w in slot j+1 at once
   * (the rare path: k dot products and k axpys per pass). Leaves the total coefficients
   * V_j^T w(before) in c[0..j].
   */
  private static void explicitOrthogonalization(MemorySegment store, LanczosBasis basis,
      double[][] s, int j, long n, double[] p, double[] c) {
    long wo = basis.offset(j + 1);
    Arrays.fill(c, 0, j + 1, 0.0);
    double[] cp = new double[j + 1];
    double[] e = new double[j + 1];
    double before = VectorKernels.nrm2(store, wo, n);
    for (int pass = 0; pass < 2; pass++) {
      for (int l = 0; l <= j; l++) {
        p[l] = VectorKernels.dot(store, basis.offset(l), store, wo, n);
      }
      sTransposeTimes(s, j, p, cp);
      sTimes(s, j, cp, e);
      for (int l = 0; l <= j; l++) {
        c[l] += cp[l];
        VectorKernels.axpy(-e[l], store, basis.offset(l), store, wo, n);
      }
      double after = VectorKernels.nrm2(store, wo, n);
      if (!(after < DGKS_ETA * before)) {
        break;
      }
      before = after;
    }
  }

  /** out[0..j] = S_j x (s[i][l] = S_{l,i}, upper triangular). */
  private static void sTimes(double[][] s, int j, double[] x, double[] out) {
    for (int l = 0; l <= j; l++) {
      double t = 0;
      for (int i = l; i <= j; i++) {
        t += s[i][l] * x[i];
      }
      out[l] = t;
    }
  }

  /** out[0..j] = S_j^T x. */
  private static void sTransposeTimes(double[][] s, int j, double[] x, double[] out) {
    for (int i = 0; i <= j; i++) {
      double t = 0;
      for (int l = 0; l <= i; l++) {
        t += s[i][l] * x[l];
      }
      out[i] = t;
    }
  }

  /** out[0..j] = T_{j+1,j} x for x[0..j) (rows 0..j of the tridiagonal times x). */
  static void tridiagonalTimes(double[] alpha, double[] beta, double[] x, int j, double[] out) {
    for (int i = 0; i <= j; i++) {
      double t = 0;
      if (i >= 1) {
        t += beta[i - 1] * x[i - 1];
      }
      if (i < j) {
        t += alpha[i] * x[i];
      }
      if (i + 1 < j) {
        t += beta[i] * x[i + 1];
      }
      out[i] = t;
    }
  }

  /** x^T T_j x for the leading j x j block of T. */
  static double quadraticForm(double[] alpha, double[] beta, double[] x, int j) {
    double t = 0;
    for (int i = 0; i < j; i++) {
      t += alpha[i] * x[i] * x[i];
      if (i + 1 < j) {
        t += 2 * beta[i] * x[i] * x[i + 1];
      }
    }
    return t;
  }

  /** No reorthogonalization: three vectors, the classic three-term recurrence. */
  private static final class ThreeTermRun extends Run {

    ThreeTermRun(long n, int steps, LanczosBasis basis) {
      super(n, steps, basis);
    }

    @Override
    MemorySegment input() {
      return basis.slot(taken % 3);
    }

    @Override
    MemorySegment output() {
      return basis.slot((taken + 1) % 3);
    }

    @Override
    int explicitSteps() {
      return 0;
    }

    @Override
    void advance() {
      long t1 = System.nanoTime();
      int j = taken;
      int cur = j % 3;
      int next = (j + 1) % 3;
      int prev = (j + 2) % 3;
      double a = VectorKernels.lanczosUpdate(store, basis.offset(next), store, basis.offset(cur),
          store, basis.offset(prev), j == 0 ? 0.0 : betaPrev, n);
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
    }
  }
}
