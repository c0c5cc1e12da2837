package org.slq4j;

import java.util.Objects;

/**
 * An estimate of a spectral sum tr f(H) with its confidence interval over the runs.
 *
 * @param name the function's name, e.g. "logdet"
 * @param estimate n times the mean over the runs of sum_k w_k f(x_k)
 * @param standardError the sample standard deviation of the runs' estimates over sqrt(runs);
 *     NaN for one run, whose spread is unknown
 * @param lower the lower end of the interval, estimate - t * standardError (negative infinity
 *     for one run)
 * @param upper the upper end, estimate + t * standardError (positive infinity for one run)
 * @param confidence the level of the interval, in (0, 1); t is the two-sided Student t quantile
 *     at this level with runs - 1 degrees of freedom
 * @param runs the number of runs (random start vectors) averaged
 * @param stop why no more runs were made
 */
public record SpectralSum(String name, double estimate, double standardError, double lower,
    double upper, double confidence, int runs, Stop stop) {

  /** Why an estimate stopped adding runs. */
  public enum Stop {
    /** The interval's half-width met the tolerance. */
    TOLERANCE("tolerance"),
    /** The run limit (or, without a tolerance, the fixed run count) was reached first. */
    MAX_RUNS("max-runs");

    private final String label;

    Stop(String label) {
      this.label = label;
    }

    /** "tolerance" or "max-runs", as printed and written by the command line. */
    public String label() {
      return label;
    }
  }

  /** Checks the interval holds the estimate. */
  public SpectralSum {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(stop, "stop");
    if (!Double.isFinite(estimate) || !(lower <= estimate && estimate <= upper)) {
      throw new IllegalArgumentException("the interval [" + lower + ", " + upper
          + "] must hold the finite estimate " + estimate);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be >= 1, got " + runs);
    }
  }

  /** (upper - lower) / 2: the margin of error at the confidence level. */
  public double halfWidth() {
    return 0.5 * (upper - lower);
  }

  /** Whether the interval holds {@code value} (ends included). */
  public boolean contains(double value) {
    return lower <= value && value <= upper;
  }
}
