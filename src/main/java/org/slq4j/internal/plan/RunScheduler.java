package org.slq4j.internal.plan;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.slq4j.NonFiniteValueException;
import org.slq4j.ProgressListener;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.lanczos.Lanczos;
import org.slq4j.internal.lanczos.LanczosResult;
import org.slq4j.internal.lanczos.ProbeSeeds;
import org.slq4j.internal.lanczos.StartVectors;
import org.slq4j.internal.memory.OffHeap;
import org.slq4j.internal.parallel.Lanes;
import org.slq4j.internal.parallel.Team;
import org.slq4j.internal.tridiagonal.GaussRule;
import org.slq4j.internal.tridiagonal.SymmetricTridiagonalEigen;

/**
 * Carries out a {@link RunPlan}: runs every Lanczos run on the plan's workers and returns the
 * outcomes by run index. Run r of the estimate starts from the Rademacher vector of
 * {@link ProbeSeeds#of}(seed, r), a function of the pair alone, so a run's start does not
 * depend on the worker, the block or the shard that computes it.
 *
 * <p>Workers take the plan's groups in index order from a shared counter and store each
 * outcome at its run's index, so the result does not depend on which worker took which group.
 * A group is one run ({@link Lanczos#run}) or, in lockstep, a block of runs advanced together
 * with one operator product per step ({@link Lanczos#runBlock}); with a bit-exact
 * {@link SymmetricOperator#applyBlock} both give the same runs bit for bit.
 *
 * <p>Each worker allocates, once and through {@link OffHeap}, the memory the plan counts for it
 * (a block of bases and the plan's operator vectors) and reuses it for every group it takes: a
 * fresh basis per run costs page faults and zeroing, about 10% of a run at n = 1e6. That memory
 * lives in a shared arena closed when the worker ends, also on failure. Shared rather than
 * confined because the operator receives slices of it: a matrix-free operator may hand x and y
 * to threads of its own (a parallel Hessian-vector product).
 *
 * <p>The plan's threads beyond its workers, and each worker that finds no group left, help the
 * runs still going through a {@link Team}: each run's vector work is cut into row chunks that
 * any of them computes, with the same bits ({@link Lanczos#run(SymmetricOperator,
 * MemorySegment, org.slq4j.internal.lanczos.RunShape, MemorySegment, Lanes, IntConsumer)}).
 * The team's threads end and are joined before {@link #run} returns or throws.
 *
 * <p>The first failure stops every worker within one Lanczos step, and {@link #run} rethrows it
 * only after all have ended ({@link FailFastWorkers}); so does an interrupt of the calling
 * thread. An operator that is not thread-safe is called by one worker at a time when there are
 * several, and never by a helper: only a thread-safe operator that computes row ranges
 * ({@link RowRangeOperator}) has its product split.
 */
public final class RunScheduler {

  private final SymmetricOperator operator;
  private final RunPlan plan;
  private final long seed;
  private final int firstRun;
  private final ProgressListener listener;
  private final StartSource starts;
  private final RunOutcome[] outcomes;
  private final long stepsTotal;
  private final AtomicLong stepsDone = new AtomicLong();
  private final AtomicInteger runsDone = new AtomicInteger();
  private final AtomicInteger nextGroup = new AtomicInteger();
  private final FailFastWorkers workers;
  private final IntConsumer onStep;

  /**
   * Writes the start vector of the run whose probe seed is {@code probeSeed} (n doubles, not
   * all zero; the run normalizes it).
   */
  @FunctionalInterface
  public interface StartSource {
    void write(long probeSeed, MemorySegment target, long n);
  }

  private RunScheduler(SymmetricOperator operator, RunPlan plan, long seed, int firstRun,
      ProgressListener listener, StartSource starts) {
    this.operator = SerializedOperator.forWorkers(operator, plan.workers());
    this.plan = plan;
    this.seed = seed;
    this.firstRun = firstRun;
    this.listener = listener;
    this.starts = starts;
    this.outcomes = new RunOutcome[plan.runs()];
    this.stepsTotal = (long) plan.runs() * plan.steps();
    this.workers = new FailFastWorkers(plan.workers(), nextGroup, plan.groups());
    this.onStep = step -> {
      workers.checkNotAborted();
      if (listener != null) {
        listener.progress(stepsDone.incrementAndGet(), stepsTotal, runsDone.get(), plan.runs());
      }
    };
  }

  /**
   * Runs the plan's runs on {@code operator}, reporting progress to {@code listener} (may be
   * null), and returns their outcomes in run order.
   *
   * @throws NonFiniteValueException when the operator returns NaN or infinity, naming the run
   */
  public static RunOutcome[] run(SymmetricOperator operator, RunPlan plan, long seed,
      ProgressListener listener) {
    return run(operator, plan, seed, 0, listener, StartVectors::rademacher);
  }

