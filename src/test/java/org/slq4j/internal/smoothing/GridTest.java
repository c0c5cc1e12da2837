package org.slq4j.internal.smoothing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GridTest {

  @Test
  void linearGridIsFirstPlusJTimesStep() {
    Grid g = Grid.linear(-1, 3, 9);
    assertEquals(Grid.Scale.LINEAR, g.scale());
    assertEquals(9, g.size());
    assertEquals(-1, g.first());
    assertEquals(0.5, g.step());
    assertEquals(3, g.last());
    double[] p = g.points();
    for (int j = 0; j < 9; j++) {
      assertEquals(-1 + 0.5 * j, p[j]);
      assertEquals(p[j], g.point(j));
    }
    p[0] = 42;
    assertEquals(-1, g.points()[0]);
    assertNotSame(g.points(), g.points());
    assertEquals(g, Grid.linear(-1, 3, 9));
    assertEquals(g.hashCode(), Grid.linear(-1, 3, 9).hashCode());
    assertTrue(g.toString().contains("9 points"));
  }

  @Test
  void lastIsWithinAnUlpOrTwoOfUpper() {
    for (int n : new int[] {2, 3, 7, 10000, 12345}) {
      Grid g = Grid.linear(0.1, 0.7, n);
      assertEquals(0.7, g.last(), 2 * Math.ulp(0.7), "n = " + n);
      double[] p = g.points();
      for (int j = 1; j < n; j++) {
        assertTrue(p[j] > p[j - 1]);
      }
    }
  }

  @Test
  void log10GridIsRegularInLog10() {
    Grid g = Grid.log10(1e-3, 1e7, 11);
    assertEquals(Grid.Scale.LOG10, g.scale());
    assertEquals(-3, g.first(), 1e-15);
    assertEquals(1, g.step(), 1e-15);
    double[] v = g.values();
    for (int j = 0; j < 11; j++) {
      assertEquals(Math.pow(10, j - 3), v[j], 1e-14 * v[j]);
    }
    assertEquals(g.points()[4], Grid.linear(-3, 7, 11).points()[4], 1e-15);
  }

  @Test
  void badArgumentsAreNamed() {
    expect("points", () -> Grid.linear(0, 1, 1));
    expect("lower", () -> Grid.linear(Double.NaN, 1, 5));
    expect("upper", () -> Grid.linear(0, Double.POSITIVE_INFINITY, 5));
    expect("lower = 1.0", () -> Grid.linear(1, 1, 5));
    expect("lower = 2.0", () -> Grid.linear(2, 1, 5));
    expect("overflows", () -> Grid.linear(-Double.MAX_VALUE, Double.MAX_VALUE, 5));
    expect("distinct", () -> Grid.linear(1, 1 + 1e-12, 10000));
    expect("lower", () -> Grid.log10(0, 1, 5));
    expect("lower", () -> Grid.log10(-1, 1, 5));
    expect("upper", () -> Grid.log10(1, 0.5, 5));
    assertThrows(IndexOutOfBoundsException.class, () -> Grid.linear(0, 1, 5).point(5));
  }

  private static void expect(String fragment, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(fragment), e.getMessage() + " should name " + fragment);
  }
}
