package org.slq4j;

/**
 * Quantiles of Student's t distribution with an integer number of degrees of freedom, the
 * multiplier of a standard error in a confidence interval for the mean of a few samples.
 *
 * <p>P(|T| &lt;= t) for nu degrees of freedom is the finite trigonometric series of Abramowitz
 * and Stegun, Handbook of Mathematical Functions, 26.7.3 (nu odd) and 26.7.4 (nu even), in
 * theta = atan(t / sqrt(nu)); it increases with theta on [0, pi/2), so bisection on theta
 * inverts it to within an ulp of the probability (t to about 1e-16 / (1 - confidence)
 * relative). The cost is nu / 2 terms per evaluation, nothing for the run counts an
 * estimate has.
 */
final class StudentT {

  private StudentT() {}

  /**
   * The t with P(|T| &lt;= t) = {@code confidence} for {@code degreesOfFreedom} degrees of
   * freedom: the two-sided quantile, e.g. 12.706 for (0.95, 1) and 2.262 for (0.95, 9).
   *
   * @throws IllegalArgumentException when confidence is not in (0, 1) or the degrees of
   *     freedom are not positive
   */
  static double twoSidedQuantile(double confidence, int degreesOfFreedom) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
    if (degreesOfFreedom < 1) {
      throw new IllegalArgumentException("degrees of freedom must be at least 1, got "
          + degreesOfFreedom);
    }
    double lo = 0;
    double hi = Math.PI / 2;
    while (true) {
      double mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (centralProbability(mid, degreesOfFreedom) < confidence) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return Math.sqrt(degreesOfFreedom) * Math.tan(0.5 * (lo + hi));
  }

  /** P(|T| &lt;= sqrt(nu) tan(theta)) for nu degrees of freedom (A and S 26.7.3-4). */
  static double centralProbability(double theta, int nu) {
    double s = Math.sin(theta);
    double c = Math.cos(theta);
    double c2 = c * c;
    if (nu % 2 == 1) {
      // (2/pi) (theta + sin(theta) (cos + 2/3 cos^3 + 2*4/(3*5) cos^5 + ... + cos^(nu-2)))
      double sum = 0;
      double term = c;
      for (int power = 1; power <= nu - 2; power += 2) {
        sum += term;
        term *= c2 * (power + 1) / (power + 2);
      }
      return 2 / Math.PI * (theta + s * sum);
    }
    // sin(theta) (1 + 1/2 cos^2 + 1*3/(2*4) cos^4 + ... + cos^(nu-2))
    double sum = 0;
    double term = 1;
    for (int power = 0; power <= nu - 2; power += 2) {
      sum += term;
      term *= c2 * (power + 1) / (power + 2);
    }
    return s * sum;
  }
}
