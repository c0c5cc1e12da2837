package org.slq4j.internal.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slq4j.BasisPrecision;
import org.slq4j.InsufficientMemoryException;
import org.slq4j.Reorthogonalization;
import org.slq4j.internal.lanczos.RunShape;
import org.slq4j.internal.memory.PhysicalMemory;
import org.slq4j.internal.parallel.RowChunks;

/**
 * How the Lanczos runs of one estimate are executed: how many worker threads, how many runs
 * each worker advances in lockstep (the block), how the runs are grouped into blocks, and the
 * memory every run holds. A pure function of the problem (n, steps, runs, reorthogonalization),
 * the request (threads, block size), the operator's preferred block size and a memory budget,
 * so every decision can be checked by hand; {@link RunScheduler} carries it out.
 *
 * <p>Memory: a worker holds, for each run of its block, the run's basis
 * ({@link RunShape#storageBytes()}) and the run's operator vectors: one start vector when it runs
 * one run at a time, or its column of the block's interleaved input and of its output when it
 * runs a lockstep block ({@link #bytesPerRun}). Workers are capped so that every worker can
 * hold one run within the budget, and the block so that every worker's whole block fits.
 * Neither cap changes the result, only the speed and the memory used.
 *
 * <p>Threads beyond the workers are not idle: the plan's {@link #threads()} all work. Each
 * run's vector work (and the product of an operator that computes row ranges) is cut into
 * fixed row chunks ({@link RowChunks}) that any thread may compute with the same bits, so the
 * threads the workers leave over ({@link #helpers()}), and every worker that has run out of
 * runs, help the runs still going, each run taking up to {@link #lanes(int)} threads. With one
 * chunk (n up to {@link RowChunks#ROWS}) there is nothing to share and no helper.
 */
public final class RunPlan {

  private final RunShape shape;
  private final long n;
  private final int steps;
  private final Reorthogonalization mode;
  private final int runs;
  private final int threads;
  private final int workers;
  private final int block;
  private final int[] groupStarts;

  private RunPlan(RunShape shape, int runs, int threads, int workers, int block) {
    this.shape = shape;
    this.n = shape.n();
    this.steps = shape.steps();
    this.mode = shape.mode();
    this.runs = runs;
    // No more threads than can take work: each worker's run splits its vector work in at most
    // one lane per row chunk (with a single chunk, the workers alone).
    this.threads = (int) Math.min(threads, (long) workers * RowChunks.count(shape.n()));
    this.workers = workers;
    this.block = block;
    this.groupStarts = groupStarts(runs, workers, block);
  }

  /**
   * The plan for {@code runs} runs of {@code steps} steps on an operator of dimension {@code n}.
   *
   * @param threads threads asked for, >= 1
   * @param requestedBlock runs per lockstep block asked for, or 0 for the operator's preference
   * @param preferredBlock the operator's {@code preferredBlockSize()} (values below 1 count as 1)
   * @param budget bytes that all workers together may hold ({@link #defaultBudget()})
   * @throws IllegalArgumentException when a count is out of range
   */
  public static RunPlan of(long n, int steps, Reorthogonalization mode, int runs, int threads,
      int requestedBlock, int preferredBlock, long budget) {
    Objects.requireNonNull(mode, "mode");
    if (n < 1 || steps < 1) {
      throw new IllegalArgumentException("bad plan arguments: n = " + n + ", steps = " + steps);
    }
    return of(RunShape.of(n, steps, mode), runs, threads, requestedBlock, preferredBlock, budget);
  }

  /**
   * The plan for {@code runs} runs of {@code shape} (see {@link #of(long, int,
   * Reorthogonalization, int, int, int, int, long)}).
   */
  public static RunPlan of(RunShape shape, int runs, int threads, int requestedBlock,
      int preferredBlock, long budget) {
    Objects.requireNonNull(shape, "shape");
    if (runs < 1 || threads < 1 || requestedBlock < 0 || budget < 0) {
      throw new IllegalArgumentException("bad plan arguments: runs = " + runs + ", threads = "
          + threads + ", requestedBlock = " + requestedBlock + ", budget = " + budget);
    }
    long oneRun = bytesPerRun(shape, false);
    long fit = Math.max(1, budget / oneRun);
    int workers = (int) Math.min(Math.min(threads, runs), fit);

    int wanted = requestedBlock > 0 ? requestedBlock : preferredBlock;
    int share = (runs + workers - 1) / workers;
    int block = Math.max(1, Math.min(wanted, share));
    if (block > 1) {
      long perRun = bytesPerRun(shape, true);
      long blocksFit = budget / Math.multiplyExact(perRun, (long) workers);
      block = (int) Math.max(1, Math.min(block, blocksFit));
    }
    return new RunPlan(shape, runs, threads, workers, block);
  }

  /** {@link #requireOneRunFits(RunShape, long)} for a run with a double-precision basis. */
  public static void requireOneRunFits(long n, int steps, Reorthogonalization mode,
      long available) {
    requireOneRunFits(RunShape.of(n, steps, mode), available);
  }

