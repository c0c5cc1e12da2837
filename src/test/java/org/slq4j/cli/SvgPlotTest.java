package org.slq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SvgPlotTest {

  /** Thinning keeps every bucket's extremes in grid order, so no peak is lost. */
  @Test
  void thinningKeepsPeaksAndMatchesTheAnnouncedCount() {
    Random rnd = new Random(1);
    for (int g : new int[] {2, 3, 1000, SvgPlot.MAX_POINTS, SvgPlot.MAX_POINTS + 1, 54321,
        200_003}) {
      double[] d = new double[g];
      for (int j = 0; j < g; j++) {
        d[j] = rnd.nextDouble();
      }
      int spike = g / 3;
      d[spike] = 10;
      int[] idx = SvgPlot.thin(d);
      assertEquals(SvgPlot.plottedPoints(g), idx.length, "grid " + g);
      assertTrue(idx.length <= Math.max(g, SvgPlot.MAX_POINTS + 2), "grid " + g);
      boolean hasSpike = false;
      for (int k = 0; k < idx.length; k++) {
        if (k > 0) {
          assertTrue(idx[k] > idx[k - 1], "ascending, grid " + g);
        }
        hasSpike |= idx[k] == spike;
      }
      assertTrue(hasSpike, "grid " + g);
      assertEquals(0, idx[0]);
      assertEquals(g - 1, idx[idx.length - 1]);
    }
  }

  @Test
  void coordinatesAndEscaping() {
    assertEquals("12.5", SvgPlot.num(12.5));
    assertEquals("-0.05", SvgPlot.num(-0.05));
    assertEquals("3", SvgPlot.num(2.999));
    assertEquals("100.01", SvgPlot.num(100.0149));
    assertEquals("a&lt;b&gt;&amp;&quot;&apos;?", SvgPlot.xml("a<b>&\"'\u0001"));
  }

  @Test
  void logFloorShowsASingleEigenvalue() {
    // n = 1000, sigma = 0.01: one eigenvalue of mass 1/n peaks near 1/(n sigma sqrt(2 pi)).
    double single = 1 / (1000 * 0.01 * Math.sqrt(2 * Math.PI));
    double floor = SvgPlot.logFloor(50, 1000, 0.01, new double[] {0, 1e-30, 50});
    assertTrue(floor < single / 10 && floor >= 50 * 1e-12, "floor " + floor);
  }
}
