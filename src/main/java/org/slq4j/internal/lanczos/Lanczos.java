package org.slq4j.internal.lanczos;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.slq4j.NonFiniteValueException;
import org.slq4j.Reorthogonalization;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.memory.OffHeap;
import org.slq4j.internal.parallel.Lanes;
import org.slq4j.internal.plan.RowRangeOperator;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * The symmetric Lanczos iteration (Lanczos 1950; Golub and Van Loan, Matrix Computations, 4th
 * ed., section 10.1). From a unit start vector v_1 it builds an orthonormal basis of the Krylov
 * space and the tridiagonal T = V^T H V, whose Gauss quadrature rule approximates the start
 * vector's spectral measure.
 *
 * <p>This class holds the entry points, their argument checks and the basis storage sizing; a
 * single run is driven here, several runs in lockstep by {@link Lockstep}. Each step applies the
 * operator directly into the next slot of the off-heap store (no copy). With
 * {@link Reorthogonalization#NONE} only three vectors are kept and the classic three-term
 * recurrence runs ({@link ThreeTermRun}). With {@link Reorthogonalization#FULL} every step
 * removes from the new vector its components along all previous ones while streaming the stored
 * vectors once, with a delayed correction ({@link DelayedReorthogonalizationRun}).
 *
 * <p>The run stops early when beta_j falls to rounding level relative to ||T||, that is
 * {@code beta_j <= 100 * eps * sqrt(n) * ||T||} with ||T|| estimated by the largest Gershgorin
 * radius so far: the Krylov space is then invariant and T already carries the whole spectral
 * measure of the start vector.
 */
public final class Lanczos {

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
    Objects.requireNonNull(operator, "operator");
    return run(operator, start, RunShape.of(operator.dimension(), steps, mode), arena, onStep);
  }

  /** {@link #run(SymmetricOperator, MemorySegment, int, Reorthogonalization, Arena, IntConsumer)} for any run shape. */
  public static LanczosResult run(SymmetricOperator operator, MemorySegment start,
      RunShape shape, Arena arena, IntConsumer onStep) {
    Objects.requireNonNull(arena, "arena");
    checkArguments(operator, start, shape);
    MemorySegment storage = OffHeap.allocate(arena, shape.storageBytes());
    return run(operator, start, shape, storage, onStep);
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
    Objects.requireNonNull(operator, "operator");
    return run(operator, start, RunShape.of(operator.dimension(), steps, mode), storage, onStep);
  }

  /**
   * {@link #run(SymmetricOperator, MemorySegment, int, Reorthogonalization, MemorySegment,
   * IntConsumer)} for any run shape; storage holds at least {@link RunShape#storageBytes()}.
   */
  public static LanczosResult run(SymmetricOperator operator, MemorySegment start,
      RunShape shape, MemorySegment storage, IntConsumer onStep) {
    return run(operator, start, shape, storage, Lanes.SERIAL, onStep);
  }

  /**
   * {@link #run(SymmetricOperator, MemorySegment, RunShape, MemorySegment, IntConsumer)} with
   * the run's vector work, and the product of an operator that computes row ranges (a
   * thread-safe {@link RowRangeOperator}), spread over {@code lanes}; any other operator gets
   * whole-vector {@link SymmetricOperator#apply} calls from this thread only. The result is the
   * same bit for bit whatever the lanes. With lanes other than {@link Lanes#SERIAL}, start and
   * storage must be accessible from other threads (not of a confined arena).
   */
  public static LanczosResult run(SymmetricOperator operator, MemorySegment start,
      RunShape shape, MemorySegment storage, Lanes lanes, IntConsumer onStep) {
    long n = checkArguments(operator, start, shape);
    checkScratch("storage", storage, shape.storageBytes());
    Objects.requireNonNull(lanes, "lanes");
    double startNorm = VectorKernels.nrm2(start, 0, n);
    checkStartNorm("start vector", startNorm);
    LanczosRun run = LanczosRun.create(shape, storage, lanes);
    RowRangeOperator byRows = LanczosRun.byRows(operator);
    run.start(start, startNorm);
    while (!run.done()) {
      long t0 = System.nanoTime();
      run.multiply(operator, byRows);
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
   * Runs {@code count} independent Lanczos runs in lockstep ({@link Lockstep}): at each step the
   * current vectors of all unfinished runs are multiplied by one
   * {@link SymmetricOperator#applyBlock} call. Everything else is per run and the same
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
    Objects.requireNonNull(operator, "operator");
    return runBlock(operator, count, starts, RunShape.of(operator.dimension(), steps, mode),
        storage, blockX, blockY, onStep);
  }

  /**
   * {@link #runBlock(SymmetricOperator, int, StartWriter, int, Reorthogonalization,
   * MemorySegment, MemorySegment, MemorySegment, IntConsumer)} for any run shape; storage holds
   * {@code count * shape.storageBytes()} bytes.
   */
  public static LanczosResult[] runBlock(SymmetricOperator operator, int count,
      StartWriter starts, RunShape shape, MemorySegment storage,
      MemorySegment blockX, MemorySegment blockY, IntConsumer onStep) {
    return runBlock(operator, count, starts, shape, storage, blockX, blockY, Lanes.SERIAL,
        onStep);
  }

  /**
   * {@link #runBlock(SymmetricOperator, int, StartWriter, RunShape, MemorySegment,
   * MemorySegment, MemorySegment, IntConsumer)} with each member's vector work spread over
   * {@code lanes} (the block product is one call from this thread).
   */
  public static LanczosResult[] runBlock(SymmetricOperator operator, int count,
      StartWriter starts, RunShape shape, MemorySegment storage,
      MemorySegment blockX, MemorySegment blockY, Lanes lanes, IntConsumer onStep) {
    Objects.requireNonNull(starts, "starts");
    Objects.requireNonNull(lanes, "lanes");
    long n = checkShape(operator, shape);
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got " + count);
    }
    long each = shape.storageBytes();
    checkScratch("storage", storage, Math.multiplyExact(each, (long) count));
    long block = Math.multiplyExact(Math.multiplyExact(n, (long) count), (long) Double.BYTES);
    checkScratch("blockX", blockX, block);
    checkScratch("blockY", blockY, block);

    LanczosRun[] runs = new LanczosRun[count];
    MemorySegment first = null;
    for (int k = 0; k < count; k++) {
      MemorySegment part = storage.asSlice(k * each, each);
      runs[k] = LanczosRun.create(shape, part, lanes);
      MemorySegment target = runs[k].startSlot();
      starts.write(k, target);
      double norm = VectorKernels.nrm2(target, 0, n);
      checkStartNorm("start vector " + k + ":", norm);
      runs[k].normalizeStart(norm);
    }
    Lockstep.drive(operator, runs, n, blockX, blockY, onStep);
    LanczosResult[] results = new LanczosResult[count];
    for (int k = 0; k < count; k++) {
      results[k] = runs[k].result();
    }
    return results;
  }

  /**
   * Doubles of storage a run with a double-precision basis needs: n * (steps + 1) with FULL,
   * 3n with NONE ({@link RunShape#storageBytes()} / 8).
   */
  public static long storageLength(long n, int steps, Reorthogonalization mode) {
    return RunShape.of(n, steps, mode).storageBytes() / Double.BYTES;
  }

  /** The checks {@link #run} and {@link #runBlock} share (operator, shape); returns n. */
  private static long checkShape(SymmetricOperator operator, RunShape shape) {
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(shape, "shape");
    long n = operator.dimension();
    int steps = shape.steps();
    if (n < 1) {
      throw new IllegalArgumentException("operator dimension must be >= 1, got " + n);
    }
    if (shape.n() != n) {
      throw new IllegalArgumentException("the run is shaped for n = " + shape.n()
          + ", the operator has dimension " + n);
    }
    if (steps < 1 || steps > n) {
      throw new IllegalArgumentException("steps must be in [1, n = " + n + "], got " + steps);
    }
    return n;
  }

  /** {@link #checkShape} and the start segment of a single run; returns n. */
  private static long checkArguments(SymmetricOperator operator, MemorySegment start,
      RunShape shape) {
    Objects.requireNonNull(start, "start");
    long n = checkShape(operator, shape);
    if (start.byteSize() < n * Double.BYTES) {
      throw new IllegalArgumentException("start holds " + start.byteSize() / Double.BYTES
          + " doubles, operator dimension is " + n);
    }
    return n;
  }

  private static void checkScratch(String name, MemorySegment segment, long bytes) {
    Objects.requireNonNull(segment, name);
    if (segment.byteSize() < bytes || segment.isReadOnly()) {
      throw new IllegalArgumentException(name + " must be writable and hold " + bytes
          + " bytes, got " + segment.byteSize()
          + (segment.isReadOnly() ? " (read-only)" : ""));
    }
  }

  /** A start vector must be normalizable; {@code which} names it in the message. */
  private static void checkStartNorm(String which, double norm) {
    if (!(norm > 0) || !Double.isFinite(norm)) {
      throw new IllegalArgumentException(which + " norm must be positive and finite, got "
          + norm);
    }
  }
}