  /**
   * Refuses, before anything is allocated, a problem of which one run alone needs more than
   * {@code available} bytes ({@link #bytesPerRun}, one run at a time): running fewer runs at once
   * cannot help then. The exception's message names the settings that would fit, with their
   * size: no reorthogonalization, a local window, a float basis, or fewer Lanczos steps.
   *
   * @throws InsufficientMemoryException when one run does not fit
   */
  public static void requireOneRunFits(RunShape shape, long available) {
    long oneRun = saturatedBytesPerRun(shape);
    if (oneRun <= available) {
      return;
    }
    List<String> fits = new ArrayList<>();
    if (shape.mode() != Reorthogonalization.NONE) {
      long none = saturatedBytesPerRun(shape.withMode(Reorthogonalization.NONE));
      if (none <= available) {
        fits.add("--reorth none (" + gigabytes(none) + ")");
      }
      if (shape.mode() == Reorthogonalization.FULL) {
        int window = largestWindow(shape, available);
        if (window >= 2) {
          String basis = shape.precision() == BasisPrecision.FLOAT32 ? " --basis float64" : "";
          fits.add("--reorth local" + basis + " --window " + window + " ("
              + gigabytes(saturatedBytesPerRun(local(shape, window))) + ")");
        }
      }
      if (shape.precision() == BasisPrecision.FLOAT64
          && shape.mode() == Reorthogonalization.FULL) {
        RunShape single = shape.withPrecision(BasisPrecision.FLOAT32);
        long singleBytes = saturatedBytesPerRun(single);
        if (singleBytes <= available) {
          fits.add("--basis float32 (" + gigabytes(singleBytes) + ")");
        } else {
          int fewer = mostSteps(single, available);
          if (fewer >= 1) {
            fits.add("--basis float32 with --steps " + fewer + " ("
                + gigabytes(saturatedBytesPerRun(single.withSteps(fewer))) + ")");
          }
        }
      }
      int fewer = mostSteps(shape, available);
      if (fewer >= 1) {
        fits.add("--steps " + fewer + " (" + gigabytes(saturatedBytesPerRun(
            shape.withSteps(fewer))) + ")");
      }
    }
    String what = switch (shape.mode()) {
      case FULL -> "full basis";
      case LOCAL -> "window of " + Math.min(shape.window(), shape.steps()) + " basis vectors";
      case NONE -> "Lanczos vectors";
    };
    String precision = shape.mode() == Reorthogonalization.NONE ? ""
        : ", " + shape.precision().name().toLowerCase(Locale.ROOT) + " basis";
    long least = saturatedBytesPerRun(shape.withSteps(1).withMode(Reorthogonalization.NONE));
    throw new InsufficientMemoryException("needs " + gigabytes(oneRun) + " for one run's " + what
        + " (n = " + shape.n() + ", " + shape.steps() + " steps" + precision + "); "
        + gigabytes(available) + " available; "
        + (fits.isEmpty() ? "no setting fits (an operator of this dimension needs at least "
            + gigabytes(least) + ")" : "fits: " + String.join(", ", fits)), oneRun, available);
  }

