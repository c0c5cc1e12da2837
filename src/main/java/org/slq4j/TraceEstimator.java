package org.slq4j;

import java.util.Locale;
import java.util.Objects;
import org.slq4j.internal.memory.PhysicalMemory;
import org.slq4j.internal.trace.TraceEngine;

/**
 * Estimates the trace of a symmetric operator from a budget of M products with random sign
 * (Rademacher) vectors, without forming a single entry of the matrix.
 *
 * <pre>{@code
 * TraceEstimate t = TraceEstimator.builder()
 *     .method(TraceEstimator.Method.HUTCHPP)
 *     .matvecs(99)
 *     .seed(1)
 *     .build()
 *     .estimate(operator);
 * double trace = t.estimate();
 * }</pre>
 *
 * <p>{@link Method#HUTCHINSON} averages n z'Hz over M probes: error ~ sqrt(2/M) ||H||_F.
 * {@link Method#HUTCHPP} (Meyer, Musco, Musco and Woodruff 2021) takes the trace on the range
 * of a sketch H S exactly and estimates only the rest: for a positive semidefinite H it needs
 * O(1/eps) rather than O(1/eps^2) products for relative error eps, and it is exact (to
 * rounding) when rank(H) &lt;= M/3. Memory: Hutchinson two vectors of n doubles, Hutch++
 * M/3 + 2, off the Java heap and freed before {@link #estimate} returns.
 *
 * <p>Before the M products, two more probe the operator's symmetry as the density estimator
 * and the eigensolver do (see {@link Builder#checkSymmetry}): the estimators assume
 * z'Hz = z'H'z and would return a meaningless trace of a visibly non-symmetric operator
 * without any error.
 *
 * <p>The same seed gives the same estimate, bit for bit, for any {@link Builder#threads} count.
 * Instances are immutable and may be shared between threads.
 */
public final class TraceEstimator {

  /** The estimator. */
  public enum Method {
    /** Hutchinson's estimator: the mean of n z'Hz over M Rademacher probes. */
    HUTCHINSON,
    /** Hutch++: M/3 products sketch H, M/3 take tr(Q'HQ), the rest estimate the remainder. */
    HUTCHPP
  }

  /** Coverage of the confidence interval unless set. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  private final Method method;
  private final int matvecs;
  private final long seed;
  private final int threads;
  private final double confidence;
  private final boolean checkSymmetry;

  private TraceEstimator(Builder b) {
    this.method = b.method;
    this.matvecs = b.matvecs;
    this.seed = b.seed;
    this.threads = b.threads;
    this.confidence = b.confidence;
    this.checkSymmetry = b.checkSymmetry;
  }

  /**
   * A builder: Hutchinson, seed 0, all processors, 95% intervals, symmetry probe on; matvecs
   * must be set.
   */
  public static Builder builder() {
    return new Builder();
  }

  public Method method() {
    return method;
  }

  public int matvecs() {
    return matvecs;
  }

  public long seed() {
    return seed;
  }

  public int threads() {
    return threads;
  }

  public double confidence() {
    return confidence;
  }

  /** Whether the operator's symmetry is probed before the products (see the builder). */
  public boolean checkSymmetry() {
    return checkSymmetry;
  }

