package org.slq4j.internal.vectorization;

/**
 * Numeric thresholds shared by the kernels and the Lanczos iteration, so that every check of
 * the same condition uses the same number.
 */
public final class NumericConstants {

  /**
   * Sums of squares at or above this lost nothing significant to underflow: even 2^60 squares
   * each rounded to zero or subnormal change the sum by under 2^-115 relative.
   */
  public static final double SUMSQ_LOW = 0x1p-900;

  /** Sums of squares at or below this did not overflow. */
  public static final double SUMSQ_HIGH = Double.MAX_VALUE;

  /**
   * DGKS (Daniel, Gragg, Kaufman and Stewart 1976): a second Gram-Schmidt pass when the first
   * left less than 1/sqrt(2) of the norm ("twice is enough", Giraud, Langou and Rozloznik 2005).
   */
  public static final double DGKS_ETA = 0.7071067811865476;

  private NumericConstants() {}

  /**
   * Whether an unscaled sum of squares can be trusted: no square in it under- or overflowed
   * significantly. False for NaN.
   */
  public static boolean sumOfSquaresInRange(double s) {
    return s >= SUMSQ_LOW && s <= SUMSQ_HIGH;
  }
}