  /** The most steps below shape.steps() with which one run fits, or 0. */
  private static int mostSteps(RunShape shape, long available) {
    int lo = 0;
    int hi = shape.steps() - 1;
    while (lo < hi) {
      int mid = (int) ((lo + (long) hi + 1) / 2);
      if (saturatedBytesPerRun(shape.withSteps(mid)) <= available) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** The largest LOCAL window, 2 to steps - 1, with which one run of shape fits, or 0. */
  private static int largestWindow(RunShape shape, long available) {
    int best = 0;
    int lo = 2;
    int hi = shape.steps() - 1;
    while (lo <= hi) {
      int mid = (int) ((lo + (long) hi) / 2);
      if (saturatedBytesPerRun(local(shape, mid)) <= available) {
        best = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return best;
  }

  /** A LOCAL run of shape's size with {@code window}: its window is kept in doubles. */
  private static RunShape local(RunShape shape, int window) {
    return new RunShape(shape.n(), shape.steps(), Reorthogonalization.LOCAL,
        BasisPrecision.FLOAT64, window);
  }

  /** {@link #bytesPerRun} one run at a time, or Long.MAX_VALUE where it overflows. */
  private static long saturatedBytesPerRun(RunShape shape) {
    try {
      return bytesPerRun(shape, false);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Bytes as decimal gigabytes: three significant digits ("65.6 GB", "0.800 GB") below 1000. */
  static String gigabytes(long bytes) {
    double gb = bytes / 1e9;
    return String.format(Locale.ROOT, gb < 999.5 ? "%.3g GB" : "%.0f GB", gb);
  }

  /**
   * What the workers of one estimate may hold together: half of the physical memory, or the
   * memory available now ({@link PhysicalMemory#availableBytes()}) when that is less.
   */
  public static long defaultBudget() {
    return Math.min(PhysicalMemory.bytes() / 2, PhysicalMemory.availableBytes());
  }

  /**
   * Bytes one run holds while it runs: its basis and its operator vectors, one start vector of
   * n doubles when runs go one at a time, or its two columns (input and output) of the block's
   * interleaved vectors when runs go in lockstep blocks.
   */
  public static long bytesPerRun(long n, int steps, Reorthogonalization mode, boolean lockstep) {
    return bytesPerRun(RunShape.of(n, steps, mode), lockstep);
  }

  /** {@link #bytesPerRun(long, int, Reorthogonalization, boolean)} for any run shape. */
  public static long bytesPerRun(RunShape shape, boolean lockstep) {
    return Math.addExact(shape.storageBytes(), Math.multiplyExact(
        Math.multiplyExact(vectorsPerRun(lockstep), shape.n()), (long) Double.BYTES));
  }

  private static int vectorsPerRun(boolean lockstep) {
    return lockstep ? 2 : 1;
  }

  /**
   * The first run of each group and, last, {@code runs}: the runs split into {@code shares}
   * contiguous balanced shares (one per worker), each share cut into groups of exactly
   * {@code block} runs and one smaller remainder. Full groups rather than balanced ones because
   * an operator's block product may cost what its preferred width costs whatever the count:
   * 10 runs in blocks of 8 go as 8 + 2, not 5 + 5 (two passes of the full width).
   */
  static int[] groupStarts(int runs, int shares, int block) {
    int[] starts = new int[runs + 1];
    int groups = 0;
    for (int s = 0; s < shares; s++) {
      int from = (int) ((long) s * runs / shares);
      int to = (int) ((long) (s + 1) * runs / shares);
      for (int r = from; r < to; r += block) {
        starts[groups++] = r;
      }
    }
    starts[groups] = runs;
    return Arrays.copyOf(starts, groups + 1);
  }

  /** The operator dimension. */
  public long n() {
    return n;
  }

  /** Lanczos steps per run. */
  public int steps() {
    return steps;
  }

  /** The reorthogonalization of every run. */
  public Reorthogonalization mode() {
    return mode;
  }

  /** Number of runs. */
  public int runs() {
    return runs;
  }

  /** Worker threads: at most one per run, and no more than fit in the budget. */
  public int workers() {
    return workers;
  }

  /**
   * Threads of the estimate: the threads asked for, but no more than the workers times the row
   * chunks of a vector (threads beyond that would find nothing to take), so only the workers
   * when the vectors are a single row chunk.
   */
  public int threads() {
    return threads;
  }

  /** Threads that start as helpers, running no run of their own: threads - workers. */
  public int helpers() {
    return threads - workers;
  }

  /**
   * The most threads one run's vector work uses while {@code active} workers still run runs:
   * the threads shared evenly among them, rounded up, and no more than the row chunks of a
   * vector. 1 keeps each run's work on its own worker. 10 runs on 16 threads: 2 lanes each
   * (6 helpers among 10 workers); one run on 16 threads: 16.
   *
   * @param active workers still running runs, >= 1
   */
  public int lanes(int active) {
    if (active < 1) {
      throw new IllegalArgumentException("active must be >= 1, got " + active);
    }
    int share = (threads + active - 1) / active;
    return Math.max(1, Math.min(share, RowChunks.count(n)));
  }

  /** {@link #lanes(int)} while every worker runs: the lanes of each run at the start. */
  public int lanes() {
    return lanes(workers);
  }

  /** Runs per lockstep block; 1 means one run at a time. */
  public int block() {
    return block;
  }

  /** Whether workers advance blocks of runs in lockstep (block above 1). */
  public boolean lockstep() {
    return block > 1;
  }

  /** Number of groups: runs handed to a worker together (single runs when not lockstep). */
  public int groups() {
    return groupStarts.length - 1;
  }

  /** The first run of group {@code g}. */
  public int groupStart(int g) {
    return groupStarts[g];
  }

  /** The number of runs in group {@code g}, 1 to {@link #block()}. */
  public int groupSize(int g) {
    return groupStarts[g + 1] - groupStarts[g];
  }

  /** What each run is: dimension, steps, reorthogonalization, basis precision, window. */
  public RunShape shape() {
    return shape;
  }

  /** Bytes of one run's storage: its basis and working vectors. */
  public long basisBytes() {
    return shape.storageBytes();
  }

  /**
   * How many operator vectors of {@link #vectorDoubles()} each a worker holds: 1 (the start
   * vector) one run at a time, 2 (the block's interleaved input and output) in lockstep.
   */
  public int vectorsPerWorker() {
    return vectorsPerRun(lockstep());
  }

  /** Doubles of each of a worker's operator vectors: n * block. */
  public long vectorDoubles() {
    return Math.multiplyExact(n, (long) block);
  }

  /** Bytes each run holds ({@link #bytesPerRun} for this plan). */
  public long bytesPerRun() {
    return bytesPerRun(shape, lockstep());
  }

  /** Bytes each worker holds: one block of runs. */
  public long bytesPerWorker() {
    return Math.multiplyExact(bytesPerRun(), (long) block);
  }

  @Override
  public String toString() {
    return "RunPlan[" + shape + ", runs=" + runs + ", threads=" + threads
        + ", workers=" + workers + ", lanes=" + lanes() + ", block=" + block + ", groups="
        + Arrays.toString(groupStarts) + "]";
  }
}