  /**
   * Estimates tr(H).
   *
   * @throws IllegalArgumentException when the operator's dimension is below 1, or (with
   *     {@link Builder#checkSymmetry}) when it is visibly not symmetric
   * @throws InsufficientMemoryException when the Hutch++ sketch (M/3 vectors of n doubles) does
   *     not fit in the available memory
   * @throws NonFiniteValueException when a product contains NaN or infinity
   */
  public TraceEstimate estimate(SymmetricOperator operator) {
    Objects.requireNonNull(operator, "operator");
    long n = operator.dimension();
    if (n < 1) {
      throw new IllegalArgumentException("operator dimension must be >= 1, got " + n);
    }
    TraceEngine.Outcome o;
    long probe = 0;
    if (method == Method.HUTCHINSON) {
      probe = probeSymmetry(operator, n);
      o = TraceEngine.hutchinson(operator, matvecs, seed, threads);
    } else {
      long vectors = matvecs / 3 + 2L;
      long needed = Math.multiplyExact(Math.multiplyExact(vectors, n), (long) Double.BYTES);
      long available = PhysicalMemory.availableBytes();
      if (needed > available) {
        throw new InsufficientMemoryException(String.format(Locale.ROOT, "needs %.3g GB for "
            + "Hutch++ (n = %d: a sketch of M/3 = %d vectors and 2 more of n doubles); %.3g GB "
            + "available; use fewer matvecs or Hutchinson (2 vectors)", needed / 1e9, n,
            matvecs / 3, available / 1e9), needed, available);
      }
      probe = probeSymmetry(operator, n);
      o = TraceEngine.hutchPlusPlus(operator, matvecs, seed, threads);
    }
    double[] s = o.samples();
    int p = s.length;
    double mean = 0;
    for (double x : s) {
      mean += x;
    }
    mean /= p;
    double se = Double.NaN;
    double lower = Double.NaN;
    double upper = Double.NaN;
    if (p > 1) {
      double ss = 0;
      for (double x : s) {
        ss += (x - mean) * (x - mean);
      }
      se = Math.sqrt(ss / (p - 1) / p);
      double t = StudentT.twoSidedQuantile(confidence, p - 1);
      lower = o.exactPart() + mean - t * se;
      upper = o.exactPart() + mean + t * se;
    }
    return new TraceEstimate(method, o.exactPart() + mean, se, lower, upper, confidence,
        probe + o.matvecs(), p, o.sketchRank(), o.exactPart());
  }

  /**
   * Runs the symmetry probe when enabled; returns the products it cost. The probe only reads
   * products, so the estimate is the same bits with or without it.
   */
  private long probeSymmetry(SymmetricOperator operator, long n) {
    if (!checkSymmetry) {
      return 0;
    }
    SymmetryProbe.check(operator, n, seed);
    return SymmetryProbe.MATVECS;
  }

  @Override
  public String toString() {
    return "TraceEstimator[method=" + method + ", matvecs=" + matvecs + ", seed=" + seed
        + ", threads=" + threads + ", confidence=" + confidence + ", checkSymmetry="
        + checkSymmetry + "]";
  }

  /** Builder of {@link TraceEstimator}; every setter checks its argument. */
  public static final class Builder {
    private Method method = Method.HUTCHINSON;
    private int matvecs;
    private long seed;
    private int threads = Runtime.getRuntime().availableProcessors();
    private double confidence = DEFAULT_CONFIDENCE;
    private boolean checkSymmetry = true;

    private Builder() {}

    /** The estimator (default {@link Method#HUTCHINSON}). */
    public Builder method(Method method) {
      this.method = Objects.requireNonNull(method, "method");
      return this;
    }

    /** The budget M of products with H: at least 1 (Hutchinson) or 3 (Hutch++); required. */
    public Builder matvecs(int matvecs) {
      this.matvecs = Arguments.atLeast("matvecs", matvecs, 1);
      return this;
    }

    /**
     * Probe i (sketch columns first for Hutch++) is the Rademacher vector of the pair (seed, i);
     * distinct seeds share no probe (default 0).
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Threads that share each product when the operator computes row ranges. */
    public Builder threads(int threads) {
      this.threads = Arguments.atLeast("threads", threads, 1);
      return this;
    }

    /** Coverage of the confidence interval, in (0, 1) (default 0.95). */
    public Builder confidence(double confidence) {
      this.confidence = Arguments.inOpenUnitInterval("confidence", confidence);
      return this;
    }

    /**
     * Whether the operator's symmetry is probed first, |x'Hy - y'Hx| for two random vectors,
     * with two products beyond the budget (default true). They are counted in
     * {@link TraceEstimate#matvecs()}.
     */
    public Builder checkSymmetry(boolean checkSymmetry) {
      this.checkSymmetry = checkSymmetry;
      return this;
    }

    /**
     * @throws IllegalStateException when matvecs was not set, or is below 3 for Hutch++
     */
    public TraceEstimator build() {
      if (matvecs == 0) {
        throw new IllegalStateException("matvecs must be set (the budget M of products)");
      }
      if (method == Method.HUTCHPP && matvecs < 3) {
        throw new IllegalStateException("Hutch++ needs matvecs >= 3 (M/3 for the sketch, M/3 "
            + "for tr(Q'HQ), the rest for the residual), got " + matvecs);
      }
      return new TraceEstimator(this);
    }
  }
}
