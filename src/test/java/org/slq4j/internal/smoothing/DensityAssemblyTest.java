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
        new double[][] {{0.5, 0.5}}, GridScale.LINEAR, Double.NaN, Double.NaN, 4, 0.1, 101);
    assertEquals(0.5, d.sigma());
    // Padding max(0.1 * 2, 6 * 0.5) = 3 on each side.
    assertEquals(Grid.linear(-2, 6, 101), d.grid());
    assertEquals(101, d.values().length);
    // A wider relative padding wins over 6 sigma.
    d = DensityAssembly.assemble(new double[][] {{1, 3}}, new double[][] {{0.5, 0.5}},
        GridScale.LINEAR, Double.NaN, Double.NaN, 4, 2.0, 101);
    assertEquals(Grid.linear(-3, 7, 101), d.grid());
  }

  @Test
  void explicitSigmaIsUsed() {
    DensityAssembly.Density d = DensityAssembly.assemble(new double[][] {{1, 3}},
        new double[][] {{0.5, 0.5}}, GridScale.LINEAR, Double.NaN, 0.01, 4, 0.1, 101);
    assertEquals(0.01, d.sigma());
    assertEquals(Grid.linear(1 - 0.2, 3 + 0.2, 101), d.grid());
  }

  @Test
  void defaultSigmaIsFlooredForANarrowSpectrum() {
    DensityAssembly.Density d = DensityAssembly.assemble(new double[][] {{1e-300}},
        new double[][] {{1.0}}, GridScale.LINEAR, Double.NaN, Double.NaN, 20, 0.1, 50);
    assertEquals(DensityAssembly.MIN_DEFAULT_SIGMA, d.sigma());
  }

  /** The density is the run average of the smoothed rules, bit for bit. */
  @Test
  void densityIsTheRunAverageOfTheSmoothedRules() {
    double[][] nodes = {{-1, 0.5, 2}, {-0.5, 1.5}, {0, 1, 1.25, 3}};
    double[][] weights = {{0.2, 0.5, 0.3}, {0.6, 0.4}, {0.1, 0.2, 0.3, 0.4}};
    DensityAssembly.Density d = DensityAssembly.assemble(nodes, weights, GridScale.LINEAR, Double.NaN,
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
        new double[][] {{0.5, 0.5}}, GridScale.LOG10, Double.NaN, Double.NaN, 3, 0.1, 64);
    double spread = Math.log10(100) - Math.log10(0.1);
    assertEquals(spread / 3, d.sigma());
    double pad = 6 * (spread / 3);
    assertEquals(Grid.linear(Math.log10(0.1) - pad, Math.log10(100) + pad, 64), d.grid());
  }

  @Test
  void log10GridRejectsANodeThatIsNotPositiveNamingRunNodeAndWeight() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DensityAssembly.assemble(new double[][] {{1, 2}, {0.5, -2.0}},
            new double[][] {{0.5, 0.5}, {0.75, 0.25}}, GridScale.LOG10, Double.NaN, Double.NaN, 2, 0.1,
            10));
    assertEquals("a LOG10 grid needs a positive spectrum, but run 1 has the node -2.0 "
        + "(weight 0.25); use a SYMLOG10 or AUTO_LOG grid, or shift the operator", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DensityAssembly.log10Nodes(3, new double[] {0.0}, new double[] {1.0}));
    assertEquals("a LOG10 grid needs a positive spectrum, but run 3 has the node 0.0 "
        + "(weight 1.0); use a SYMLOG10 or AUTO_LOG grid, or shift the operator", e.getMessage());
  }

  /**
   * A SYMLOG10 grid is the LINEAR assembly of the nodes mapped through
   * sign(t) log10(1 + |t| / c), computed here independently of GridTransform.
   */
  @Test
  void symlogGridSmoothsTheSymmetricLogOfTheNodes() {
    double c = 0.01;
    double[][] nodes = {{-3, -1e-3, 0, 2e-2, 50}, {-0.5, 7}};
    double[][] weights = {{0.1, 0.2, 0.3, 0.2, 0.2}, {0.5, 0.5}};
    double[][] mapped = new double[2][];
    for (int r = 0; r < 2; r++) {
      mapped[r] = new double[nodes[r].length];
      for (int k = 0; k < nodes[r].length; k++) {
        double t = nodes[r][k];
        mapped[r][k] = Math.signum(t) * Math.log10(1 + Math.abs(t) / c);
      }
    }
    DensityAssembly.Density sym = DensityAssembly.assemble(nodes, weights, GridScale.SYMLOG10,
        c, Double.NaN, 6, 0.1, 300);
    DensityAssembly.Density lin = DensityAssembly.assemble(mapped, weights, GridScale.LINEAR,
        Double.NaN, Double.NaN, 6, 0.1, 300);
    assertEquals(GridScale.SYMLOG10, sym.transform().scale());
    assertEquals(c, sym.transform().linearZone());
    assertEquals(lin.sigma(), sym.sigma(), 1e-14 * lin.sigma());
    double[] a = sym.grid().points();
    double[] b = lin.grid().points();
    for (int j = 0; j < a.length; j++) {
      assertEquals(b[j], a[j], 1e-12);
      assertEquals(lin.values()[j], sym.values()[j], 1e-9 * (1 + lin.values()[j]));
    }
  }

  /** AUTO_LOG is LOG10 on a positive spectrum and SYMLOG10 once one node is not positive. */
  @Test
  void autoLogResolvesBySignOfTheNodes() {
    double[][] w = {{0.5, 0.5}};
    assertEquals(GridScale.LOG10, DensityAssembly.assemble(new double[][] {{1e-3, 10}}, w,
        GridScale.AUTO_LOG, Double.NaN, Double.NaN, 4, 0.1, 50).transform().scale());
    assertEquals(GridScale.SYMLOG10, DensityAssembly.assemble(new double[][] {{0.0, 10}}, w,
        GridScale.AUTO_LOG, Double.NaN, Double.NaN, 4, 0.1, 50).transform().scale());
    assertEquals(GridScale.SYMLOG10, DensityAssembly.assemble(new double[][] {{-1e-9, 10}}, w,
        GridScale.AUTO_LOG, Double.NaN, Double.NaN, 4, 0.1, 50).transform().scale());
  }

  /**
   * The default linear zone is the |node| at which the pooled measure (runs weighted equally)
   * reaches 5%, floored at 1e-8 of the largest |node|.
   */
  @Test
  void defaultLinearZoneIsTheFivePercentQuantileOfNodeMagnitudes() {
    // Pooled measure of |node|: 1e-4 has 0.02 + 0.02, 3e-3 has 0.04: 5% is reached at 3e-3.
    double[][] nodes = {{-1e-4, 3e-3, 5}, {1e-4, -2}};
    double[][] weights = {{0.04, 0.08, 0.88}, {0.04, 0.96}};
    assertEquals(3e-3, DensityAssembly.defaultLinearZone(nodes, weights));
    // Half the mass at the rounding level: the floor 1e-8 * 5 applies.
    double[][] rank = {{1e-17, 5}};
    assertEquals(5e-8, DensityAssembly.defaultLinearZone(rank, new double[][] {{0.5, 0.5}}));
    assertEquals(1.0, DensityAssembly.defaultLinearZone(new double[][] {{0.0}},
        new double[][] {{1.0}}));
  }
}
