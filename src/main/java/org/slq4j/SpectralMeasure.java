package org.slq4j;

import java.util.Arrays;

/**
 * The spectral measure behind a {@link SpectralDensity}: the eigenvalue distribution function
 * F(t) = #{lambda_i &lt;= t} / n, its quantiles and interval counts, estimated from the Gauss
 * rules of the runs without smoothing, each with a band at a confidence level (default 0.95)
 * that accounts for both errors of the estimate and says which one dominates.
 *
 * <p><b>Estimate.</b> Run r's rule gives G_r(t), the weight of its nodes &lt;= t; the estimate
 * of F(t) is their mean over the R runs. Each run's rule is the Gauss rule of the spectral
 * measure F_r of its unit start vector, and F_r is unbiased: a Rademacher start vector gives
 * E F_r(t) = F(t).
 *
 * <p><b>Quadrature error.</b> The Chebyshev-Markov-Stieltjes inequalities bound F_r by the rule
 * alone, with certainty: L_r(t) &lt;= F_r(t) &lt;= U_r(t), where, for nodes
 * x_1 &lt; ... &lt; x_m and W_k = w_1 + ... + w_k, the bracket is [W_(k-1), W_k] at a node
 * t = x_k and [W_(k-1), W_(k+1)] for x_k &lt; t &lt; x_(k+1) (Szego, Orthogonal Polynomials,
 * Theorem 3.41.1; Akhiezer, The Classical Moment Problem, 1965; used for SLQ by Chen, Trogdon
 * and Ubaru, Analysis of stochastic Lanczos quadrature for spectrum approximation, ICML 2021).
 * So the run mean of F_r lies in [mean L_r, mean U_r]. A run that ended on an invariant subspace
 * (fewer nodes than the steps asked for, or n of them) is its start vector's measure exactly
 * and brackets nothing. The bracket assumes the rules are Gauss rules of the start vectors'
 * measures, which full reorthogonalization keeps to rounding; without it a rule is the Gauss
 * rule of a measure that spreads each eigenvalue over a tiny interval (Greenbaum 1989), and the
 * bracket holds up to those widths.
 *
 * <p><b>Sampling error.</b> The runs' start vectors are independent, so the run mean of F_r
 * misses F by a sampling error of standard deviation sd(F_r) / sqrt(R). It is estimated by the
 * standard error s / sqrt(R) of the G_r(t), times the two-sided Student t quantile with R - 1
 * degrees of freedom at the confidence level (2.262 for 10 runs at 0.95). The G_r stand in
 * for the F_r, which the bracket confines to within a bracket of them. With one run there is
 * no spread to measure: the band is then the quadrature bracket alone, for that start vector's
 * measure, and reports {@link ErrorSource#SAMPLING_UNKNOWN} instead of pretending to a level.
 *
 * <p><b>Band.</b> [mean L_r - t s / sqrt(R), mean U_r + t s / sqrt(R)], clipped to [0, 1]. It
 * is valid at about the confidence level because it contains the t interval around the run
 * mean of F_r (which lies in [mean L_r, mean U_r] for certain), and that interval covers F(t)
 * at the level. The standard error varies with t, so the ends are made monotone by widening
 * only: the lower end at t is the least raw lower end at any s &gt;= t and the upper end the
 * largest raw upper end at any s &lt;= t; as F is non-decreasing, this keeps every point's
 * coverage. The dominant source compares the two raw parts: the bracket width
 * mean U_r - mean L_r against the interval width 2 t s / sqrt(R).
 *
 * <p>The estimate and the band are step functions of t that change only at nodes. They are
 * tabulated once, over the sorted nodes of all runs, when the measure is made: for R runs and
 * N nodes in all, O(N log N + R N) time and 3N + 1 entries per table (each run is merged with
 * every node; milliseconds for 10 runs x 80 steps). A point then costs a binary search and a
 * sorted grid one merge with the nodes. Immutable and thread-safe.
 */
public final class SpectralMeasure {

  /** The confidence level of {@link #of(SpectralDensity)}. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  private final GaussRuleCdf[] rules;
  private final long dimension;
  private final double confidence;
  /** Student t quantile for R - 1 degrees of freedom; NaN for one run. */
  private final double multiplier;
  /** The distinct nodes of all runs, ascending: u_1 .. u_K. */
  private final double[] support;
  /**
   * Per slot of t, in order: (-inf, u_1); then for each u_i: u_i- (left limit), u_i, and the
   * open gap (u_i, u_(i+1)). Slot 3i - 2 is u_i-, 3i - 1 is u_i, 3i is the gap after u_i.
   */
  private final double[] estimate;
  private final double[] lower;
  private final double[] upper;
  private final ErrorSource[] dominant;

