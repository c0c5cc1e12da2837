package org.slq4j.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SpectralDistanceTest {

  @Test
  void exactRuleHasDistanceZero() {
    double[] eig = {1, 2, 3, 4};
    double[][] x = {{1, 2, 3, 4}, {1, 2, 3, 4}};
    double[][] w = {{0.25, 0.25, 0.25, 0.25}, {0.25, 0.25, 0.25, 0.25}};
    assertEquals(0.0, SpectralDistance.relativeW1(eig, x, w), 0.0);
  }

  @Test
  void closedFormForAShiftedAndALumpedRule() {
    // Eigenvalues 0 and 1; a rule putting all mass at 0.5: |F - G| = 1/2 on [0, 1].
    assertEquals(0.5, SpectralDistance.relativeW1(new double[] {0, 1},
        new double[][] {{0.5}}, new double[][] {{1.0}}), 1e-15);
    // Eigenvalues 0, 2 (width 2); rule 1/2 at 0.5 and 1/2 at 2: W1 = 0.5 * 0.5 = 0.25 -> 0.125.
    assertEquals(0.125, SpectralDistance.relativeW1(new double[] {0, 2},
        new double[][] {{0.5, 2.0}}, new double[][] {{0.5, 0.5}}), 1e-15);
    // Runs average: one exact run and one lumped at 1 for eigenvalues {0, 2}: W1 = 0.5 * 1 / 2.
    assertEquals(0.25, SpectralDistance.relativeW1(new double[] {0, 2},
        new double[][] {{0.0, 2.0}, {1.0}}, new double[][] {{0.5, 0.5}, {1.0}}), 1e-15);
  }

  @Test
  void gridDensityClosedForms() {
    // Eigenvalues 0 and 1, the uniform density on [0, 1]: |F - G| = |1/2 - t|, integral 1/4.
    double[] grid = {0, 0.25, 0.5, 0.75, 1};
    double[] flat = {1, 1, 1, 1, 1};
    assertEquals(0.25, SpectralDistance.relativeW1OfDensity(new double[] {0, 1}, grid, flat),
        1e-15);
    // An unnormalized density is normalized; eigenvalues inside a wider grid [0, 2] (width 1):
    // F = 0, 1/2, 1 split at 0.5 and 1.5, G = t / 2; the integral is 1/16 + 1/8 + 1/16.
    double[] wide = {0, 0.5, 1, 1.5, 2};
    assertEquals(0.25, SpectralDistance.relativeW1OfDensity(new double[] {0.5, 1.5}, wide,
        new double[] {3, 3, 3, 3, 3}), 1e-15);
    // All the mass at the grid's top point (a triangle on [1.5, 2]) against eigenvalues 0, 2:
    // G rises from 0 to 1 over [1.5, 2] while F = 1/2 on [0, 2): 0.75 + two triangles of
    // 1/16 each = 0.875, over the width 2.
    assertEquals(0.4375, SpectralDistance.relativeW1OfDensity(new double[] {0, 2}, wide,
        new double[] {0, 0, 0, 0, 1}), 1e-15);
  }
}
