package org.slq4j;

import java.util.Objects;

/**
 * The validated, immutable options of a {@link SpectralDensityEstimator}: how many runs of how
 * many Lanczos steps, the grid and its smoothing, the seed, and how the runs are executed
 * (threads, lockstep blocks, reorthogonalization, the symmetry probe). Made by a {@link Builder}
 * (usually through {@link SpectralDensityEstimator#builder()}), which validates every value at
 * the point it is set and names the bad value.
 *
 * <p>Defaults mirror {@code spectral_density} of the Python library hessian_eigenthings: 10
 * runs, 80 steps, 10000 grid points, sigma = (max node - min node) / lanczosSteps, the grid
 * padded by 10% of that spread on each side, seed 0. One deliberate difference: the padding is
 * never less than 6 sigma, so no mass falls off the grid and the density integrates to 1.
 */
public final class EstimatorOptions {

  /** The default {@link Builder#reorthogonalizationWindow window} of LOCAL runs. */
  public static final int DEFAULT_WINDOW = 16;

  private final int numRuns;
  private final int lanczosSteps;
  private final int numGridPoints;
  private final double sigma;
  private final long seed;
  private final double gridPadding;
  private final GridScale gridScale;
  private final double symlogLinearZone;
  private final int threads;
  private final Reorthogonalization reorthogonalization;
  private final boolean checkSymmetry;
  private final int blockSize;
  private final BasisPrecision basisPrecision;
  private final int reorthogonalizationWindow;
  private final VarianceReduction varianceReduction;

  private EstimatorOptions(Builder b) {
    this.numRuns = b.numRuns;
    this.lanczosSteps = b.lanczosSteps;
    this.numGridPoints = b.numGridPoints;
    this.sigma = b.sigma;
    this.seed = b.seed;
    this.gridPadding = b.gridPadding;
    this.gridScale = b.gridScale;
    this.symlogLinearZone = b.symlogLinearZone;
    this.threads = b.threads;
    this.reorthogonalization = b.reorthogonalization;
    this.checkSymmetry = b.checkSymmetry;
    this.blockSize = b.blockSize;
    this.basisPrecision = b.basisPrecision;
    this.reorthogonalizationWindow = b.reorthogonalizationWindow;
    this.varianceReduction = b.varianceReduction;
    if (basisPrecision == BasisPrecision.FLOAT32
        && reorthogonalization == Reorthogonalization.LOCAL) {
      throw new IllegalArgumentException("basisPrecision FLOAT32 is supported with "
          + "Reorthogonalization.FULL only; a LOCAL window is kept in doubles (use FLOAT64 "
          + "with LOCAL, or FULL with FLOAT32)");
    }
  }

