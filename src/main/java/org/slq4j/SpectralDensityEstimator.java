package org.slq4j;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.slq4j.internal.deflation.Deflation;
import org.slq4j.internal.deflation.DeflationBudget;
import org.slq4j.internal.deflation.RitzProbe;
import org.slq4j.internal.deflation.DeflatedRule;
import org.slq4j.internal.lanczos.LanczosResult;
import org.slq4j.internal.lanczos.StartVectors;
import org.slq4j.internal.memory.PhysicalMemory;
import org.slq4j.internal.lanczos.RunShape;
import org.slq4j.internal.plan.RunOutcome;
import org.slq4j.internal.plan.RunPlan;
import org.slq4j.internal.plan.RunScheduler;
import org.slq4j.internal.smoothing.DensityAssembly;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * Estimates the spectral density phi(t) = (1/n) sum_i delta(t - lambda_i) of a symmetric
 * operator by Stochastic Lanczos Quadrature (Lin, Saad and Yang 2016; Ubaru, Chen and Saad 2017;
 * Ghorbani, Krishnan and Xiao 2019).
 *
 * <p>For each of {@code numRuns} Rademacher start vectors v (run r's drawn from the pair (seed,
 * r) through SplitMix64, so distinct seeds give independent estimates), m =
 * {@code lanczosSteps} Lanczos steps give a tridiagonal T whose eigenvalues theta_k (nodes) and
 * squared first eigenvector components tau_k^2 (weights, summing to 1) form the Gauss rule of
 * v's spectral measure. The density is the run average of sum_k tau_k^2 G(t - theta_k, sigma)
 * with G the normal density, evaluated on a regular grid.
 *
 * <p>The options and their defaults are those of {@link EstimatorOptions}; they mirror
 * {@code spectral_density} of the Python library hessian_eigenthings (10 runs, 80 steps, 10000
 * grid points, sigma = (max node - min node) / lanczosSteps, 10% padding, seed 0), except that
 * the padding is never less than 6 sigma, so no mass falls off the grid.
 *
 * <pre>{@code
 * SpectralDensity d = SpectralDensityEstimator.builder()
 *     .numRuns(10).lanczosSteps(80).seed(0)
 *     .build()
 *     .estimate(operator);
 * double[] t = d.grid(), phi = d.density();
 * }</pre>
 *
 * <p>An estimate probes the operator's symmetry (two products), plans how the runs share
 * threads and memory, runs them, and smooths their Gauss rules into the density. The result
 * is the same, bit for bit, for any thread count and lockstep block size when the operator's
 * block product is bit-exact (it is for the built-in operators).
 *
 * <p>With {@link VarianceReduction#DEFLATE} (or AUTO), part of the same budget of numRuns x
 * lanczosSteps products first finds the largest eigenpairs, which are counted exactly and
 * projected out of the runs (see {@link VarianceReduction}); with too small a budget (under
 * about 60 products) or too little memory for the pre-pass, the estimate is classic and its
 * {@link SpectralDensity#varianceReduction()} says NONE.
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class SpectralDensityEstimator {

  private final EstimatorOptions options;

  SpectralDensityEstimator(EstimatorOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** A builder holding the defaults; its {@code build()} gives the estimator. */
  public static EstimatorOptions.Builder builder() {
    return EstimatorOptions.builder();
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
   * @throws InsufficientMemoryException when one run alone (its Lanczos basis) needs more memory
   *     than the machine has available; thrown before anything large is allocated, with the
   *     settings that would fit
   * @throws NonFiniteValueException when the operator returns NaN or infinity
   * @throws NoConvergenceException when the QL eigensolver of a run's tridiagonal matrix reaches
   *     its iteration cap (30 iterations per eigenvalue) before every eigenvalue has converged;
   *     a partially converged rule is never used
   * @throws IllegalStateException when the calling thread is interrupted during the runs: every
   *     run stops within a step, and this is thrown once every thread the estimate started has
   *     ended and its memory is freed; the thread's interrupt status stays set
   */
  public SpectralDensity estimate(SymmetricOperator operator, ProgressListener listener) {
    return estimate(operator, listener, 0);
  }

  /**
   * {@link #estimate(SymmetricOperator, ProgressListener)} from runs {@code firstRun ..
   * firstRun + numRuns - 1} of the seed: run k of the result starts from the probe of run
   * firstRun + k. Batches of one adaptive estimate ({@link SpectralSums}) are such slices.
   */
  SpectralDensity estimate(SymmetricOperator operator, ProgressListener listener, int firstRun) {
    Objects.requireNonNull(operator, "operator");
    long started = System.nanoTime();
    long n = operator.dimension();
    int steps = options.lanczosSteps();
    requireSteps(n, steps);
    DensityAssembly.requireGridFits(options.numGridPoints(),
        DensityAssembly.BYTES_PER_GRID_POINT, "use fewer grid points or a larger -Xmx");
    long matvecs = 0;
    int numRuns = options.numRuns();
    DeflationBudget budget = options.varianceReduction() == VarianceReduction.NONE ? null
        : DeflationBudget.of(n, numRuns, steps);
    if (budget == null || budget.prepassBytes(n) > PhysicalMemory.availableBytes() / 2) {
      // Classic, asked for or because a pre-pass would not be worth its products or not fit.
      RunPlan plan = plan(operator, n, steps);
      if (options.checkSymmetry()) {
        SymmetryProbe.check(operator, n, options.seed());
        matvecs = SymmetryProbe.MATVECS;
      }
      RunOutcome[] runs = RunScheduler.run(operator, plan, options.seed(), firstRun, listener,
          StartVectors::rademacher);
      return finish(runs, workingBytes(plan), plan.threads(), n, matvecs, started,
          VarianceReduction.NONE, new double[0]);
    }
    if (options.checkSymmetry()) {
      SymmetryProbe.check(operator, n, options.seed());
      matvecs = SymmetryProbe.MATVECS;
    }
    // Run 0 first, classic: it is the probe. Without a converged Ritz value at the top (for
    // AUTO: one standing apart from the rest), the other runs follow and the estimate is
    // classic SLQ, bit for bit, at no extra product.
    long total = (long) numRuns * steps;
    RunPlan firstPlan = plan(operator, n, steps, 1);
    // Its progress counts its steps but not yet the run: it may turn out to be the probe.
    RunOutcome first = RunScheduler.run(operator, firstPlan, options.seed(), firstRun,
        listener == null ? null : (done, part, runs, partRuns) ->
            listener.progress(done, total, 0, numRuns), StartVectors::rademacher)[0];
    RitzProbe.Verdict verdict = RitzProbe.of(first.lanczos(), budget.tolerance());
    if (!(options.varianceReduction() == VarianceReduction.AUTO ? verdict.separated()
        : verdict.converged())) {
      RunPlan rest = plan(operator, n, steps, numRuns - 1);
      RunOutcome[] runs = withFirst(first, RunScheduler.run(operator, rest, options.seed(),
          firstRun + 1, shifted(listener, steps, 1, total, numRuns), StartVectors::rademacher));
      return finish(runs, Math.max(workingBytes(firstPlan), workingBytes(rest)),
          Math.max(firstPlan.threads(), rest.threads()), n, matvecs, started,
          VarianceReduction.NONE, new double[0]);
    }
    try (Deflation deflation = Deflation.find(operator, budget.high(), budget.low(),
        budget.tolerance(), budget.prepass(), budget.basis(),
        DeflationBudget.prepassSeed(options.seed()),
        options.threads())) {
      matvecs += deflation.matvecs();
      boolean deflate = deflation.count() > 0
          && (options.varianceReduction() == VarianceReduction.DEFLATE || deflation.separated());
      long left = total - first.lanczos().matvecs() - deflation.matvecs();
      if (!deflate) {
        // Classic after all: run 0 as it ran, the others share what the pre-pass left.
        int runSteps = (int) Math.min(left / (numRuns - 1), n);
        RunPlan rest = plan(operator, n, runSteps, numRuns - 1);
        RunOutcome[] runs = withFirst(first, RunScheduler.run(operator, rest, options.seed(),
            firstRun + 1, shifted(listener, total - left, 1, total, numRuns),
            StartVectors::rademacher));
        return finish(runs, Math.max(workingBytes(firstPlan), workingBytes(rest)),
            Math.max(firstPlan.threads(), rest.threads()), n, matvecs, started,
            VarianceReduction.NONE, new double[0]);
      }
      // Run 0 saw the outliers the runs now leave out: its products went to finding them.
      matvecs += first.lanczos().matvecs();
      int runSteps = (int) Math.min(left / numRuns, n - deflation.count());
      SymmetricOperator deflated = deflation.deflate(operator);
      RunPlan plan = plan(deflated, n, runSteps);
      RunOutcome[] runs = RunScheduler.run(deflated, plan, options.seed(), firstRun,
          shifted(listener, total - left, 0, total, numRuns), deflation::writeStart);
      return finish(runs, Math.max(workingBytes(firstPlan), workingBytes(plan)),
          Math.max(firstPlan.threads(), plan.threads()), n, matvecs, started,
          VarianceReduction.DEFLATE, deflation.values());
    }
  }

  /** Run 0's outcome followed by the others'. */
  private static RunOutcome[] withFirst(RunOutcome first, RunOutcome[] others) {
    RunOutcome[] runs = new RunOutcome[others.length + 1];
    runs[0] = first;
    System.arraycopy(others, 0, runs, 1, others.length);
    return runs;
  }

  /**
   * {@code listener} seeing one part of an estimate as the whole: its steps and runs offset by
   * those done before it, its totals the estimate's. Null for null.
   */
  private static ProgressListener shifted(ProgressListener listener, long stepsBefore,
      int runsBefore, long stepsTotal, int runsTotal) {
    if (listener == null) {
      return null;
    }
    return (steps, partTotal, runs, partRuns) -> listener.progress(
        Math.min(stepsTotal, stepsBefore + steps), stepsTotal, runsBefore + runs, runsTotal);
  }

  /** Off-heap bytes of a plan's workers. */
  private static long workingBytes(RunPlan plan) {
    return Math.multiplyExact((long) plan.workers(), plan.bytesPerWorker());
  }

  /** The memory plan of runs of {@code steps} steps, refused up front when one does not fit. */
  private RunPlan plan(SymmetricOperator operator, long n, int steps) {
    return plan(operator, n, steps, options.numRuns());
  }

  /** {@link #plan(SymmetricOperator, long, int)} for {@code runs} runs. */
  private RunPlan plan(SymmetricOperator operator, long n, int steps, int runs) {
    RunShape shape = new RunShape(n, steps, options.reorthogonalization(),
        options.basisPrecision(), options.reorthogonalizationWindow());
    RunPlan.requireOneRunFits(shape, PhysicalMemory.availableBytes());
    return RunPlan.of(shape, runs, options.threads(), options.blockSize(),
        operator.preferredBlockSize(), RunPlan.defaultBudget());
  }

  /**
   * Runs {@code firstRun .. firstRun + count - 1} of this estimate on {@code operator} and
   * returns their Gauss rules in run order: a shard of the estimate, to be merged with the
   * others by {@link #assemble}. Run r's start vector is a function of (seed, r) alone, so a
   * run's rule does not depend on the shard that computed it; it is the same, bit for bit,
   * as in {@link #estimate} on the same JVM and hardware class. The symmetry probe, when on,
   * runs on every shard (its products are counted once, by {@link #assemble}). Classic
   * estimates only: a deflated estimate's runs depend on its pre-pass.
   *
   * @throws IllegalArgumentException when the runs are not within 0 .. numRuns - 1, when the
   *     variance reduction is not NONE, or as {@link #estimate(SymmetricOperator,
   *     ProgressListener)}
   */
  public List<RunRule> estimateRuns(SymmetricOperator operator, int firstRun, int count) {
    return estimateRuns(operator, firstRun, count, null);
  }

  /** {@link #estimateRuns(SymmetricOperator, int, int)} reporting progress to {@code listener}. */
  public List<RunRule> estimateRuns(SymmetricOperator operator, int firstRun, int count,
      ProgressListener listener) {
    Objects.requireNonNull(operator, "operator");
    if (firstRun < 0 || count < 1 || (long) firstRun + count > options.numRuns()) {
      throw new IllegalArgumentException("runs " + firstRun + " .. " + ((long) firstRun + count
          - 1) + " are not within the estimate's runs 0 .. " + (options.numRuns() - 1));
    }
    if (options.varianceReduction() != VarianceReduction.NONE) {
      throw new IllegalArgumentException("runs computed in shards are classic SLQ runs; "
          + "varianceReduction must be NONE, got " + options.varianceReduction());
    }
    long n = operator.dimension();
    int steps = options.lanczosSteps();
    requireSteps(n, steps);
    RunPlan plan = plan(operator, n, steps, count);
    if (options.checkSymmetry()) {
      SymmetryProbe.check(operator, n, options.seed());
    }
    RunOutcome[] outcomes = RunScheduler.run(operator, plan, options.seed(), firstRun, listener,
        StartVectors::rademacher);
    RunRule[] rules = new RunRule[count];
    for (int k = 0; k < count; k++) {
      rules[k] = new RunRule(options.seed(), firstRun + k, steps, outcomes[k].rule().nodes(),
          outcomes[k].rule().weights(), outcomes[k].lanczos().matvecs());
    }
    return List.of(rules);
  }

  /**
   * Merges the rules of every run of this estimate, computed anywhere and in any order (for
   * example shards of {@link #estimateRuns}), into the estimate of an operator of dimension
   * {@code dimension}: the same density, nodes and weights, bit for bit, as {@link #estimate}
   * on the same JVM and hardware class. The rules are taken in run order. The result's phase
   * times count only the smoothing (the runs' times were spent elsewhere) and its working
   * memory is 0.
   *
   * @throws IllegalArgumentException when the rules are not exactly runs 0 .. numRuns - 1 of
   *     this estimate (a missing or repeated run, another seed or step count, more nodes than
   *     steps), naming the first offending run
   */
  public SpectralDensity assemble(long dimension, Collection<RunRule> rules) {
    long started = System.nanoTime();
    Objects.requireNonNull(rules, "rules");
    requireSteps(dimension, options.lanczosSteps());
    int numRuns = options.numRuns();
    RunRule[] byRun = new RunRule[numRuns];
    for (RunRule rule : rules) {
      Objects.requireNonNull(rule, "rule");
      int r = rule.run();
      if (r >= numRuns) {
        throw new IllegalArgumentException("run " + r + " is not a run of this estimate (runs "
            + "0 .. " + (numRuns - 1) + ")");
      }
      if (rule.seed() != options.seed()) {
        throw new IllegalArgumentException("run " + r + " was computed with seed "
            + rule.seed() + ", this estimate's seed is " + options.seed());
      }
      if (rule.lanczosSteps() != options.lanczosSteps()) {
        throw new IllegalArgumentException("run " + r + " was computed with "
            + rule.lanczosSteps() + " Lanczos steps, this estimate takes "
            + options.lanczosSteps());
      }
      if (byRun[r] != null) {
        throw new IllegalArgumentException("run " + r + " is given twice");
      }
      byRun[r] = rule;
    }
    double[][] nodes = new double[numRuns][];
    double[][] weights = new double[numRuns][];
    long matvecs = options.checkSymmetry() ? SymmetryProbe.MATVECS : 0;
    for (int r = 0; r < numRuns; r++) {
      if (byRun[r] == null) {
        throw new IllegalArgumentException("run " + r + " is missing (" + rules.size()
            + " rules given, " + numRuns + " runs expected)");
      }
      nodes[r] = byRun[r].nodes();
      weights[r] = byRun[r].weights();
      matvecs += byRun[r].matvecs();
    }
    return density(dimension, nodes, weights, matvecs, started, System.nanoTime(), 0, 0, 0, 0,
        0, VarianceReduction.NONE, new double[0]);
  }

  /** Refuses an operator too small for the steps, or empty. */
  private static void requireSteps(long n, int steps) {
    if (n < 1) {
      throw new IllegalArgumentException("operator dimension must be >= 1, got " + n);
    }
    if (steps > n) {
      throw new IllegalArgumentException("lanczosSteps = " + steps
          + " exceeds the operator dimension n = " + n);
    }
  }
  /**
   * The result of finished runs: their Gauss rules, with the deflated eigenvalues merged in
   * when there are any (weight 1/n each, the runs' weights scaled by (n - l)/n), smoothed on
   * the grid. The default sigma stays spread / lanczosSteps (the requested steps), so a
   * deflated density is smoothed like a classic one.
   */
  private SpectralDensity finish(RunOutcome[] runs, long workingBytes, int threads, long n,
      long matvecs, long started, VarianceReduction ran, double[] deflated) {
    long tGrid = System.nanoTime();
    int steps = options.lanczosSteps();
    int numRuns = runs.length;
    double[][] nodes = new double[numRuns][];
    double[][] weights = new double[numRuns][];
    long matvecNanos = 0;
    long reorthNanos = 0;
    long tridiagonalNanos = 0;
    for (int r = 0; r < numRuns; r++) {
      LanczosResult lanczos = runs[r].lanczos();
      nodes[r] = runs[r].rule().nodes();
      weights[r] = runs[r].rule().weights();
      if (deflated.length > 0) {
        DeflatedRule merged = DeflatedRule.merge(nodes[r], weights[r], deflated, n);
        nodes[r] = merged.nodes();
        weights[r] = merged.weights();
      }
      matvecs += lanczos.matvecs();
      matvecNanos += lanczos.matvecNanos();
      reorthNanos += lanczos.reorthogonalizationNanos();
      tridiagonalNanos += runs[r].tridiagonalNanos();
    }
    return density(n, nodes, weights, matvecs, started, tGrid, matvecNanos, reorthNanos,
        tridiagonalNanos, workingBytes, threads, ran, deflated);
  }

  /** Smooths the rules into the density and wraps up the result. */
  private SpectralDensity density(long n, double[][] nodes, double[][] weights, long matvecs,
      long started, long tGrid, long matvecNanos, long reorthNanos, long tridiagonalNanos,
      long workingMemoryBytes, int threads, VarianceReduction ran, double[] deflated) {
    int steps = options.lanczosSteps();
    DensityAssembly.Density density = DensityAssembly.assemble(nodes, weights,
        options.gridScale(), options.symlogLinearZone(), options.sigma(), steps,
        options.gridPadding(), options.numGridPoints());
    long done = System.nanoTime();
    PhaseTimes phases = new PhaseTimes(Duration.ofNanos(matvecNanos), Duration.ofNanos(reorthNanos),
        Duration.ofNanos(tridiagonalNanos), Duration.ofNanos(done - tGrid));
    return new SpectralDensity(density.grid().points(), density.values(), density.sigma(),
        density.transform(), nodes, weights, nodes.length, steps, options.seed(), n, matvecs,
        Duration.ofNanos(done - started), phases, VectorKernels.describe(),
        options.reorthogonalization(), workingMemoryBytes, threads, ran, deflated);
  }

  /** The options this estimator runs with. */
  public EstimatorOptions options() {
    return options;
  }

  /** See {@link EstimatorOptions#numRuns()}. */
  public int numRuns() {
    return options.numRuns();
  }

  /** See {@link EstimatorOptions#lanczosSteps()}. */
  public int lanczosSteps() {
    return options.lanczosSteps();
  }

  /** See {@link EstimatorOptions#numGridPoints()}. */
  public int numGridPoints() {
    return options.numGridPoints();
  }

  /** The smoothing width, or NaN for the default rule (spread / lanczosSteps). */
  public double sigma() {
    return options.sigma();
  }

  /** See {@link EstimatorOptions#seed()}. */
  public long seed() {
    return options.seed();
  }

  /** See {@link EstimatorOptions#gridPadding()}. */
  public double gridPadding() {
    return options.gridPadding();
  }

  /** See {@link EstimatorOptions#gridScale()}. */
  public GridScale gridScale() {
    return options.gridScale();
  }

  /** See {@link EstimatorOptions#threads()}. */
  public int threads() {
    return options.threads();
  }

  /** See {@link EstimatorOptions#reorthogonalization()}. */
  public Reorthogonalization reorthogonalization() {
    return options.reorthogonalization();
  }

  /** See {@link EstimatorOptions#basisPrecision()}. */
  public BasisPrecision basisPrecision() {
    return options.basisPrecision();
  }

  /** See {@link EstimatorOptions#reorthogonalizationWindow()}. */
  public int reorthogonalizationWindow() {
    return options.reorthogonalizationWindow();
  }

  /** See {@link EstimatorOptions#checkSymmetry()}. */
  public boolean checkSymmetry() {
    return options.checkSymmetry();
  }

  /** See {@link EstimatorOptions#blockSize()}. */
  public int blockSize() {
    return options.blockSize();
  }
}
