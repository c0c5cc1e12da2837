package org.slq4j.internal.deflation;

/**
 * How a deflated estimate splits its budget of numRuns x lanczosSteps products: how many
 * extreme pairs its pre-pass asks for at each end, to what tolerance, and with how many
 * products; the runs get what the pre-pass leaves, in equal steps.
 *
 * @param high pairs asked for at the top of the spectrum
 * @param low pairs asked for at the bottom
 * @param tolerance residual tolerance relative to ||H|| for a pair to be deflated
 * @param prepass the most products of the pre-pass, its residual checks included
 */
public record DeflationBudget(int high, int low, double tolerance, long prepass) {

  static final double FRACTION = Double.parseDouble(
      System.getProperty("slq4j.deflate.fraction", "0.25"));
  static final int HIGH = Integer.getInteger("slq4j.deflate.high", 20);
  static final int LOW = Integer.getInteger("slq4j.deflate.low", 2);
  static final double TOLERANCE = Double.parseDouble(
      System.getProperty("slq4j.deflate.tolerance", "1e-6"));

  /**
   * The split for an operator of dimension n, or null when the budget is too small for a
   * pre-pass worth its products (then the estimate is classic).
   */
  public static DeflationBudget of(long n, int numRuns, int lanczosSteps) {
    long total = (long) numRuns * lanczosSteps;
    long prepass = (long) Math.floor(FRACTION * total);
    int high = (int) Math.min(HIGH, n / 20);
    int low = (int) Math.min(LOW, n / 40);
    int count = high + low;
    if (high < 1) {
      return null;
    }
    int basis = (int) Math.min(n, Math.max(2 * count + 1, count + 20));
    if (prepass - count < 2L * basis || (total - prepass) / numRuns < 2) {
      return null;
    }
    return new DeflationBudget(high, low, TOLERANCE, prepass);
  }

  /** The pre-pass's seed, apart from every run's seed + r. */
  public static long prepassSeed(long seed) {
    return seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
  }
}
