package org.slq4j;

import java.time.Duration;
import java.util.Objects;
import org.slq4j.internal.smoothing.GridTransform;

/**
 * The result of a spectral-density estimate: the density on its grid, the raw quadrature nodes
 * and weights of every run, and what the estimate used and cost. Immutable: every array
 * accessor returns a copy.
 *
 * <p>Raw nodes and weights are ragged: run r has {@code nodes(r).length} entries, which is
 * {@link #lanczosSteps()} unless the run found an invariant subspace earlier (then fewer; its
 * weights still sum to 1). Nodes are ascending within a run and are always eigenvalue estimates
 * (not their logarithms), whatever the grid scale.
 *
 * <p>When the estimate was deflated ({@link #varianceReduction()} is DEFLATE), every run's
 * nodes include the l {@link #deflatedEigenvalues() deflated eigenvalues}, each with weight
 * exactly 1/n, merged in ascending order with the run's own Ritz values, whose Gauss weights
 * are scaled by (n - l)/n; each run's weights still sum to 1, and a run has l more nodes than
 * the Lanczos steps it took.
 */
public final class SpectralDensity {

  private final double[] grid;
  private final double[] density;
  private final double sigma;
  private final GridTransform transform;
  private final double[][] nodes;
  private final double[][] weights;
  private final int numRuns;
  private final int lanczosSteps;
  private final long seed;
  private final long dimension;
  private final long matvecs;
  private final Duration wallTime;
  private final PhaseTimes phaseTimes;
  private final String kernels;
  private final Reorthogonalization reorthogonalization;
  private final long workingMemoryBytes;
  private final int threads;
  private final VarianceReduction varianceReduction;
  private final double[] deflatedEigenvalues;

  SpectralDensity(double[] grid, double[] density, double sigma, GridTransform transform,
      double[][] nodes, double[][] weights, int numRuns, int lanczosSteps, long seed,
      long dimension, long matvecs, Duration wallTime, PhaseTimes phaseTimes, String kernels,
      Reorthogonalization reorthogonalization, long workingMemoryBytes, int threads,
      VarianceReduction varianceReduction, double[] deflatedEigenvalues) {
    this.grid = grid;
    this.density = density;
    this.sigma = sigma;
    this.transform = transform;
    this.nodes = nodes;
    this.weights = weights;
    this.numRuns = numRuns;
    this.lanczosSteps = lanczosSteps;
    this.seed = seed;
    this.dimension = dimension;
    this.matvecs = matvecs;
    this.wallTime = wallTime;
    this.phaseTimes = phaseTimes;
    this.kernels = kernels;
    this.reorthogonalization = reorthogonalization;
    this.workingMemoryBytes = workingMemoryBytes;
    this.threads = threads;
    this.varianceReduction = varianceReduction;
    this.deflatedEigenvalues = deflatedEigenvalues;
  }

  /**
   * Grid points, ascending and equally spaced, in the grid's variable: eigenvalues for a
   * LINEAR grid, their log10 for LOG10, their symmetric log for SYMLOG10 ({@link #eigenvalueAt}
   * maps a point back to its eigenvalue).
   */
  public double[] grid() {
    return grid.clone();
  }

  /** The density at each grid point (per unit of the grid's variable); integrates to 1. */
  public double[] density() {
    return density.clone();
  }

  /** Number of grid points. */
  public int gridSize() {
    return grid.length;
  }

  /** Grid point j. */
  public double gridPoint(int j) {
    return grid[j];
  }

  /** Density at grid point j. */
  public double densityAt(int j) {
    return density[j];
  }

  /** The smoothing width actually used, in the grid's variable. */
  public double sigma() {
    return sigma;
  }

  /**
   * The variable the density is of: LINEAR, LOG10 or SYMLOG10 (an AUTO_LOG estimate reports
   * the one its nodes called for).
   */
  public GridScale gridScale() {
    return transform.scale();
  }

  /** The linear zone c of a SYMLOG10 grid; NaN for the other scales. */
  public double linearZone() {
    return transform.linearZone();
  }

  /**
   * The grid variable of an eigenvalue: t itself, log10(t) (NaN for t &lt;= 0), or
   * sign(t) log10(1 + |t| / c).
   */
  public double gridVariable(double eigenvalue) {
    return transform.forward(eigenvalue);
  }

