package org.slq4j;

/**
 * The argument checks the builders share, each throwing an {@link IllegalArgumentException}
 * that names the argument and the value given.
 */
final class Arguments {

  private Arguments() {}

  /** {@code value} when it is at least {@code min}. */
  static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  /** {@code value} when it is at least {@code min}. */
  static long atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  /** {@code value} when it lies strictly between 0 and 1 (a confidence level, a tolerance). */
  static double inOpenUnitInterval(String name, double value) {
    if (!(value > 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1), got " + value);
    }
    return value;
  }

  /** {@code value} when it is positive and finite. */
  static double positiveFinite(String name, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
    }
    return value;
  }
}
