package org.slq4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Spectral sums tr f(H) = sum_i f(lambda_i) (log-determinant, trace of the inverse, trace,
 * eigenvalue counts, ...) estimated by Stochastic Lanczos Quadrature, each with a confidence
 * interval over the runs, optionally adding runs until the interval is as narrow as asked.
 *
 * <p><b>Estimate.</b> Run r's Gauss rule (nodes x_(r,k), weights w_(r,k), from a Rademacher
 * start vector) gives v_r = n sum_k w_(r,k) f(x_(r,k)), an estimate of tr f(H) whose only
 * bias is the quadrature error of m steps (zero for a polynomial f of degree &lt;= 2m - 1). The
 * estimate is the mean of the v_r over the R runs; its interval is mean &plusmn; t s / sqrt(R),
 * with s the sample standard deviation of the v_r and t the two-sided Student t quantile with
 * R - 1 degrees of freedom at the confidence level (default 0.95). One run has no interval.
 *
 * <p><b>Adaptive runs.</b> {@link #estimate} makes runs in batches through
 * {@link SpectralDensityEstimator}, the batch starting after {@code done} runs making runs
 * done, done + 1, ... of the seed, so run r always starts from run r's vector whatever the
 * batches: the pooled rules are those of one estimate with all the runs, and the result is the
 * same, bit for bit, for any thread count.
 * After each batch every quantity's half-width t s / sqrt(R) is compared with
 * max(atol, rtol |estimate|); when all meet it the estimate stops
 * ({@link SpectralSum.Stop#TOLERANCE}),
 * otherwise the next batch brings the runs to the smallest R with t(R - 1) s / sqrt(R) within
 * the tolerance for the current s,
 * at least one and at most as many as are done already (a noisy early s cannot ask for a
 * runaway batch), until {@code maxRuns} ({@link SpectralSum.Stop#MAX_RUNS}). Stopping when the
 * interval is first narrow enough makes its coverage slightly lower than the nominal level,
 * most for a first batch of very few runs; the first batch is the estimator's numRuns
 * (default 10).
 */
public final class SpectralSums {

  /** The default confidence level of the intervals. */
  public static final double DEFAULT_CONFIDENCE = 0.95;
  /** The default largest number of runs of an adaptive estimate. */
  public static final int DEFAULT_MAX_RUNS = 1000;

  private final EstimatorOptions options;
  private final double relativeTolerance;
  private final double absoluteTolerance;
  private final double confidence;
  private final int maxRuns;

  private SpectralSums(Builder b) {
    this.options = b.options;
    this.relativeTolerance = b.relativeTolerance;
    this.absoluteTolerance = b.absoluteTolerance;
    this.confidence = b.confidence;
    this.maxRuns = b.maxRuns;
  }

  /**
   * A builder of an estimate that runs with {@code options} (seed, steps, threads,
   * reorthogonalization...; its numRuns is the first batch, or every run when no tolerance is
   * set).
   */
  public static Builder builder(EstimatorOptions options) {
    return new Builder(Objects.requireNonNull(options, "options"));
  }

  /** The sums of {@code functions} from the rules of an existing density, at level 0.95. */
  public static List<SpectralSum> of(SpectralDensity density, List<SpectralFunction> functions) {
    return of(density, functions, DEFAULT_CONFIDENCE);
  }

  /**
   * The sums of {@code functions} from the rules of an existing density, with intervals at
   * {@code confidence}; stop is {@link SpectralSum.Stop#MAX_RUNS} (the runs it has).
   *
   * @throws IllegalArgumentException when a function needs a positive definite operator and a
   *     node is &lt;= 0, or is not finite at a node, or confidence is not in (0, 1)
   */
  public static List<SpectralSum> of(SpectralDensity density, List<SpectralFunction> functions,
      double confidence) {
    Objects.requireNonNull(density, "density");
    double[][] v = runSums(functions, density, 0, density.numRuns());
    List<SpectralSum> out = new ArrayList<>();
    for (int q = 0; q < functions.size(); q++) {
      out.add(summarize(functions.get(q).name(), v[q], density.numRuns(), confidence,
          SpectralSum.Stop.MAX_RUNS));
    }
    return out;
  }

  /**
   * Estimates tr f(H) for each of {@code functions}, adding runs until every interval meets the
   * tolerance or maxRuns runs are done (without a tolerance: exactly the options' numRuns).
   * Every quantity reports the same runs and stop reason.
   *
   * @throws IllegalArgumentException as {@link SpectralDensityEstimator#estimate} does, and
   *     when a function needs a positive definite operator and a node is &lt;= 0 (the operator
   *     is not positive definite) or is not finite at a node
   */
  public List<SpectralSum> estimate(SymmetricOperator operator,
      List<SpectralFunction> functions) {
    Objects.requireNonNull(operator, "operator");
    if (functions.isEmpty()) {
      throw new IllegalArgumentException("at least one spectral function is needed");
    }
    boolean adaptive = relativeTolerance > 0 || absoluteTolerance > 0;
    int limit = adaptive ? maxRuns : options.numRuns();
    int q = functions.size();
    double[][] v = new double[q][limit];
    int done = 0;
    int batch = Math.min(options.numRuns(), limit);
    SpectralSum.Stop stop;
    while (true) {
      // The symmetry probe is a property of the operator: once is enough.
      SpectralDensityEstimator estimator = options.toBuilder()
          .numRuns(batch)
          .numGridPoints(2)
          .gridScale(GridScale.LINEAR)
          .defaultSigma()
          .checkSymmetry(options.checkSymmetry() && done == 0)
          .build();
      SpectralDensity d = estimator.estimate(operator, null, done);
      double[][] batchSums = runSums(functions, d, done, batch);
      for (int i = 0; i < q; i++) {
        System.arraycopy(batchSums[i], 0, v[i], done, batch);
      }
      done += batch;
      if (adaptive && done >= 2 && meetsTolerance(v, done)) {
        stop = SpectralSum.Stop.TOLERANCE;
        break;
      }
      if (done >= limit) {
        stop = SpectralSum.Stop.MAX_RUNS;
        break;
      }
      int needed = done < 2 ? 2 : projectedRuns(v, done);
      batch = Math.min(Math.min(Math.max(needed - done, 1), Math.max(done, 1)), limit - done);
    }
    List<SpectralSum> out = new ArrayList<>();
    for (int i = 0; i < q; i++) {
      double[] runs = java.util.Arrays.copyOf(v[i], done);
      out.add(summarize(functions.get(i).name(), runs, done, confidence, stop));
    }
    return out;
  }

  /**
   * The largest over the quantities of the smallest R &gt; runs with t(R - 1) s / sqrt(R) &lt;=
   * the tolerance, s being the current sample standard deviation; at most 2 x runs (a batch
   * never more than doubles the runs).
   */
  private int projectedRuns(double[][] v, int runs) {
    int most = runs;
    for (double[] values : v) {
      double mean = mean(values, runs);
      double s = Math.sqrt(variance(values, runs, mean));
      double tol = tolerance(mean);
      int r = runs + 1;
      while (r < 2 * runs && !(StudentT.twoSidedQuantile(confidence, r - 1) * s / Math.sqrt(r)
          <= tol)) {
        r++;
      }
      most = Math.max(most, r);
    }
    return most;
  }

  private boolean meetsTolerance(double[][] v, int runs) {
    double t = StudentT.twoSidedQuantile(confidence, runs - 1);
    for (double[] values : v) {
      double mean = mean(values, runs);
      double half = t * Math.sqrt(variance(values, runs, mean) / runs);
      if (!(half <= tolerance(mean))) {
        return false;
      }
    }
    return true;
  }

  private double tolerance(double estimate) {
    return Math.max(absoluteTolerance, relativeTolerance * Math.abs(estimate));
  }

  /** v[q][r]: run (first + r)'s estimate n sum_k w_k f(x_k) of quantity q, r < runs. */
  private static double[][] runSums(List<SpectralFunction> functions, SpectralDensity d,
      int first, int runs) {
    double[][] v = new double[functions.size()][runs];
    for (int q = 0; q < functions.size(); q++) {
      SpectralFunction f = Objects.requireNonNull(functions.get(q), "function");
      for (int r = 0; r < runs; r++) {
        v[q][r] = f.runSum(d.nodes(r), d.weights(r), d.dimension(), first + r);
      }
    }
    return v;
  }

  private static SpectralSum summarize(String name, double[] values, int runs,
      double confidence, SpectralSum.Stop stop) {
    Arguments.inOpenUnitInterval("confidence", confidence);
    double mean = mean(values, runs);
    if (runs < 2) {
      return new SpectralSum(name, mean, Double.NaN, Double.NEGATIVE_INFINITY,
          Double.POSITIVE_INFINITY, confidence, runs, stop);
    }
    double se = Math.sqrt(variance(values, runs, mean) / runs);
    double half = StudentT.twoSidedQuantile(confidence, runs - 1) * se;
    return new SpectralSum(name, mean, se, mean - half, mean + half, confidence, runs, stop);
  }

  private static double mean(double[] values, int runs) {
    double sum = 0;
    for (int r = 0; r < runs; r++) {
      sum += values[r];
    }
    return sum / runs;
  }

  /** The sample variance (divisor runs - 1), by two passes. */
  private static double variance(double[] values, int runs, double mean) {
    double sum = 0;
    for (int r = 0; r < runs; r++) {
      double d = values[r] - mean;
      sum += d * d;
    }
    return sum / (runs - 1);
  }

  /** The settings of an adaptive estimate; {@link #build()} gives it. */
  public static final class Builder {
    private final EstimatorOptions options;
    private double relativeTolerance;
    private double absoluteTolerance;
    private double confidence = DEFAULT_CONFIDENCE;
    private int maxRuns = DEFAULT_MAX_RUNS;

    private Builder(EstimatorOptions options) {
      this.options = options;
    }

    /** Stop when every half-width is &lt;= rtol |estimate| (0, the default: no such stop). */
    public Builder relativeTolerance(double rtol) {
      if (!(rtol >= 0 && rtol < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("relativeTolerance must be finite and >= 0, got "
            + rtol);
      }
      this.relativeTolerance = rtol;
      return this;
    }

    /** Stop when every half-width is &lt;= atol (0, the default: no such stop). */
    public Builder absoluteTolerance(double atol) {
      if (!(atol >= 0 && atol < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("absoluteTolerance must be finite and >= 0, got "
            + atol);
      }
      this.absoluteTolerance = atol;
      return this;
    }

    /** The confidence level of the intervals and of the tolerance, in (0, 1) (default 0.95). */
    public Builder confidence(double confidence) {
      this.confidence = Arguments.inOpenUnitInterval("confidence", confidence);
      return this;
    }

    /** The most runs an adaptive estimate makes, >= 2 (default 1000). */
    public Builder maxRuns(int maxRuns) {
      this.maxRuns = Arguments.atLeast("maxRuns", maxRuns, 2);
      return this;
    }

    /** The estimate with these settings. */
    public SpectralSums build() {
      return new SpectralSums(this);
    }
  }
}