  /** A builder holding these options, to derive variants (e.g. another seed and run count). */
  Builder toBuilder() {
    Builder b = new Builder();
    b.numRuns = numRuns;
    b.lanczosSteps = lanczosSteps;
    b.numGridPoints = numGridPoints;
    b.sigma = sigma;
    b.seed = seed;
    b.gridPadding = gridPadding;
    b.gridScale = gridScale;
    b.symlogLinearZone = symlogLinearZone;
    b.threads = threads;
    b.reorthogonalization = reorthogonalization;
    b.checkSymmetry = checkSymmetry;
    b.blockSize = blockSize;
    b.basisPrecision = basisPrecision;
    b.reorthogonalizationWindow = reorthogonalizationWindow;
    b.varianceReduction = varianceReduction;
    return b;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of random start vectors (runs). */
  public int numRuns() {
    return numRuns;
  }

  /** Lanczos steps per run. */
  public int lanczosSteps() {
    return lanczosSteps;
  }

  /** Points of the density grid. */
  public int numGridPoints() {
    return numGridPoints;
  }

  /** The smoothing width, or NaN for the default rule (spread / lanczosSteps). */
  public double sigma() {
    return sigma;
  }

  /** The seed; run r starts from the vector of the pair (seed, r). */
  public long seed() {
    return seed;
  }

  /** Grid padding on each side as a fraction of the node spread (at least 6 sigma in effect). */
  public double gridPadding() {
    return gridPadding;
  }

  /**
   * The variable the density is of: the eigenvalue (LINEAR), its log10 (LOG10), its symmetric
   * log (SYMLOG10), or LOG10 or SYMLOG10 by the sign of the nodes (AUTO_LOG).
   */
  public GridScale gridScale() {
    return gridScale;
  }

  /** The SYMLOG10 linear zone c, or NaN for the default rule (see {@link GridScale#SYMLOG10}). */
  public double symlogLinearZone() {
    return symlogLinearZone;
  }

  /**
   * Threads asked for. All of them work when a run's vectors span more than one row chunk
   * (65536 rows); below that, at most one per run (see {@link Builder#threads}).
   */
  public int threads() {
    return threads;
  }

  /** How each run keeps its Lanczos basis orthogonal. */
  public Reorthogonalization reorthogonalization() {
    return reorthogonalization;
  }

  /** Whether the operator's symmetry is probed before the runs. */
  public boolean checkSymmetry() {
    return checkSymmetry;
  }

  /** Runs per lockstep block, or 0 for the operator's preferred block size. */
  public int blockSize() {
    return blockSize;
  }

  /** How the stored Lanczos basis is kept: FLOAT64 (default) or FLOAT32. */
  public BasisPrecision basisPrecision() {
    return basisPrecision;
  }

  /** The vectors a {@link Reorthogonalization#LOCAL} run keeps and orthogonalizes against. */
  public int reorthogonalizationWindow() {
    return reorthogonalizationWindow;
  }

  /** How the budget of products is spent: classic SLQ (NONE), DEFLATE or AUTO. */
  public VarianceReduction varianceReduction() {
    return varianceReduction;
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
    private double symlogLinearZone = Double.NaN;
    private int threads = Runtime.getRuntime().availableProcessors();
    private Reorthogonalization reorthogonalization = Reorthogonalization.FULL;
    private boolean checkSymmetry = true;
    private int blockSize = 0;
    private BasisPrecision basisPrecision = BasisPrecision.FLOAT64;
    private int reorthogonalizationWindow = DEFAULT_WINDOW;
    private VarianceReduction varianceReduction = VarianceReduction.NONE;

    private Builder() {}

    /** Number of random start vectors, >= 1 (default 10). */
    public Builder numRuns(int numRuns) {
      this.numRuns = Arguments.atLeast("numRuns", numRuns, 1);
      return this;
    }

    /** Lanczos steps per run, {@code 1 <= lanczosSteps <= n} (default 80). */
    public Builder lanczosSteps(int lanczosSteps) {
      this.lanczosSteps = Arguments.atLeast("lanczosSteps", lanczosSteps, 1);
      return this;
    }

    /** Grid points, >= 2 (default 10000). */
    public Builder numGridPoints(int numGridPoints) {
      this.numGridPoints = Arguments.atLeast("numGridPoints", numGridPoints, 2);
      return this;
    }

    /**
     * Gaussian smoothing width, positive and finite, in the grid's variable (log10 units for a
     * LOG10 grid, units of the symmetric log for SYMLOG10). Default: (max node - min node) / lanczosSteps, and at least 1e-290 (only
     * spectra narrower than about lanczosSteps * 1e-290 meet that floor, which keeps the
     * Gaussian's peak and the grid spacing in the normal double range).
     */
    public Builder sigma(double sigma) {
      Arguments.positiveFinite("sigma", sigma);
      if (!Double.isFinite(6 * sigma)) {
        throw new IllegalArgumentException("sigma must be at most " + Double.MAX_VALUE / 6
            + " (the grid reaches 6 sigma beyond the nodes), got " + sigma);
      }
      this.sigma = sigma;
      return this;
    }

    /** Back to the default sigma rule. */
    public Builder defaultSigma() {
      this.sigma = Double.NaN;
      return this;
    }

    /**
     * Seed; run r uses the start vector of the pair (seed, r), drawn through SplitMix64 so that
     * distinct seeds share no start vector and give independent estimates (default 0).
     */
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

    /** LINEAR (default), LOG10, SYMLOG10 or AUTO_LOG (see {@link GridScale}). */
    public Builder gridScale(GridScale gridScale) {
      this.gridScale = Objects.requireNonNull(gridScale, "gridScale");
      return this;
    }

    /**
     * The linear zone c of a SYMLOG10 grid (also when AUTO_LOG turns out SYMLOG10), positive
     * and finite: eigenvalues with |t| below c map almost linearly into |s| &lt; log10 2, each
     * decade beyond it takes one unit. Default: the rule of {@link GridScale#SYMLOG10}.
     */
    public Builder symlogLinearZone(double c) {
      if (!(c > 0) || !Double.isFinite(c)) {
        throw new IllegalArgumentException("symlogLinearZone must be positive and finite, got "
            + c);
      }
      this.symlogLinearZone = c;
      return this;
    }

    /** Back to the default linear-zone rule. */
    public Builder defaultSymlogLinearZone() {
      this.symlogLinearZone = Double.NaN;
      return this;
    }

    /**
     * Threads the estimate uses, >= 1 (default: available processors). Results are
     * bit-identical for any thread count.
     *
     * <p>Independent runs go in parallel, one per thread, with no more runs at once than there
     * are runs nor than fit in half of the physical memory with one run's memory each. The
     * threads left over (one run at n = 1e8 on 16 threads; 10 runs on 16 threads; the memory
     * allowing one run at a time), and those whose runs are done, help the runs still going:
     * every run's vector work (its passes over its vectors, and the product of the built-in
     * diagonal and sparse operators) is cut into fixed chunks of 65536 rows, each computed by
     * whichever thread takes it, with the partial sums added in chunk order, so no bit depends
     * on who took what. Vectors of one chunk or less are not split. Any other operator is
     * applied whole, by the run's own thread (it may use threads of its own); one that is not
     * {@link SymmetricOperator#isThreadSafe() thread-safe} is never called concurrently.
     */
    public Builder threads(int threads) {
      this.threads = Arguments.atLeast("threads", threads, 1);
      return this;
    }

    /**
     * FULL (default), NONE or LOCAL: how each run keeps its basis orthogonal, and so how much
     * memory it holds (see {@link Reorthogonalization}).
     */
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
     * remainder (10 runs, one thread, blocks of 4: 4 + 4 + 2). More is faster when the
     * operator reads a large matrix per call (the built-in sparse operator), and costs memory:
     * every run of a block keeps its own basis, n * (steps + 1) doubles, and its two columns of
     * the block's input and output. The estimator lowers the block so that all workers' blocks
     * fit in half of the physical memory, and never uses more runs per block than a worker has
     * runs. The result does not depend on this setting when applyBlock is bit-exact (it is for
     * the built-in operators).
     */
    public Builder blockSize(int blockSize) {
      this.blockSize = Arguments.atLeast("blockSize", blockSize, 0);
      return this;
    }

    /**
     * How the stored Lanczos basis is kept: FLOAT64 (default) or FLOAT32, which halves the
     * basis memory and the bytes each reorthogonalization sweep reads while every operation
     * stays in double precision (see {@link BasisPrecision}). FLOAT32 goes with
     * {@link Reorthogonalization#FULL}: {@link #options()} and {@link #build()} refuse it with
     * LOCAL.
     */
    public Builder basisPrecision(BasisPrecision precision) {
      this.basisPrecision = Objects.requireNonNull(precision, "basisPrecision");
      return this;
    }

    /**
     * How many of the most recent Lanczos vectors a {@link Reorthogonalization#LOCAL} run keeps
     * and orthogonalizes each new vector against, >= 2 (default
     * {@value EstimatorOptions#DEFAULT_WINDOW}); ignored by the other modes.
     */
    public Builder reorthogonalizationWindow(int window) {
      if (window < 2) {
        throw new IllegalArgumentException("reorthogonalizationWindow must be >= 2, got "
            + window);
      }
      this.reorthogonalizationWindow = window;
      return this;
    }

    /**
     * NONE (default, classic SLQ), DEFLATE or AUTO: whether part of the numRuns x lanczosSteps
     * products goes to finding extreme eigenpairs that are then deflated (see
     * {@link VarianceReduction}). The total never exceeds numRuns x lanczosSteps products, plus
     * the two of the symmetry probe.
     */
    public Builder varianceReduction(VarianceReduction mode) {
      this.varianceReduction = Objects.requireNonNull(mode, "varianceReduction");
      return this;
    }

    /** The options as set so far. */
    public EstimatorOptions options() {
      return new EstimatorOptions(this);
    }

    /** The estimator with these options. */
    public SpectralDensityEstimator build() {
      return new SpectralDensityEstimator(options());
    }
  }
}