  private SpectralMeasure(GaussRuleCdf[] rules, long dimension, double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
    this.rules = rules;
    this.dimension = dimension;
    this.confidence = confidence;
    this.multiplier = rules.length > 1
        ? StudentT.twoSidedQuantile(confidence, rules.length - 1) : Double.NaN;
    this.support = distinctNodes(rules);
    int slots = 3 * support.length + 1;
    this.estimate = new double[slots];
    this.lower = new double[slots];
    this.upper = new double[slots];
    this.dominant = new ErrorSource[slots];
    tabulate();
  }

  /** The measure of {@code density}'s rules, with bands at {@link #DEFAULT_CONFIDENCE}. */
  public static SpectralMeasure of(SpectralDensity density) {
    return of(density, DEFAULT_CONFIDENCE);
  }

  /**
   * The measure of {@code density}'s rules, with bands at {@code confidence}.
   *
   * @throws IllegalArgumentException when confidence is not in (0, 1)
   */
  public static SpectralMeasure of(SpectralDensity density, double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
    GaussRuleCdf[] rules = new GaussRuleCdf[density.numRuns()];
    for (int r = 0; r < rules.length; r++) {
      int steps = density.steps(r);
      boolean exact = steps < density.lanczosSteps() || steps == density.dimension();
      rules[r] = new GaussRuleCdf(density.nodes(r), density.weights(r), exact);
    }
    return new SpectralMeasure(rules, density.dimension(), confidence);
  }

  /** The same measure with bands at another confidence level. */
  public SpectralMeasure withConfidence(double confidence) {
    return new SpectralMeasure(rules, dimension, confidence);
  }

  public double confidence() {
    return confidence;
  }

  /** Dimension n of the operator: the number of eigenvalues counted. */
  public long dimension() {
    return dimension;
  }

  public int numRuns() {
    return rules.length;
  }

  /**
   * The multiplier of the standard error in the bands: the two-sided Student t quantile with
   * runs - 1 degrees of freedom at the confidence level; NaN for one run.
   */
  public double samplingMultiplier() {
    return multiplier;
  }

  /**
   * F(t), the fraction of eigenvalues &lt;= t, with its band. Infinite t gives the exact 0 or 1.
   *
   * @throws IllegalArgumentException when t is NaN
   */
  public BandedEstimate cdf(double t) {
    check("t", t);
    if (Double.isInfinite(t)) {
      return exact(t > 0 ? 1 : 0);
    }
    return slot(slotAt(t, count(support, t, true)));
  }

  /**
   * F at every point of {@code t}, in order. A non-decreasing {@code t} (a grid) is merged with
   * the nodes in one pass; any other order costs a binary search per point.
   *
   * @throws IllegalArgumentException when a point is NaN (naming its index)
   */
  public BandedEstimate[] cdf(double[] t) {
    boolean sorted = true;
    for (int j = 0; j < t.length; j++) {
      if (Double.isNaN(t[j])) {
        throw new IllegalArgumentException("t[" + j + "] is NaN");
      }
      sorted &= j == 0 || t[j - 1] <= t[j];
    }
    BandedEstimate[] out = new BandedEstimate[t.length];
    int atOrBelow = 0;
    for (int j = 0; j < t.length; j++) {
      if (Double.isInfinite(t[j])) {
        out[j] = exact(t[j] > 0 ? 1 : 0);
        continue;
      }
      if (sorted) {
        while (atOrBelow < support.length && support[atOrBelow] <= t[j]) {
          atOrBelow++;
        }
      } else {
        atOrBelow = count(support, t[j], true);
      }
      out[j] = slot(slotAt(t[j], atOrBelow));
    }
    return out;
  }

  /**
   * F(t-), the fraction of eigenvalues strictly below t, with its band (the same bracket as
   * F(t): the rules cannot tell an eigenvalue at a node from one just beside it).
   *
   * @throws IllegalArgumentException when t is NaN
   */
  public BandedEstimate cdfBelow(double t) {
    check("t", t);
    if (Double.isInfinite(t)) {
      return exact(t > 0 ? 1 : 0);
    }
    int below = count(support, t, false);
    return slot(below < support.length && support[below] == t ? 3 * below + 1 : 3 * below);
  }

  /** n F(t-): the number of eigenvalues strictly below t, e.g. the negative ones for t = 0. */
  public BandedEstimate countBelow(double t) {
    BandedEstimate f = cdfBelow(t);
    return new BandedEstimate(dimension * f.estimate(), dimension * f.lower(),
        dimension * f.upper(), confidence, f.dominant());
  }

