package org.slq4j;

import org.slq4j.internal.memory.PhysicalMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import org.slq4j.internal.memory.OffHeap;
import org.slq4j.internal.vectorization.VectorKernels;
import org.slq4j.internal.lanczos.Lanczos;
import org.slq4j.internal.lanczos.LanczosResult;
import org.slq4j.Reorthogonalization;
import org.slq4j.internal.lanczos.StartVectors;
import org.slq4j.internal.smoothing.GaussianSmoother;
import org.slq4j.internal.smoothing.Grid;
import org.slq4j.internal.tridiagonal.GaussRule;
import org.slq4j.internal.tridiagonal.SymmetricTridiagonalEigen;

/**
 * Estimates the spectral density phi(t) = (1/n) sum_i delta(t - lambda_i) of a symmetric
 * operator by Stochastic Lanczos Quadrature (Lin, Saad and Yang 2016; Ubaru, Chen and Saad 2017;
 * Ghorbani, Krishnan and Xiao 2019).
 *
 * <p>For each of {@code numRuns} Rademacher start vectors v (seeded with {@code seed + run}), m =
 * {@code lanczosSteps} Lanczos steps give a tridiagonal T whose eigenvalues theta_k (nodes) and
 * squared first eigenvector components tau_k^2 (weights, summing to 1) form the Gauss rule of
 * v's spectral measure. The density is the run average of sum_k tau_k^2 G(t - theta_k, sigma)
 * with G the normal density, evaluated on a regular grid.
 *
 * <p>Defaults mirror {@code spectral_density} of the Python library hessian_eigenthings: 10
 * runs, 80 steps, 10000 grid points, sigma = (max node - min node) / lanczosSteps, the grid
 * padded by 10% of that spread on each side, seed 0. One deliberate difference: the padding is
 * never less than 6 sigma, so no mass falls off the grid and the density integrates to 1.
 *
 * <pre>{@code
 * SpectralDensity d = SpectralDensityEstimator.builder()
 *     .numRuns(10).lanczosSteps(80).seed(0)
 *     .build()
 *     .estimate(operator);
 * double[] t = d.grid(), phi = d.density();
 * }</pre>
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class SpectralDensityEstimator {

  /**
   * Smallest default sigma. Only spectra narrower than lanczosSteps * 1e-290 (a constant spectrum
   * near 1e-300, say) meet it: below it the Gaussian's peak 1 / (sigma sqrt(2 pi)) and the grid
   * spacing would leave the normal double range.
   */
  static final double MIN_DEFAULT_SIGMA = 1e-290;

  /** Relative tolerance of the up-front symmetry probe |x'Hy - y'Hx|. */
  static final double SYMMETRY_TOLERANCE = 1e-8;

  private final int numRuns;
  private final int lanczosSteps;
  private final int numGridPoints;
  private final double sigma;
  private final long seed;
  private final double gridPadding;
  private final GridScale gridScale;
  private final int threads;
  private final Reorthogonalization reorthogonalization;
  private final boolean checkSymmetry;
  private final int blockSize;

  private SpectralDensityEstimator(Builder b) {
    this.numRuns = b.numRuns;
    this.lanczosSteps = b.lanczosSteps;
    this.numGridPoints = b.numGridPoints;
    this.sigma = b.sigma;
    this.seed = b.seed;
    this.gridPadding = b.gridPadding;
    this.gridScale = b.gridScale;
    this.threads = b.threads;
    this.reorthogonalization = b.reorthogonalization;
    this.checkSymmetry = b.checkSymmetry;
    this.blockSize = b.blockSize;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The estimator with every default. */
  public static SpectralDensityEstimator withDefaults() {
    return builder().build();
  }

  /** Estimates the spectral density of {@code operator}. */
  public SpectralDensity estimate(SymmetricOperator operator) {
    return estimate(operator, null);
  }

  /**
   * Estimates the spectral density of {@code operator}, reporting progress to {@code listener}
   * (may be null).
   *
   * @throws IllegalArgumentException when lanczosSteps exceeds the dimension, the operator is
   *     visibly not symmetric, or a log grid meets a non-positive node
   * @throws NonFiniteValueException when the operator returns NaN or infinity
   */
  public SpectralDensity estimate(SymmetricOperator operator, ProgressListener listener) {
    Objects.requireNonNull(operator, "operator");
    long started = System.nanoTime();
    long n = operator.dimension();
    if (n < 1) {
      throw new IllegalArgumentException("operator dimension must be >= 1, got " + n);
    }
    if (lanczosSteps > n) {
      throw new IllegalArgumentException("lanczosSteps = " + lanczosSteps
          + " exceeds the operator dimension n = " + n);
    }
    long perWorker = Math.multiplyExact(
        Lanczos.storageLength(n, lanczosSteps, reorthogonalization) + n, (long) Double.BYTES);
    int workers = workerCount(threads, numRuns, perWorker, PhysicalMemory.bytes() / 2);
    SymmetricOperator op = operator.isThreadSafe() || workers == 1
        ? operator : new SerializedOperator(operator);
    long probeMatvecs = 0;
    if (checkSymmetry) {
      checkSymmetry(op, n, seed);
      probeMatvecs = 2;
    }

    int block = runsPerBlock(op, n, workers);
    RunResult[] runs = block > 1
        ? runAllBlocked(op, n, workers, block, listener)
        : runAll(op, n, workers, listener);

    long tGrid = System.nanoTime();
    double[][] nodes = new double[numRuns][];
    double[][] weights = new double[numRuns][];
    double[][] x = new double[numRuns][];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    long matvecs = probeMatvecs;
    long matvecNanos = 0;
    long reorthNanos = 0;
    long tridiagonalNanos = 0;
    for (int r = 0; r < numRuns; r++) {
      nodes[r] = runs[r].rule.nodes();
      weights[r] = runs[r].rule.weights();
      x[r] = gridScale == GridScale.LOG10 ? log10Nodes(r, nodes[r], weights[r]) : nodes[r];
      for (double v : x[r]) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      matvecs += runs[r].lanczos.matvecs();
      matvecNanos += runs[r].lanczos.matvecNanos();
      reorthNanos += runs[r].lanczos.reorthogonalizationNanos();
      tridiagonalNanos += runs[r].tridiagonalNanos;
    }
    double spread = flooredSpread(lo, hi);
    double s = Double.isNaN(sigma) ? Math.max(spread / lanczosSteps, MIN_DEFAULT_SIGMA) : sigma;
    double pad = Math.max(gridPadding * spread, 6 * s);
    Grid grid = Grid.linear(lo - pad, hi + pad, numGridPoints);
    double[] density = new double[numGridPoints];
    for (int r = 0; r < numRuns; r++) {
      GaussianSmoother.accumulate(grid, x[r], weights[r], x[r].length, 1.0 / numRuns, s, density);
    }
    long done = System.nanoTime();
    PhaseTimes phases = new PhaseTimes(Duration.ofNanos(matvecNanos), Duration.ofNanos(reorthNanos),
        Duration.ofNanos(tridiagonalNanos), Duration.ofNanos(done - tGrid));
    return new SpectralDensity(grid.points(), density, s, gridScale, nodes, weights, numRuns,
        lanczosSteps, seed, n, matvecs, Duration.ofNanos(done - started), phases,
        VectorKernels.describe(), reorthogonalization);
  }

  /**
   * Runs every Lanczos run on {@code workers} threads. Each worker owns one shared arena with
   * a start vector and a basis that it reuses for all the runs it takes (a fresh 650 MB basis
   * per run cost page faults and zeroing, about 10% of a run at n = 1e6), closed when the worker
   * ends, also on failure. Runs are handed out in index order and their results stored by index,
   * so the output does not depend on which worker took which run. The arenas are shared, not
   * confined, because the operator receives slices of them: a matrix-free operator may hand x
   * and y to threads of its own (a parallel Hessian-vector product).
   */
  private RunResult[] runAll(SymmetricOperator op, long n, int workers,
      ProgressListener listener) {
    RunResult[] results = new RunResult[numRuns];
    AtomicLong stepsDone = new AtomicLong();
    AtomicInteger runsDone = new AtomicInteger();
    AtomicInteger nextRun = new AtomicInteger();
    long stepsTotal = (long) numRuns * lanczosSteps;
    Workers pool = new Workers(workers, nextRun, numRuns);
    IntConsumer onStep = step -> {
      pool.checkNotAborted();
      if (listener != null) {
        listener.progress(stepsDone.incrementAndGet(), stepsTotal, runsDone.get(), numRuns);
      }
    };
    pool.run(() -> {
      int first = nextRun.getAndIncrement();
      if (first >= numRuns) {
        return;
      }
      try (Arena arena = Arena.ofShared()) {
        MemorySegment start = OffHeap.allocateDoubles(arena, n);
        MemorySegment basis = OffHeap.allocateDoubles(arena,
            Lanczos.storageLength(n, lanczosSteps, reorthogonalization));
        pool.failFast(() -> {
          for (int r = first; r < numRuns; r = nextRun.getAndIncrement()) {
            results[r] = runOne(op, n, r, start, basis, onStep, listener, stepsDone, stepsTotal,
                runsDone);
          }
        });
      }
    });
    return results;
  }

  /**
   * Runs one task on the calling thread (one worker) or on {@code count} pool threads. The first
   * failure of any worker aborts the others: no worker takes a new run ({@code next} is set to
   * {@code end}) and runs in progress stop at their next Lanczos step (their step callbacks call
   * {@link #checkNotAborted}). {@link #run} returns, or rethrows that first failure, only after
   * every worker has finished, so no operator call and no worker arena outlives the estimate.
   */
  private static final class Workers {
    private final int count;
    private final AtomicInteger next;
    private final int end;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Workers(int count, AtomicInteger next, int end) {
      this.count = count;
      this.next = next;
      this.end = end;
    }

    /**
     * Runs a worker's body, recording its failure at once (before the worker's arena closes,
     * which for a shared arena can take milliseconds) so that the other workers stop soon.
     */
    void failFast(Runnable body) {
      try {
        body.run();
      } catch (Aborted e) {
        throw e;
      } catch (RuntimeException | Error e) {
        if (failure.compareAndSet(null, e)) {
          next.set(end);
        }
        throw e;
      }
    }

    /** Throws (an internal signal, never seen by callers) once another worker has failed. */
    void checkNotAborted() {
      if (failure.get() != null) {
        throw Aborted.INSTANCE;
      }
    }

    void run(Runnable task) {
      if (count == 1) {
        task.run();
        return;
      }
      Runnable guarded = () -> {
        try {
          task.run();
        } catch (Aborted e) {
          // Another worker failed first; its failure is the one reported.
        } catch (Throwable e) {
          if (failure.compareAndSet(null, e)) {
            next.set(end);
          }
        }
      };
      ExecutorService pool = Executors.newFixedThreadPool(count, r -> {
        Thread t = new Thread(r, "slq4j-run");
        t.setDaemon(true);
        return t;
      });
      boolean interrupted = false;
      try {
        List<Future<?>> futures = new ArrayList<>(count);
        for (int w = 0; w < count; w++) {
          futures.add(pool.submit(guarded));
        }
        for (Future<?> future : futures) {
          while (true) {
            try {
              future.get();
              break;
            } catch (InterruptedException e) {
              // Stop the workers, then keep waiting: they end within one Lanczos step.
              interrupted = true;
              failure.compareAndSet(null,
                  new IllegalStateException("interrupted while waiting for the Lanczos runs", e));
              next.set(end);
            } catch (ExecutionException e) {
              failure.compareAndSet(null, e.getCause()); // not reached: guarded catches all
              next.set(end);
              break;
            }
          }
        }
      } finally {
        pool.shutdown();
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      Throwable first = failure.get();
      if (first instanceof RuntimeException re) {
        throw re;
      }
      if (first instanceof Error err) {
        throw err;
      }
      if (first != null) {
        throw new IllegalStateException("a Lanczos run failed", first);
      }
    }
  }

  /** Unwinds a worker whose estimate was aborted by another worker's failure. */
  private static final class Aborted extends RuntimeException {
    static final Aborted INSTANCE = new Aborted();

    private Aborted() {
      super("aborted", null, false, false);
    }
  }

  /**
   * Threads that run Lanczos runs: the requested count, at most one per run, and no more than
   * fit in {@code budget} bytes with one basis and start vector ({@code perWorker} bytes) each
   * (at least one). Results do not depend on the thread count, so the cap changes only the
   * speed: 64 threads at n = 1e7 would otherwise ask for 64 bases of 6.5 GB.
   */
  static int workerCount(int threads, int runs, long perWorker, long budget) {
    long fit = Math.max(1, budget / Math.max(1, perWorker));
    return (int) Math.min(Math.min(threads, runs), fit);
  }

  /**
   * How many runs one worker advances in lockstep (1: one at a time): the explicit
   * {@link Builder#blockSize}, else the operator's preference; no more than the runs per worker,
   * and small enough that the workers' bases fit in half of the physical memory (each run in a
   * block keeps its own basis).
   */
  private int runsPerBlock(SymmetricOperator op, long n, int workers) {
    int wanted = blockSize > 0 ? blockSize : op.preferredBlockSize();
    int perWorker = (numRuns + workers - 1) / workers;
    int block = Math.max(1, Math.min(wanted, perWorker));
    if (block > 1) {
      long perRun = Math.multiplyExact(Lanczos.storageLength(n, lanczosSteps,
          reorthogonalization) + 2 * n, (long) Double.BYTES);
      long budget = PhysicalMemory.bytes() / 2;
      long fit = budget / Math.max(1, Math.multiplyExact(perRun, (long) workers));
      block = (int) Math.max(1, Math.min(block, fit));
    }
    return block;
  }

  /**
   * Runs the Lanczos runs in groups of at most {@code block} runs, each group in lockstep with
   * one {@link SymmetricOperator#applyBlock} per step ({@link Lanczos#runBlock}). Groups are
   * contiguous ranges of run indices ({@link #groupStarts}), at least one per worker; each worker
   * owns one shared arena (bases, two block buffers) reused for the groups it takes. The
   * per-run arithmetic is that of {@link #runAll}, so with a bit-exact applyBlock the result is
   * bit-identical to it.
   */
  private RunResult[] runAllBlocked(SymmetricOperator op, long n, int workers, int block,
      ProgressListener listener) {
    int[] firstRun = groupStarts(numRuns, Math.min(workers, numRuns), block);
    int groups = firstRun.length - 1;
    RunResult[] results = new RunResult[numRuns];
    AtomicLong stepsDone = new AtomicLong();
    AtomicInteger runsDone = new AtomicInteger();
    AtomicInteger nextGroup = new AtomicInteger();
    long stepsTotal = (long) numRuns * lanczosSteps;
    long each = Lanczos.storageLength(n, lanczosSteps, reorthogonalization);
    Workers pool = new Workers(Math.min(workers, groups), nextGroup, groups);
    IntConsumer onStep = k -> {
      pool.checkNotAborted();
      if (listener != null) {
        listener.progress(stepsDone.incrementAndGet(), stepsTotal, runsDone.get(), numRuns);
      }
    };
    pool.run(() -> {
      int first = nextGroup.getAndIncrement();
      if (first >= groups) {
        return;
      }
      try (Arena arena = Arena.ofShared()) {
        MemorySegment storage = OffHeap.allocateDoubles(arena,
            Math.multiplyExact(each, (long) block));
        MemorySegment x = OffHeap.allocateDoubles(arena, Math.multiplyExact(n, (long) block));
        MemorySegment y = OffHeap.allocateDoubles(arena, Math.multiplyExact(n, (long) block));
        pool.failFast(() -> {
          for (int g = first; g < groups; g = nextGroup.getAndIncrement()) {
            int from = firstRun[g];
            int count = firstRun[g + 1] - from;
            LanczosResult[] lanczos;
            try {
              lanczos = Lanczos.runBlock(op, count,
                  (k, target) -> StartVectors.rademacher(seed + from + k, target, n),
                  lanczosSteps, reorthogonalization, storage, x, y, onStep);
            } catch (NonFiniteValueException e) {
              throw e.withRun(from + e.run());
            }
            for (int k = 0; k < count; k++) {
              results[from + k] = finishRun(lanczos[k], listener, stepsDone, stepsTotal,
                  runsDone);
            }
          }
        });
      }
    });
    return results;
  }

  /**
   * The first run of each group and, last, {@code runs}: the runs split into {@code shares}
   * contiguous balanced shares (one per worker), each share cut into groups of exactly
   * {@code block} runs and one smaller remainder. Full groups rather than balanced ones because
   * a block kernel's cost follows its padded width (the CSR kernels pad to 2 or a multiple of 4
   * lanes): 10 runs in blocks of 8 go as 8 + 2, not 5 + 5 (two 8-wide passes).
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
    return java.util.Arrays.copyOf(starts, groups + 1);
  }

  private RunResult runOne(SymmetricOperator op, long n, int run, MemorySegment start,
      MemorySegment basis, IntConsumer onStep, ProgressListener listener, AtomicLong stepsDone,
      long stepsTotal, AtomicInteger runsDone) {
    LanczosResult lanczos;
    try {
      StartVectors.rademacher(seed + run, start, n);
      lanczos = Lanczos.run(op, start, lanczosSteps, reorthogonalization, basis, onStep);
    } catch (NonFiniteValueException e) {
      throw e.withRun(run);
    }
    return finishRun(lanczos, listener, stepsDone, stepsTotal, runsDone);
  }

  /** The Gauss rule of a finished run, and the progress report for it. */
  private RunResult finishRun(LanczosResult lanczos, ProgressListener listener,
      AtomicLong stepsDone, long stepsTotal, AtomicInteger runsDone) {
    long t0 = System.nanoTime();
    GaussRule rule = SymmetricTridiagonalEigen.gaussRule(lanczos.alpha(), lanczos.beta());
    long tridiagonalNanos = System.nanoTime() - t0;
    int missing = lanczosSteps - lanczos.steps();
    long steps = missing > 0 ? stepsDone.addAndGet(missing) : stepsDone.get();
    int runs = runsDone.incrementAndGet();
    if (listener != null) {
      listener.progress(steps, stepsTotal, runs, numRuns);
    }
    return new RunResult(lanczos, rule, tridiagonalNanos);
  }

  private static double[] log10Nodes(int run, double[] nodes, double[] weights) {
    double[] x = new double[nodes.length];
    for (int k = 0; k < nodes.length; k++) {
      if (!(nodes[k] > 0)) {
        throw new IllegalArgumentException("a LOG10 grid needs a positive spectrum, but run "
            + run + " has the node " + nodes[k] + " (weight " + weights[k]
            + "); shift the operator or use a LINEAR grid");
      }
      x[k] = Math.log10(nodes[k]);
    }
    return x;
  }

  /** max - min, floored at a tiny positive value so a constant spectrum still has a grid. */
  static double flooredSpread(double lo, double hi) {
    double spread = hi - lo;
    double magnitude = Math.max(Math.abs(lo), Math.abs(hi));
    double floor = magnitude > 0 ? 1e-8 * magnitude : 1e-8;
    return Math.max(spread, floor);
  }

  private static void checkSymmetry(SymmetricOperator op, long n, long seed) {
    try (Arena arena = Arena.ofShared()) {
      MemorySegment x = OffHeap.allocateDoubles(arena, n);
      MemorySegment y = OffHeap.allocateDoubles(arena, n);
      MemorySegment hx = OffHeap.allocateDoubles(arena, n);
      MemorySegment hy = OffHeap.allocateDoubles(arena, n);
      // Two independent probes from streams no Lanczos run uses (runs use seed + run).
      StartVectors.rademacher(~seed, x, n);
      StartVectors.rademacher(~seed ^ 0x9E3779B97F4A7C15L, y, n);
      op.apply(x, hx);
      op.apply(y, hy);
      double xHy = VectorKernels.dot(x, 0, hy, 0, n);
      double yHx = VectorKernels.dot(y, 0, hx, 0, n);
      double scale = VectorKernels.nrm2(hx, 0, n) + VectorKernels.nrm2(hy, 0, n);
      if (!Double.isFinite(xHy) || !Double.isFinite(yHx) || !Double.isFinite(scale)) {
        throw new NonFiniteValueException(-1, 0, "symmetry probe: the operator returned NaN or "
            + "infinity for a random +-1 vector (x'Hy = " + xHy + ", y'Hx = " + yHx + ")");
      }
      double difference = Math.abs(xHy - yHx);
      if (difference > SYMMETRY_TOLERANCE * scale) {
        throw new IllegalArgumentException("the operator is not symmetric: for random unit "
            + "vectors x, y, |x'Hy - y'Hx| = " + difference + " > " + SYMMETRY_TOLERANCE
            + " * (||Hx|| + ||Hy||) = " + SYMMETRY_TOLERANCE * scale
            + " (x'Hy = " + xHy + ", y'Hx = " + yHx + "); disable with checkSymmetry(false)");
      }
    }
  }

  private record RunResult(LanczosResult lanczos, GaussRule rule, long tridiagonalNanos) {}

  /** Serializes calls to an operator that is not thread-safe. */
  private static final class SerializedOperator implements SymmetricOperator {
    private final SymmetricOperator delegate;
    private final ReentrantLock lock = new ReentrantLock();

    SerializedOperator(SymmetricOperator delegate) {
      this.delegate = delegate;
    }

    @Override
    public long dimension() {
      return delegate.dimension();
    }

    @Override
    public void apply(MemorySegment x, MemorySegment y) {
      lock.lock();
      try {
        delegate.apply(x, y);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void applyBlock(MemorySegment x, MemorySegment y, int count) {
      lock.lock();
      try {
        delegate.applyBlock(x, y, count);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public int preferredBlockSize() {
      return delegate.preferredBlockSize();
    }

    @Override
    public boolean isThreadSafe() {
      return true;
    }
  }

  public int numRuns() {
    return numRuns;
  }

  public int lanczosSteps() {
    return lanczosSteps;
  }

  public int numGridPoints() {
    return numGridPoints;
  }

  /** The smoothing width, or NaN for the default rule (spread / lanczosSteps). */
  public double sigma() {
    return sigma;
  }

  public long seed() {
    return seed;
  }

  public double gridPadding() {
    return gridPadding;
  }

  public GridScale gridScale() {
    return gridScale;
  }

  public int threads() {
    return threads;
  }

  public Reorthogonalization reorthogonalization() {
    return reorthogonalization;
  }

  public boolean checkSymmetry() {
    return checkSymmetry;
  }

  /** Options with validation at the point they are set; every setter names the bad value. */
  public static final class Builder {
    private int numRuns = 10;
    private int lanczosSteps = 80;
    private int numGridPoints = 10000;
    private double sigma = Double.NaN;
    private long seed = 0;
    private double gridPadding = 0.1;
    private GridScale gridScale = GridScale.LINEAR;
    private int threads = Runtime.getRuntime().availableProcessors();
    private Reorthogonalization reorthogonalization = Reorthogonalization.FULL;
    private boolean checkSymmetry = true;
    private int blockSize = 0;

    private Builder() {}

    /** Number of random start vectors, >= 1 (default 10). */
    public Builder numRuns(int numRuns) {
      if (numRuns < 1) {
        throw new IllegalArgumentException("numRuns must be >= 1, got " + numRuns);
      }
      this.numRuns = numRuns;
      return this;
    }

    /** Lanczos steps per run, 1 <= steps <= n (default 80). */
    public Builder lanczosSteps(int lanczosSteps) {
      if (lanczosSteps < 1) {
        throw new IllegalArgumentException("lanczosSteps must be >= 1, got " + lanczosSteps);
      }
      this.lanczosSteps = lanczosSteps;
      return this;
    }

    /** Grid points, >= 2 (default 10000). */
    public Builder numGridPoints(int numGridPoints) {
      if (numGridPoints < 2) {
        throw new IllegalArgumentException("numGridPoints must be >= 2, got " + numGridPoints);
      }
      this.numGridPoints = numGridPoints;
      return this;
    }

    /**
     * Gaussian smoothing width, positive and finite, in the grid's variable (log10 units for a
     * LOG10 grid). Default: (max node - min node) / lanczosSteps, and at least 1e-290 (only
     * spectra narrower than about lanczosSteps * 1e-290 meet that floor, which keeps the
     * Gaussian's peak and the grid spacing in the normal double range).
     */
    public Builder sigma(double sigma) {
      if (!(sigma > 0) || !Double.isFinite(sigma)) {
        throw new IllegalArgumentException("sigma must be positive and finite, got " + sigma);
      }
      this.sigma = sigma;
      return this;
    }

    /** Back to the default sigma rule. */
    public Builder defaultSigma() {
      this.sigma = Double.NaN;
      return this;
    }

    /** Seed; run r uses the start vector of seed + r (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Grid padding on each side as a fraction of the node spread, >= 0 and finite (default
     * 0.1); never less than 6 sigma in effect.
     */
    public Builder gridPadding(double gridPadding) {
      if (!(gridPadding >= 0) || !Double.isFinite(gridPadding)) {
        throw new IllegalArgumentException("gridPadding must be >= 0 and finite, got "
            + gridPadding);
      }
      this.gridPadding = gridPadding;
      return this;
    }

    /** LINEAR (default) or LOG10. */
    public Builder gridScale(GridScale gridScale) {
      this.gridScale = Objects.requireNonNull(gridScale, "gridScale");
      return this;
    }

    /**
     * Threads running independent runs, >= 1 (default: available processors). Results are
     * bit-identical for any thread count.
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** FULL (default) or NONE. */
    public Builder reorthogonalization(Reorthogonalization mode) {
      this.reorthogonalization = Objects.requireNonNull(mode, "reorthogonalization");
      return this;
    }

    /** Whether to probe |x'Hy - y'Hx| once before the runs (default true; costs 2 matvecs). */
    public Builder checkSymmetry(boolean checkSymmetry) {
      this.checkSymmetry = checkSymmetry;
      return this;
    }

    /**
     * How many runs one worker advances in lockstep, multiplying all their vectors with one
     * {@link SymmetricOperator#applyBlock} call per step, >= 0. 0 (the default) takes the
     * operator's {@link SymmetricOperator#preferredBlockSize()}; 1 runs one at a time. Each
     * worker's share of the runs is cut into blocks of exactly this size and one smaller
     * remainder (10 runs, one thread, blocks of 4: 4 + 4 + 2). More is
     * faster when the operator reads a large matrix per call (the built-in sparse operator),
     * and costs memory: every run of a block keeps its own basis, n * (steps + 1)
     * doubles, so a worker holds that many. The estimator lowers the block so that all workers'
     * bases fit in half of the physical memory, and never uses more runs per block than a
     * worker has runs. The result does not depend on this setting when applyBlock is bit-exact
     * (it is for the built-in operators).
     */
    public Builder blockSize(int blockSize) {
      if (blockSize < 0) {
        throw new IllegalArgumentException("blockSize must be >= 0, got " + blockSize);
      }
      this.blockSize = blockSize;
      return this;
    }

    public SpectralDensityEstimator build() {
      return new SpectralDensityEstimator(this);
    }
  }
}