  /**
   * Runs {@code firstRun .. firstRun + plan.runs() - 1} of the estimate with seed {@code seed}
   * (outcome k is run firstRun + k), run r starting from the vector {@code starts} writes for
   * {@link ProbeSeeds#of}(seed, r) (a deflated estimate projects its Rademacher vectors).
   * Errors name the run within the plan.
   */
  public static RunOutcome[] run(SymmetricOperator operator, RunPlan plan, long seed,
      int firstRun, ProgressListener listener, StartSource starts) {
    if (firstRun < 0) {
      throw new IllegalArgumentException("firstRun must be >= 0, got " + firstRun);
    }
    Objects.requireNonNull(starts, "starts");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(plan, "plan");
    if (operator.dimension() != plan.n()) {
      throw new IllegalArgumentException("the plan is for n = " + plan.n()
          + ", the operator has dimension " + operator.dimension());
    }
    return new RunScheduler(operator, plan, seed, firstRun, listener, starts).runAll();
  }

  private RunOutcome[] runAll() {
    int groups = plan.groups();
    try (Team team = new Team(plan.helpers(), plan.workers(), plan::lanes)) {
      Lanes lanes = team.lanes();
      workers.run(() -> {
        boolean completed = false;
        try {
          int first = nextGroup.getAndIncrement();
          if (first < groups) {
            try (Arena arena = Arena.ofShared()) {
              WorkerMemory memory = WorkerMemory.allocate(arena, plan);
              workers.failFast(() -> {
                for (int g = first; g < groups; g = nextGroup.getAndIncrement()) {
                  runGroup(g, memory, lanes);
                }
              });
            }
          }
          completed = true;
        } finally {
          // A worker with no run left lends itself to the others; a failed one just leaves.
          team.workerDone(completed);
        }
      });
    }
    return outcomes;
  }

  /** Runs group {@code g} in the worker's memory and stores its outcomes. */
  private void runGroup(int g, WorkerMemory memory, Lanes lanes) {
    int from = plan.groupStart(g);
    LanczosResult[] lanczos = plan.lockstep()
        ? runBlock(from, plan.groupSize(g), memory, lanes)
        : new LanczosResult[] {runOne(from, memory, lanes)};
    for (int k = 0; k < lanczos.length; k++) {
      outcomes[from + k] = finish(lanczos[k]);
    }
  }

  /** Run {@code run} alone: its start vector, then its steps in the worker's basis. */
  private LanczosResult runOne(int run, WorkerMemory memory, Lanes lanes) {
    MemorySegment start = memory.vectors[0];
    try {
      starts.write(ProbeSeeds.of(seed, (long) firstRun + run), start, plan.n());
      return Lanczos.run(operator, start, plan.shape(), memory.bases, lanes, onStep);
    } catch (NonFiniteValueException e) {
      throw e.withRun(run);
    }
  }

  /** Runs {@code from .. from + count - 1} in lockstep, their starts written into their bases. */
  private LanczosResult[] runBlock(int from, int count, WorkerMemory memory, Lanes lanes) {
    long n = plan.n();
    try {
      return Lanczos.runBlock(operator, count,
          (k, target) -> starts.write(ProbeSeeds.of(seed, (long) firstRun + from + k), target,
              n),
          plan.shape(), memory.bases, memory.vectors[0], memory.vectors[1], lanes,
          onStep);
    } catch (NonFiniteValueException e) {
      throw e.withRun(from + e.run());
    }
  }

  /** The Gauss rule of a finished run, and the progress report for it. */
  private RunOutcome finish(LanczosResult lanczos) {
    long t0 = System.nanoTime();
    GaussRule rule = SymmetricTridiagonalEigen.gaussRule(lanczos.alpha(), lanczos.beta());
    long tridiagonalNanos = System.nanoTime() - t0;
    int missing = plan.steps() - lanczos.steps();
    long steps = missing > 0 ? stepsDone.addAndGet(missing) : stepsDone.get();
    int runs = runsDone.incrementAndGet();
    if (listener != null) {
      listener.progress(steps, stepsTotal, runs, plan.runs());
    }
    return new RunOutcome(lanczos, rule, tridiagonalNanos);
  }

  /**
   * What one worker holds, exactly as its plan counts it: a block of bases and the plan's
   * operator vectors (a start vector, or a block's interleaved input and output).
   */
  private static final class WorkerMemory {
    final MemorySegment bases;
    final MemorySegment[] vectors;

    private WorkerMemory(MemorySegment bases, MemorySegment[] vectors) {
      this.bases = bases;
      this.vectors = vectors;
    }

    static WorkerMemory allocate(Arena arena, RunPlan plan) {
      MemorySegment bases = OffHeap.allocate(arena,
          Math.multiplyExact(plan.basisBytes(), (long) plan.block()));
      MemorySegment[] vectors = new MemorySegment[plan.vectorsPerWorker()];
      for (int v = 0; v < vectors.length; v++) {
        vectors[v] = OffHeap.allocateDoubles(arena, plan.vectorDoubles());
      }
      return new WorkerMemory(bases, vectors);
    }
  }
}
