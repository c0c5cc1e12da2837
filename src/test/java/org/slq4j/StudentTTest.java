package org.slq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StudentTTest {

  /**
   * Values of scipy.stats.t.ppf((1 + confidence) / 2, df) (SciPy 1.17.1). The series gives
   * P(|T| <= t) to about an ulp of 1, so the tail 1 - confidence, and with it t, is known to
   * about 1e-16 / (1 - confidence) relative.
   */
  @ParameterizedTest(name = "df {0}, confidence {1}")
  @CsvSource({
      "1, 0.95, 12.706204736174694",
      "2, 0.95, 4.302652729749462",
      "3, 0.95, 3.1824463052837078",
      "4, 0.99, 4.604094871349992",
      "9, 0.95, 2.262157162798205",
      "9, 0.9, 1.833112932656237",
      "19, 0.95, 2.0930240544083087",
      "30, 0.8, 1.3104150253913955",
      "99, 0.95, 1.9842169515864174",
      "9, 0.999999, 11.636782027137297",
      "1000, 0.95, 1.9623390808264083"})
  void matchesScipy(int df, double confidence, double expected) {
    assertEquals(expected, StudentT.twoSidedQuantile(confidence, df),
        1e-14 / (1 - confidence) * expected);
  }

  /** One and two degrees of freedom have closed forms: Cauchy, and t = c sqrt(2 / (1 - c^2)). */
  @Test
  void closedFormsForOneAndTwoDegreesOfFreedom() {
    for (double c : new double[] {0.01, 0.5, 0.9, 0.95, 0.999}) {
      double cauchy = Math.tan(Math.PI * c / 2);
      double tolerance = 1e-14 / (1 - c);
      assertEquals(cauchy, StudentT.twoSidedQuantile(c, 1), tolerance * cauchy, "c = " + c);
      double two = c * Math.sqrt(2 / (1 - c * c));
      assertEquals(two, StudentT.twoSidedQuantile(c, 2), tolerance * two, "c = " + c);
    }
  }

  @Test
  void decreasesTowardsTheNormalQuantileWithMoreDegreesOfFreedom() {
    double previous = Double.POSITIVE_INFINITY;
    for (int df = 1; df <= 4096; df *= 2) {
      double t = StudentT.twoSidedQuantile(0.95, df);
      assertTrue(t < previous, "df " + df + ": " + t + " after " + previous);
      previous = t;
    }
    assertEquals(1.959963984540054, previous, 1e-3);
    assertTrue(previous > 1.959963984540054);
  }

  @Test
  void refusesBadArguments() {
    for (double c : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> StudentT.twoSidedQuantile(c, 5));
      assertTrue(e.getMessage().contains(String.valueOf(c)), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StudentT.twoSidedQuantile(0.95, 0));
    assertTrue(e.getMessage().contains("0"), e.getMessage());
  }
}
