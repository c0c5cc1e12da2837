package org.slq4j.internal.smoothing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.slq4j.GridScale;

class DensityAssemblyTest {

  @Test
  void spreadIsFlooredRelativeToTheMagnitude() {
    assertEquals(2.0, DensityAssembly.flooredSpread(1, 3));
    assertEquals(5e-8, DensityAssembly.flooredSpread(5, 5));
    assertEquals(4e-8, DensityAssembly.flooredSpread(-4, -4));
    assertEquals(1e-8, DensityAssembly.flooredSpread(0, 0));
    // A spread below the floor is lifted to it; one above it is kept.
    assertEquals(1e-8 * (1e6 + 1e-3), DensityAssembly.flooredSpread(1e6, 1e6 + 1e-3));
    assertEquals(1.0, DensityAssembly.flooredSpread(1e6, 1e6 + 1));
  }

  @Test
  void defaultSigmaIsTheSpreadOverTheStepsAndPaddingAtLeastSixSigma() {
    DensityAssembly.Density d = DensityAssembly.assemble(new double[][] {{1, 3}},
        new double[][] {{0.5, 0.5}}, GridScale.LINEAR, Double.NaN, 4, 0.1, 101);
    assertEquals(0.5, d.sigma());
    // Padding max(0.1 * 2, 6 * 0.5) = 3 on each side.
    assertEquals(Grid.linear(-2, 6, 101), d.grid());
    assertEquals(101, d.values().length);
    // A wider relative padding wins over 6 sigma.
    d = DensityAssembly.assemble(new double[][] {{1, 3}}, new double[][] {{0.5, 0.5}},
        GridScale.LINEAR, Double.NaN, 4, 2.0, 101);
    assertEquals(Grid.linear(-3, 7, 101), d.grid());
  }

  @Test
  void explicitSigmaIsUsed() {
    DensityAssembly.Density d = DensityAssembly.assemble(new double[][] {{1, 3}},
        new double[][] {{0.5, 0.5}}, GridScale.LINEAR, 0.01, 4, 0.1, 101);
    assertEquals(0.01, d.sigma());
    assertEquals(Grid.linear(1 - 0.2, 3 + 0.2, 101), d.grid());
  }

  @Test
  void defaultSigmaIsFlooredForANarrowSpectrum() {
    DensityAssembly.Density d = DensityAssembly.assemble(new double[][] {{1e-300}},
        new double[][] {{1.0}}, GridScale.LINEAR, Double.NaN, 20, 0.1, 50);
    assertEquals(DensityAssembly.MIN_DEFAULT_SIGMA, d.sigma());
  }

  /** The density is the run average of the smoothed rules, bit for bit. */
  @Test
  void densityIsTheRunAverageOfTheSmoothedRules() {
    double[][] nodes = {{-1, 0.5, 2}, {-0.5, 1.5}, {0, 1, 1.25, 3}};
    double[][] weights = {{0.2, 0.5, 0.3}, {0.6, 0.4}, {0.1, 0.2, 0.3, 0.4}};
    DensityAssembly.Density d = DensityAssembly.assemble(nodes, weights, GridScale.LINEAR,
        Double.NaN, 5, 0.1, 400);
    double spread = 4;
    double sigma = spread / 5;
    assertEquals(sigma, d.sigma());
    Grid grid = Grid.linear(-1 - 6 * sigma, 3 + 6 * sigma, 400);
    assertEquals(grid, d.grid());
    double[] expected = new double[400];
    for (int r = 0; r < 3; r++) {
      GaussianSmoother.accumulate(grid, nodes[r], weights[r], nodes[r].length, 1.0 / 3, sigma,
          expected);
    }
    assertArrayEquals(expected, d.values());
  }

  @Test
  void log10GridSmoothsTheLogarithmsOfTheNodes() {
    DensityAssembly.Density d = DensityAssembly.assemble(new double[][] {{0.1, 100}},
        new double[][] {{0.5, 0.5}}, GridScale.LOG10, Double.NaN, 3, 0.1, 64);
    double spread = Math.log10(100) - Math.log10(0.1);
    assertEquals(spread / 3, d.sigma());
    double pad = 6 * (spread / 3);
    assertEquals(Grid.linear(Math.log10(0.1) - pad, Math.log10(100) + pad, 64), d.grid());
  }

  @Test
  void log10GridRejectsANodeThatIsNotPositiveNamingRunNodeAndWeight() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DensityAssembly.assemble(new double[][] {{1, 2}, {0.5, -2.0}},
            new double[][] {{0.5, 0.5}, {0.75, 0.25}}, GridScale.LOG10, Double.NaN, 2, 0.1,
            10));
    assertEquals("a LOG10 grid needs a positive spectrum, but run 1 has the node -2.0 "
        + "(weight 0.25); shift the operator or use a LINEAR grid", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DensityAssembly.log10Nodes(3, new double[] {0.0}, new double[] {1.0}));
    assertEquals("a LOG10 grid needs a positive spectrum, but run 3 has the node 0.0 "
        + "(weight 1.0); shift the operator or use a LINEAR grid", e.getMessage());
  }
}
