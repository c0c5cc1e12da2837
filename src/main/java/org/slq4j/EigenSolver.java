package org.slq4j;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.slq4j.internal.eigen.ThickRestartLanczos;
import org.slq4j.internal.memory.OffHeap;
import org.slq4j.internal.memory.PhysicalMemory;

/**
 * The k largest or smallest eigenvalues of a symmetric operator, or both ends, with their
 * eigenvectors, by thick-restart Lanczos with full reorthogonalization (Wu and Simon 2000;
 * Stewart's Krylov-Schur method, 2001, in the symmetric case). Only products y = H x are used,
 * through the same {@link SymmetricOperator} as the density estimator.
 *
 * <pre>{@code
 * try (Eigenpairs top = EigenSolver.builder().k(10).tolerance(1e-8).build().solve(hessian)) {
 *   double lambda = top.eigenvalue(0);        // the largest
 *   MemorySegment v = top.eigenvector(0);     // its unit eigenvector, n doubles
 *   double bound = top.residualNorm(0);       // |lambda - exact eigenvalue| <= bound
 * }
 * }</pre>
 *
 * <p><b>Method.</b> Lanczos builds an orthonormal basis of at most {@link Builder#basisSize m}
 * vectors (each new vector orthogonalized against all stored ones, twice); the Ritz pairs of
 * the projected matrix approximate the extreme eigenpairs first. When the basis is full and the
 * wanted pairs have not converged, the most wanted Ritz vectors are kept and Lanczos goes on
 * from the residual vector (a thick restart). A pair has converged when its residual
 * ||H y - theta y|| is at most {@code tolerance * ||H||}, with ||H|| estimated by the largest
 * |Ritz value| met (a lower bound of ||H|| that is accurate once the extreme Ritz values have
 * converged, which happens first). A single Krylov sequence sees one direction of each
 * eigenspace, so it can skip the second copy of a repeated eigenvalue; with
 * {@link Builder#multiplicityCheck} on (the default), converged pairs are locked and Lanczos
 * restarts from a fresh random vector orthogonal to them, repeating until no new direction
 * enters the wanted set. A phase ends when the next eigenvalue has converged too, or after as
 * many products as the first phase needed (a missed copy would have converged by then), so the
 * check at most about doubles the products; on the shared test matrices it added 30-50%.
 *
 * <p><b>What the result guarantees.</b> Each returned vector y is normalized and checked with
 * one more product: the eigenvalue reported is its Rayleigh quotient theta = y'Hy, and the
 * residual norm r = ||H y - theta y|| is computed explicitly, not estimated. For a symmetric H
 * some eigenvalue lambda of H satisfies |lambda - theta| &lt;= r (Parlett, The Symmetric Eigenvalue
 * Problem, theorem 4.5.1), and when theta is separated from the rest of the spectrum by a gap
 * delta, |lambda - theta| &lt;= r^2 / delta (Kato-Temple), usually far smaller. {@code converged}
 * means r &lt;= tolerance * (the ||H|| estimate). Eigenvalues far below ||H|| in magnitude (the
 * smallest of a positive definite, ill-conditioned matrix) are therefore known only to
 * tolerance * ||H|| in absolute terms.
 *
 * <p><b>Cost.</b> Memory: m + 1 work vectors plus the k result vectors, n doubles each,
 * off-heap; refused up front with {@link InsufficientMemoryException} when it does not fit.
 * Products: the Lanczos steps (at most {@link Builder#maxMatvecs}), plus one per returned pair
 * for the residual check, plus two for the symmetry probe when it is on. Vector work runs on
 * {@link Builder#threads} threads in fixed row chunks: the result is the same, bit for bit, for
 * any thread count. The operator is called from one thread at a time, except that a built-in
 * operator that computes row ranges (diagonal, sparse, Laplacian) is split over the threads.
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class EigenSolver {

  /** Which end of the spectrum is wanted. */
  public enum Which {
    /** The k algebraically largest eigenvalues, reported in descending order. */
    LARGEST,
    /** The k algebraically smallest eigenvalues, reported in ascending order. */
    SMALLEST,
    /**
     * k eigenvalues from both ends: ceil(k/2) largest and floor(k/2) smallest (ARPACK's "BE"
     * convention: one more from the top when k is odd), reported in descending order; needs
     * k &gt;= 2.
     */
    BOTH
  }

  /** Default relative residual tolerance. */
  public static final double DEFAULT_TOLERANCE = 1e-8;

  /** Default cap on the Lanczos products. */
  public static final long DEFAULT_MAX_MATVECS = 100_000;

  private final int k;
  private final Which which;
  private final double tolerance;
  private final long maxMatvecs;
  private final long seed;
  private final int threads;
  private final int basisSize;
  private final boolean multiplicityCheck;
  private final boolean checkSymmetry;

  private EigenSolver(Builder b) {
    this.k = b.k;
    this.which = b.which;
    this.tolerance = b.tolerance;
    this.maxMatvecs = b.maxMatvecs;
    this.seed = b.seed;
    this.threads = b.threads;
    this.basisSize = b.basisSize;
    this.multiplicityCheck = b.multiplicityCheck;
    this.checkSymmetry = b.checkSymmetry;
  }

  /** A builder holding the defaults (k = 6, LARGEST, tolerance 1e-8, seed 0). */
  public static Builder builder() {
    return new Builder();
  }

  /** How many eigenpairs are computed. */
  public int k() {
    return k;
  }

  /** Which end of the spectrum. */
  public Which which() {
    return which;
  }

  /** The relative residual tolerance. */
  public double tolerance() {
    return tolerance;
  }

  /** The cap on the Lanczos products. */
  public long maxMatvecs() {
    return maxMatvecs;
  }

  /** Seed of the random start vectors. */
  public long seed() {
    return seed;
  }

  /** Threads of the vector work. */
  public int threads() {
    return threads;
  }

  /** The basis size used for an operator of dimension n (the requested one or the default). */
  public int basisSize(long n) {
    int requested = basisSize > 0 ? basisSize : Math.max(2 * k + 1, k + 20);
    return ThickRestartLanczos.basisSize(n, requested);
  }

  /**
   * Computes the eigenpairs of {@code operator}. The caller owns the result and must close it
   * (it holds the eigenvectors off-heap).
   *
   * @throws IllegalArgumentException when k exceeds the dimension or the operator is visibly
   *     not symmetric
   * @throws InsufficientMemoryException when the basis and the eigenvectors do not fit in the
   *     memory available; thrown before anything large is allocated
   * @throws NonFiniteValueException when the operator returns NaN or infinity
   * @throws NoConvergenceException when the small projected eigenproblem fails to converge
   *     (never seen in practice)
   * @throws IllegalStateException when the calling thread is interrupted; the memory is freed
   *     and the interrupt status stays set
   */
  public Eigenpairs solve(SymmetricOperator operator) {
    Objects.requireNonNull(operator, "operator");
    long started = System.nanoTime();
    long n = operator.dimension();
    if (n < 1) {
      throw new IllegalArgumentException("operator dimension must be >= 1, got " + n);
    }
    if (k > n) {
      throw new IllegalArgumentException("k = " + k + " exceeds the operator dimension n = "
          + n);
    }
    int m = basisSize(n);
    long vectorBytes = Math.multiplyExact(Math.multiplyExact((long) k, n), (long) Double.BYTES);
    long needed = Math.addExact(ThickRestartLanczos.workBytes(n, m), vectorBytes);
    long available = PhysicalMemory.availableBytes();
    if (needed > available) {
      throw new InsufficientMemoryException(memoryMessage(n, m, needed, available), needed,
          available);
    }
    long probe = 0;
    if (checkSymmetry) {
      SymmetryProbe.check(operator, n, seed);
      probe = SymmetryProbe.MATVECS;
    }
    int high = switch (which) {
      case LARGEST -> k;
      case SMALLEST -> 0;
      case BOTH -> (k + 1) / 2;
    };
    ThickRestartLanczos.Problem problem = new ThickRestartLanczos.Problem(high, k - high,
        tolerance, maxMatvecs, seed, m, threads, multiplicityCheck);
    Arena arena = Arena.ofShared();
    try {
      MemorySegment vectors = OffHeap.allocateDoubles(arena, (long) k * n);
      ThickRestartLanczos.Outcome o = ThickRestartLanczos.solve(operator, problem, vectors);
      return new Eigenpairs(arena, vectors, n, which, tolerance, o.values(), o.residuals(),
          o.converged(), probe + o.lanczosMatvecs() + o.checkMatvecs(), o.lanczosMatvecs(),
          o.restarts(), o.phases(), o.normEstimate(), o.capReached(),
          Duration.ofNanos(System.nanoTime() - started), Duration.ofNanos(o.matvecNanos()));
    } catch (RuntimeException | Error e) {
      arena.close();
      throw e;
    }
  }

  private String memoryMessage(long n, int m, long needed, long available) {
    long perVector = n * Double.BYTES;
    long fitting = available / perVector - k - 1;
    String fits = fitting >= k + 2 && fitting < m
        ? "basisSize(" + fitting + ") fits (" + gigabytes((fitting + 1 + k) * perVector) + ")"
        : "fewer eigenpairs or a smaller basis are needed";
    return String.format(Locale.ROOT, "needs %s for the eigensolver (n = %d: %d basis vectors "
        + "and k = %d result vectors of n doubles); %s available; %s", gigabytes(needed), n,
        m + 1, k, gigabytes(available), fits);
  }

  private static String gigabytes(long bytes) {
    return String.format(Locale.ROOT, "%.3g GB", bytes / 1e9);
  }

  @Override
  public String toString() {
    return "EigenSolver[k=" + k + ", which=" + which + ", tolerance=" + tolerance
        + ", maxMatvecs=" + maxMatvecs + ", seed=" + seed + ", threads=" + threads
        + ", basisSize=" + (basisSize > 0 ? basisSize : "default") + ", multiplicityCheck="
        + multiplicityCheck + ", checkSymmetry=" + checkSymmetry + "]";
  }

  /**
   * Builds an {@link EigenSolver}. Every setter validates its value and throws
   * {@link IllegalArgumentException} naming it; {@link #build()} checks the combination.
   */
  public static final class Builder {
    private int k = 6;
    private Which which = Which.LARGEST;
    private double tolerance = DEFAULT_TOLERANCE;
    private long maxMatvecs = DEFAULT_MAX_MATVECS;
    private long seed;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int basisSize;
    private boolean multiplicityCheck = true;
    private boolean checkSymmetry = true;

    private Builder() {}

    /** How many eigenpairs, k &gt;= 1 (at most the dimension; checked by solve). Default 6. */
    public Builder k(int k) {
      this.k = Arguments.atLeast("k", k, 1);
      return this;
    }

    /** Which end of the spectrum (default LARGEST). */
    public Builder which(Which which) {
      this.which = Objects.requireNonNull(which, "which");
      return this;
    }

    /**
     * Relative residual tolerance in (0, 1): a pair has converged when ||H y - theta y|| &lt;=
     * tolerance * ||H|| (estimated). Default 1e-8. Below about 1e-14 the rounding of the
     * products themselves may keep it from being reached.
     */
    public Builder tolerance(double tolerance) {
      this.tolerance = Arguments.inOpenUnitInterval("tolerance", tolerance);
      return this;
    }

    /**
     * The most Lanczos products (default 100000), at least k. When reached, the current Ritz
     * pairs are returned with their explicit residuals and {@code converged} false where the
     * tolerance is not met.
     */
    public Builder maxMatvecs(long maxMatvecs) {
      this.maxMatvecs = Arguments.atLeast("maxMatvecs", maxMatvecs, 1);
      return this;
    }

    /** Seed of the random start vectors; same seed, same result (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Threads for the vector work, &gt;= 1 (default: the processors). Same result for any. */
    public Builder threads(int threads) {
      this.threads = Arguments.atLeast("threads", threads, 1);
      return this;
    }

    /**
     * The most basis vectors m between restarts (default max(2k + 1, k + 20), at most n), at
     * least k + 2 unless it reaches n. A larger basis needs fewer restarts and more memory.
     */
    public Builder basisSize(int basisSize) {
      this.basisSize = Arguments.atLeast("basisSize", basisSize, 3);
      return this;
    }

    /**
     * Whether converged pairs are verified by restarting from a fresh random vector, so that
     * the copies of repeated eigenvalues are found (default true; at most about doubles the
     * products). Without it, as in other single-vector Krylov codes (ARPACK), a repeated
     * eigenvalue may be returned once, with the next eigenvalue in place of its copy.
     */
    public Builder multiplicityCheck(boolean multiplicityCheck) {
      this.multiplicityCheck = multiplicityCheck;
      return this;
    }

    /** Whether the operator's symmetry is probed first, with two products (default true). */
    public Builder checkSymmetry(boolean checkSymmetry) {
      this.checkSymmetry = checkSymmetry;
      return this;
    }

    /**
     * The solver.
     *
     * @throws IllegalArgumentException when which is BOTH and k &lt; 2, maxMatvecs &lt; k, or
     *     basisSize &lt; k + 2
     */
    public EigenSolver build() {
      if (which == Which.BOTH && k < 2) {
        throw new IllegalArgumentException("which = BOTH needs k >= 2 (one from each end), "
            + "got k = " + k);
      }
      if (maxMatvecs < k) {
        throw new IllegalArgumentException("maxMatvecs = " + maxMatvecs
            + " is less than k = " + k);
      }
      if (basisSize > 0 && basisSize < k + 2) {
        throw new IllegalArgumentException("basisSize = " + basisSize + " must be at least "
            + "k + 2 = " + (k + 2));
      }
      return new EigenSolver(this);
    }
  }
}
