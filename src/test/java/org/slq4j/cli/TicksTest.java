package org.slq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TicksTest {

  private static List<String> labels(Ticks.Axis a) {
    return a.major().stream().map(Ticks.Tick::label).toList();
  }

  @Test
  void classicRanges() {
    assertEquals(List.of("0", "2", "4", "6", "8", "10"), labels(Ticks.linear(0, 10, 5)));
    assertEquals(List.of("0", "0.1", "0.2", "0.3"), labels(Ticks.linear(0, 0.3, 3)));
    assertEquals(List.of("\u22125000", "0", "5000", "10000", "15000", "20000", "25000",
        "30000"), labels(Ticks.linear(-7000, 33000, 8)));
  }

  @Test
  void largeAndSmallValuesShareAnExponent() {
    Ticks.Axis big = Ticks.linear(0, 3.2e6, 4);
    assertEquals("6", big.multiplierExponent());
    assertEquals(List.of("0", "1", "2", "3"), labels(big));
    Ticks.Axis small = Ticks.linear(0, 9.2e-4, 5);
    assertEquals("-4", small.multiplierExponent());
    assertEquals(List.of("0", "2", "4", "6", "8"), labels(small));
  }

  /** Random ranges: 1-2-5 steps, ticks inside the range, labels are the exact decimals. */
  @Test
  void randomRangesGiveNiceStepsInside() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 2000; trial++) {
      double scale = Math.pow(10, rnd.nextInt(30) - 15);
      double lo = (rnd.nextDouble() * 2 - 1) * scale;
      double hi = lo + rnd.nextDouble() * scale + scale * 1e-6;
      int target = 3 + rnd.nextInt(8);
      Ticks.Axis a = Ticks.linear(lo, hi, target);
      List<Ticks.Tick> t = a.major();
      assertTrue(t.size() >= 1 && t.size() <= 2 * target + 2, lo + " " + hi + ": " + t.size());
      int shift = a.multiplierExponent() == null ? 0 : Integer.parseInt(a.multiplierExponent());
      for (int i = 0; i < t.size(); i++) {
        double v = t.get(i).value();
        assertTrue(v >= lo - 1e-9 * (hi - lo) && v <= hi + 1e-9 * (hi - lo));
        BigDecimal shown = new BigDecimal(t.get(i).label().replace('\u2212', '-'))
            .scaleByPowerOfTen(shift);
        assertEquals(v, shown.doubleValue(), Math.ulp(v) * 4 + 1e-300, t.get(i).label());
        if (i > 0) {
          BigDecimal step = new BigDecimal(t.get(i).label().replace('\u2212', '-'))
              .subtract(new BigDecimal(t.get(i - 1).label().replace('\u2212', '-')))
              .stripTrailingZeros();
          int digit = step.unscaledValue().intValue();
          assertTrue(digit == 1 || digit == 2 || digit == 5, "step " + step);
        }
      }
    }
  }

  @Test
  void decades() {
    Ticks.Axis a = Ticks.decades(-9.3, -2.7, 8);
    assertEquals(List.of("\u22129", "\u22128", "\u22127", "\u22126", "\u22125", "\u22124",
        "\u22123"), a.major().stream().map(Ticks.Tick::exponent).toList());
    assertTrue(a.minor().contains(-9 + Math.log10(2)));
    Ticks.Axis wide = Ticks.decades(-300, 0, 7);
    assertTrue(wide.major().size() <= 7 && wide.major().size() >= 3);
    assertNull(Ticks.decades(1.2, 1.9, 5));
  }

  /**
   * Symmetric-log ticks: 0 and +-10^k for 10^k >= c, each at sign(v) log10(1 + |v| / c) of
   * its value, ascending, mirrored about zero.
   */
  @Test
  void symlogDecades() {
    double c = 1e-4;
    double edge = Math.log10(1 + 1.0 / c);
    Ticks.Axis a = Ticks.symlog(-edge - 0.1, edge + 0.1, c, 8);
    List<String> labels = a.major().stream()
        .map(t -> t.label() + (t.exponent() == null ? "" : "^" + t.exponent())).toList();
    assertEquals(List.of("\u221210^0", "\u221210^\u22122", "\u221210^\u22124", "0", "10^\u22124",
        "10^\u22122", "10^0"), labels, "every second decade keeps the count within 8");
    for (Ticks.Tick t : a.major()) {
      double v = t.label().equals("0") ? 0 : (t.label().startsWith("\u2212") ? -1 : 1)
          * Math.pow(10, Double.parseDouble(t.exponent().replace('\u2212', '-')));
      assertEquals(Math.signum(v) * Math.log10(1 + Math.abs(v) / c), t.value(), 1e-12);
    }
    // Inside the linear zone alone: plain ticks of the eigenvalue at their positions.
    Ticks.Axis inner = Ticks.symlog(-0.2, 0.25, 1.0, 6);
    assertTrue(inner.major().size() >= 3);
    for (Ticks.Tick t : inner.major()) {
      assertTrue(t.value() >= -0.2 - 1e-9 && t.value() <= 0.25 + 1e-9, "inside the range");
    }
  }

  @Test
  void significantDigits() {
    assertEquals("376.8", Ticks.significant(376.8440442934709, 4));
    assertEquals("1.235e-7", Ticks.significant(1.23456e-7, 4));
    assertEquals("3.106e12", Ticks.significant(3.1058693e12, 4));
    assertEquals("0", Ticks.significant(0, 3));
  }
}