  /**
   * n (F(b) - F(a)): the number of eigenvalues in (a, b], with its band. The band is that of
   * the interval itself, not of two CDF values: per run, F_r(b) - F_r(a) lies in
   * [max(0, L_r(b) - U_r(a)), U_r(b) - L_r(a)], and the sampling part is the spread of the runs'
   * G_r(b) - G_r(a), which is far smaller than that of either end when the ends are close.
   * Either end may be infinite; a == b counts exactly 0.
   *
   * @throws IllegalArgumentException when a or b is NaN or a &gt; b
   */
  public BandedEstimate count(double a, double b) {
    check("a", a);
    check("b", b);
    if (a > b) {
      throw new IllegalArgumentException("the interval (a, b] needs a <= b, got a = " + a
          + " > b = " + b);
    }
    if (a == b) {
      return exact(0);
    }
    double[] at = new double[3];
    double[] bt = new double[3];
    double sum = 0;
    double sumLow = 0;
    double sumHigh = 0;
    double mean = 0;
    double squares = 0;
    for (int r = 0; r < rules.length; r++) {
      ruleAt(rules[r], a, at);
      ruleAt(rules[r], b, bt);
      double d = bt[0] - at[0];
      sum += d;
      sumLow += Math.max(0, bt[1] - at[2]);
      sumHigh += Math.min(1, bt[2] - at[1]);
      double delta = d - mean;
      mean += delta / (r + 1);
      squares += delta * (d - mean);
    }
    BandedEstimate f = banded(sum, sumLow, sumHigh, squares);
    return new BandedEstimate(dimension * f.estimate(), dimension * f.lower(),
        dimension * f.upper(), confidence, f.dominant());
  }

  /**
   * The p-quantile of the estimate, inf{t : estimated F(t) &gt;= p} (always a node), with the
   * band's inverse: from the least t whose upper end reaches p to the least t whose lower end
   * does (each end infinite when no node bounds it). The quantile lies in it whenever the
   * CDF band covers F at those two points, each end missing one-sidedly, so at about the
   * confidence level and at least at 1 - 2 (1 - confidence). The dominant source is the CDF
   * band's at the estimate.
   *
   * @throws IllegalArgumentException when p is not in (0, 1]
   */
  public BandedEstimate quantile(double p) {
    if (!(p > 0 && p <= 1)) {
      throw new IllegalArgumentException("p must be in (0, 1], got " + p);
    }
    int at = firstSlotReaching(estimate, p);
    int from = firstSlotReaching(upper, p);
    int to = firstSlotReaching(lower, p);
    return new BandedEstimate(slotValue(at), from == 0 ? Double.NEGATIVE_INFINITY
        : slotValue(from), to == estimate.length ? Double.POSITIVE_INFINITY : slotValue(to),
        confidence, dominant[at]);
  }

  @Override
  public String toString() {
    return "SpectralMeasure[n=" + dimension + ", runs=" + rules.length + ", "
        + support.length + " distinct nodes, confidence=" + confidence + "]";
  }

  // --- tables ----------------------------------------------------------------------------

  private void tabulate() {
    int slots = estimate.length;
    double[] sum = new double[slots];
    double[] sumLow = new double[slots];
    double[] sumHigh = new double[slots];
    double[] mean = new double[slots];
    double[] squares = new double[slots];
    for (int r = 0; r < rules.length; r++) {
      GaussRuleCdf rule = rules[r];
      int m = rule.size();
      int below = 0;
      int atOrBelow = 0;
      add(r, 0, rule, 0, 0, false, sum, sumLow, sumHigh, mean, squares);
      for (int i = 1; i <= support.length; i++) {
        double u = support[i - 1];
        while (below < m && rule.node(below) < u) {
          below++;
        }
        atOrBelow = Math.max(atOrBelow, below);
        while (atOrBelow < m && rule.node(atOrBelow) <= u) {
          atOrBelow++;
        }
        add(r, 3 * i - 2, rule, below, atOrBelow, true, sum, sumLow, sumHigh, mean, squares);
        add(r, 3 * i - 1, rule, below, atOrBelow, false, sum, sumLow, sumHigh, mean, squares);
        add(r, 3 * i, rule, atOrBelow, atOrBelow, false, sum, sumLow, sumHigh, mean, squares);
      }
    }
    double[] rawLow = new double[slots];
    double[] rawHigh = new double[slots];
    for (int s = 0; s < slots; s++) {
      BandedEstimate b = banded(sum[s], sumLow[s], sumHigh[s], squares[s]);
      estimate[s] = b.estimate();
      rawLow[s] = b.lower();
      rawHigh[s] = b.upper();
      dominant[s] = b.dominant();
    }
    // Monotone ends by widening only: least lower end to the right, largest upper to the left.
    double low = 1;
    for (int s = slots - 1; s >= 0; s--) {
      low = Math.min(low, rawLow[s]);
      lower[s] = low;
    }
    double high = 0;
    for (int s = 0; s < slots; s++) {
      high = Math.max(high, rawHigh[s]);
      upper[s] = high;
    }
  }

