package org.slq4j;

import java.util.Objects;

/**
 * A value estimated from a spectral density's quadrature rules, with its band.
 *
 * @param estimate the point estimate
 * @param lower the lower end of the band, at most the estimate (may be negative infinity for a
 *     quantile the rules do not bound from below)
 * @param upper the upper end, at least the estimate (may be positive infinity likewise)
 * @param confidence the confidence level the band was built for, in (0, 1); the band carries
 *     it only when {@link #dominant()} is not {@link ErrorSource#SAMPLING_UNKNOWN}
 * @param dominant which error makes the larger part of the band
 */
public record BandedEstimate(double estimate, double lower, double upper, double confidence,
    ErrorSource dominant) {

  /** Checks that the band is ordered and holds the estimate. */
  public BandedEstimate {
    Objects.requireNonNull(dominant, "dominant");
    if (!(lower <= estimate && estimate <= upper) || !Double.isFinite(estimate)) {
      throw new IllegalArgumentException("the band [" + lower + ", " + upper
          + "] must hold the finite estimate " + estimate);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
  }

  /** upper - lower. */
  public double width() {
    return upper - lower;
  }

  /** Whether the band holds {@code value} (ends included). */
  public boolean contains(double value) {
    return lower <= value && value <= upper;
  }

  /** Whether the band is a confidence band: false for one run, whose sampling error is unknown. */
  public boolean samplingKnown() {
    return dominant != ErrorSource.SAMPLING_UNKNOWN;
  }
}
