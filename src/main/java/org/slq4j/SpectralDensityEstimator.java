package org.slq4j;

import java.time.Duration;
import java.util.Objects;
import org.slq4j.internal.deflation.Deflation;
import org.slq4j.internal.deflation.DeflationBudget;
import org.slq4j.internal.deflation.DeflatedRule;
import org.slq4j.internal.lanczos.LanczosResult;
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
 * <p>For each of {@code numRuns} Rademacher start vectors v (seeded with {@code seed + run}), m =
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
    Objects.requireNonNull(operator, "operator");
    long started = System.nanoTime();
    long n = operator.dimension();
    int steps = options.lanczosSteps();
    if (n < 1) {
      throw new IllegalArgumentException("operator dimension must be >= 1, got " + n);
    }
    if (steps > n) {
      throw new IllegalArgumentException("lanczosSteps = " + steps
          + " exceeds the operator dimension n = " + n);
    }
    DensityAssembly.requireGridFits(options.numGridPoints(),
        DensityAssembly.BYTES_PER_GRID_POINT, "use fewer grid points or a larger -Xmx");
    long matvecs = 0;
    if (options.varianceReduction() == VarianceReduction.NONE) {
      RunPlan plan = plan(operator, n, steps);
      if (options.checkSymmetry()) {
        SymmetryProbe.check(operator, n, options.seed());
        matvecs = SymmetryProbe.MATVECS;
      }
      RunOutcome[] runs = RunScheduler.run(operator, plan, options.seed(), listener);
      return finish(runs, plan, n, matvecs, started, VarianceReduction.NONE, new double[0]);
    }
    if (options.checkSymmetry()) {
      SymmetryProbe.check(operator, n, options.seed());
      matvecs = SymmetryProbe.MATVECS;
    }
    DeflationBudget budget = DeflationBudget.of(n, options.numRuns(), steps);
    if (budget == null || budget.prepassBytes(n) > PhysicalMemory.availableBytes() / 2) {
      // Too few products for a pre-pass worth them, or no room for its vectors: classic.
      RunPlan plan = plan(operator, n, steps);
      RunOutcome[] runs = RunScheduler.run(operator, plan, options.seed(), listener);
      return finish(runs, plan, n, matvecs, started, VarianceReduction.NONE, new double[0]);
    }
    try (Deflation deflation = Deflation.find(operator, budget.high(), budget.low(),
        budget.tolerance(), budget.prepass(), budget.basis(),
        DeflationBudget.prepassSeed(options.seed()),
        options.threads())) {
      matvecs += deflation.matvecs();
      boolean deflate = deflation.count() > 0
          && (options.varianceReduction() == VarianceReduction.DEFLATE || deflation.separated());
      long left = (long) options.numRuns() * steps - deflation.matvecs();
      int runSteps = (int) Math.min(left / options.numRuns(),
          n - (deflate ? deflation.count() : 0));
      if (!deflate) {
        RunPlan plan = plan(operator, n, runSteps);
        RunOutcome[] runs = RunScheduler.run(operator, plan, options.seed(), listener);
        return finish(runs, plan, n, matvecs, started, VarianceReduction.NONE, new double[0]);
      }
      SymmetricOperator deflated = deflation.deflate(operator);
      RunPlan plan = plan(deflated, n, runSteps);
      RunOutcome[] runs = RunScheduler.run(deflated, plan, options.seed(), listener,
          deflation::writeStart);
      return finish(runs, plan, n, matvecs, started, VarianceReduction.DEFLATE,
          deflation.values());
    }
  }

  /** The memory plan of runs of {@code steps} steps, refused up front when one does not fit. */
  private RunPlan plan(SymmetricOperator operator, long n, int steps) {
    RunShape shape = new RunShape(n, steps, options.reorthogonalization(),
        options.basisPrecision(), options.reorthogonalizationWindow());
    RunPlan.requireOneRunFits(shape, PhysicalMemory.availableBytes());
    return RunPlan.of(shape, options.numRuns(), options.threads(), options.blockSize(),
        operator.preferredBlockSize(), RunPlan.defaultBudget());
  }
  /**
   * The result of finished runs: their Gauss rules, with the deflated eigenvalues merged in
   * when there are any (weight 1/n each, the runs' weights scaled by (n - l)/n), smoothed on
   * the grid. The default sigma stays spread / lanczosSteps (the requested steps), so a
   * deflated density is smoothed like a classic one.
   */
  private SpectralDensity finish(RunOutcome[] runs, RunPlan plan, long n, long matvecs,
      long started, VarianceReduction ran, double[] deflated) {
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
    DensityAssembly.Density density = DensityAssembly.assemble(nodes, weights,
        options.gridScale(), options.symlogLinearZone(), options.sigma(), steps,
        options.gridPadding(), options.numGridPoints());
    long done = System.nanoTime();
    PhaseTimes phases = new PhaseTimes(Duration.ofNanos(matvecNanos), Duration.ofNanos(reorthNanos),
        Duration.ofNanos(tridiagonalNanos), Duration.ofNanos(done - tGrid));
    return new SpectralDensity(density.grid().points(), density.values(), density.sigma(),
        density.transform(), nodes, weights, numRuns, steps, options.seed(), n, matvecs,
        Duration.ofNanos(done - started), phases, VectorKernels.describe(),
        options.reorthogonalization(), Math.multiplyExact((long) plan.workers(),
        plan.bytesPerWorker()), ran, deflated);
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