  /** Adds run r's values at slot s: sums of G, L and U, and Welford's update of G's spread. */
  private static void add(int r, int s, GaussRuleCdf rule, int below, int atOrBelow,
      boolean leftLimit, double[] sum, double[] sumLow, double[] sumHigh, double[] mean,
      double[] squares) {
    double g = rule.cdf(below, atOrBelow, leftLimit);
    sum[s] += g;
    sumLow[s] += rule.lower(below, atOrBelow, leftLimit);
    sumHigh[s] += rule.upper(below, atOrBelow, leftLimit);
    double delta = g - mean[s];
    mean[s] += delta / (r + 1);
    squares[s] += delta * (g - mean[s]);
  }

  /**
   * The band of a fraction from the run sums of its estimate, bracket ends and squared
   * deviations. Plain sums keep lower &lt;= estimate &lt;= upper exactly (rounding is monotone).
   */
  private BandedEstimate banded(double sum, double sumLow, double sumHigh, double squares) {
    int runs = rules.length;
    double value = sum / runs;
    double low = sumLow / runs;
    double high = sumHigh / runs;
    ErrorSource source;
    double half = 0;
    if (runs == 1) {
      source = ErrorSource.SAMPLING_UNKNOWN;
    } else {
      half = multiplier * Math.sqrt(Math.max(0, squares) / (runs - 1) / runs);
      double bracket = high - low;
      source = bracket == 0 && half == 0 ? ErrorSource.NONE
          : bracket >= 2 * half ? ErrorSource.QUADRATURE : ErrorSource.SAMPLING;
    }
    return new BandedEstimate(value, Math.max(0, low - half), Math.min(1, high + half),
        confidence, source);
  }

  private BandedEstimate slot(int s) {
    return new BandedEstimate(estimate[s], lower[s], upper[s], confidence, dominant[s]);
  }

  private BandedEstimate exact(double value) {
    return new BandedEstimate(value, value, value, confidence, ErrorSource.NONE);
  }

  /** The slot of a finite t of which {@code atOrBelow} distinct nodes are &lt;= t. */
  private int slotAt(double t, int atOrBelow) {
    return atOrBelow > 0 && support[atOrBelow - 1] == t ? 3 * atOrBelow - 1 : 3 * atOrBelow;
  }

  /** The node a slot belongs to (u_i for slots 3i - 2 .. 3i), for slots past the first. */
  private double slotValue(int s) {
    return support[(s + 2) / 3 - 1];
  }

  /** The first slot whose value in the non-decreasing {@code values} is &gt;= p, or its length. */
  private static int firstSlotReaching(double[] values, double p) {
    int lo = 0;
    int hi = values.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (values[mid] >= p) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** (G, L, U) of one rule at t, right-continuous; exact 0 or 1 at an infinite t. */
  private static void ruleAt(GaussRuleCdf rule, double t, double[] out) {
    if (Double.isInfinite(t)) {
      Arrays.fill(out, t > 0 ? 1 : 0);
      return;
    }
    int below = rule.countBelow(t);
    int atOrBelow = rule.countAtOrBelow(t);
    out[0] = rule.cdf(below, atOrBelow, false);
    out[1] = rule.lower(below, atOrBelow, false);
    out[2] = rule.upper(below, atOrBelow, false);
  }

  private static double[] distinctNodes(GaussRuleCdf[] rules) {
    int total = 0;
    for (GaussRuleCdf rule : rules) {
      total += rule.size();
    }
    double[] all = new double[total];
    int k = 0;
    for (GaussRuleCdf rule : rules) {
      for (int j = 0; j < rule.size(); j++) {
        all[k++] = rule.node(j);
      }
    }
    Arrays.sort(all);
    int distinct = 0;
    for (int j = 0; j < total; j++) {
      if (j == 0 || all[j] != all[j - 1]) {
        all[distinct++] = all[j];
      }
    }
    return Arrays.copyOf(all, distinct);
  }

  /** Values of {@code sorted} &lt;= t ({@code orEqual}) or &lt; t. */
  private static int count(double[] sorted, double t, boolean orEqual) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < t || (orEqual && sorted[mid] == t)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static void check(String name, double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException(name + " is NaN");
    }
  }
}