  /** The eigenvalue whose grid variable is {@code x}: the inverse of {@link #gridVariable}. */
  public double eigenvalueAt(double x) {
    return transform.inverse(x);
  }

  /** Trapezoid-rule integral of the density over the grid: 1 up to the Gaussian tails. */
  public double integral() {
    double step = (grid[grid.length - 1] - grid[0]) / (grid.length - 1);
    double sum = 0.5 * (density[0] + density[density.length - 1]);
    for (int j = 1; j < density.length - 1; j++) {
      sum += density[j];
    }
    return sum * step;
  }

  public int numRuns() {
    return numRuns;
  }

  /** Requested Lanczos steps per run. */
  public int lanczosSteps() {
    return lanczosSteps;
  }

  /**
   * Lanczos steps run r actually took: its nodes less the deflated eigenvalues (fewer than
   * requested when it found an invariant subspace, or when a deflation pre-pass took part of
   * the budget).
   */
  public int steps(int run) {
    return nodes[Objects.checkIndex(run, numRuns)].length - deflatedEigenvalues.length;
  }

  /** Quadrature nodes (Ritz values) of run r, ascending (a copy). */
  public double[] nodes(int run) {
    return nodes[Objects.checkIndex(run, numRuns)].clone();
  }

  /** Quadrature weights of run r, aligned with {@link #nodes(int)}, summing to 1 (a copy). */
  public double[] weights(int run) {
    return weights[Objects.checkIndex(run, numRuns)].clone();
  }

  /**
   * The spectral measure of these rules: the eigenvalue CDF, its quantiles and interval counts
   * with bands at confidence 0.95 ({@link SpectralMeasure#withConfidence} for another level).
   * Unsmoothed: it is computed from the nodes and weights, not from the density.
   */
  public SpectralMeasure measure() {
    return SpectralMeasure.of(this);
  }

  public long seed() {
    return seed;
  }

  /** Dimension n of the operator. */
  public long dimension() {
    return dimension;
  }

  /**
   * What ran: NONE (classic SLQ) or DEFLATE, never AUTO (an AUTO estimate reports the one it
   * chose).
   */
  public VarianceReduction varianceReduction() {
    return varianceReduction;
  }

  /** The deflated eigenvalues, ascending (empty unless DEFLATE ran; a copy). */
  public double[] deflatedEigenvalues() {
    return deflatedEigenvalues.clone();
  }

  /**
   * Operator applications, including the two of the symmetry probe when it ran and those of a
   * deflation pre-pass.
   */
  public long matvecs() {
    return matvecs;
  }

  /** Wall-clock time of the whole estimate. */
  public Duration wallTime() {
    return wallTime;
  }

  public PhaseTimes phaseTimes() {
    return phaseTimes;
  }

  /** The kernel implementation that ran, e.g. "panama, 8 doubles per vector (512-bit)". */
  public String kernels() {
    return kernels;
  }

  public Reorthogonalization reorthogonalization() {
    return reorthogonalization;
  }

  /**
   * Off-heap bytes of the estimate's memory plan: the storage of the runs held at once (basis
   * and working vectors) and their operator vectors. The process needs this beside the
   * operator's own memory and the JVM's heap.
   */
  public long workingMemoryBytes() {
    return workingMemoryBytes;
  }

  /**
   * Threads that ran the estimate's runs: the threads asked for ({@link
   * EstimatorOptions#threads()}), but no more than could take work, which is one worker per run
   * and at most one thread per 65536-row chunk of a vector for each of them. 0 when the runs
   * were computed elsewhere ({@link SpectralDensityEstimator#assemble}).
   */
  public int threads() {
    return threads;
  }

  @Override
  public String toString() {
    return "SpectralDensity[n=" + dimension + ", runs=" + numRuns + ", steps=" + lanczosSteps
        + ", sigma=" + sigma + ", grid=" + transform.scale() + " [" + grid[0] + ", "
        + grid[grid.length - 1] + "] x " + grid.length + ", matvecs=" + matvecs + ", wall="
        + wallTime + "]";
  }
}
