package org.slq4j.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.slq4j.internal.smoothing.GridTransform;

/**
 * Axis ticks for the plots: "nice" 1-2-5 steps on linear axes (Heckbert, "Nice numbers for graph
 * labels", Graphics Gems 1990) and decades on logarithmic ones. Tick values are exact decimals
 * (BigDecimal), so labels never show binary rounding such as 0.30000000000000004.
 */
final class Ticks {

  private Ticks() {}

  /**
   * One tick: its position in axis units, a label (may be empty), and an optional exponent
   * rendered as a superscript after the label ("10" with exponent "-6" reads 10^-6).
   */
  record Tick(double value, String label, String exponent) {}

  /**
   * Ticks of one axis: labelled major ticks, unlabelled minor ones, and an optional common
   * exponent e (labels then show value / 10^e and the axis carries "x10^e").
   */
  record Axis(List<Tick> major, List<Double> minor, String multiplierExponent) {}

  /** About {@code target} 1-2-5 ticks covering [lo, hi] (inclusive, up to rounding). */
  static Axis linear(double lo, double hi, int target) {
    if (!(hi > lo)) {
      hi = lo + Math.max(Math.abs(lo) * 1e-9, 1e-300);
    }
    double raw = (hi - lo) / target;
    int p = (int) Math.floor(Math.log10(raw));
    double f = raw / Math.pow(10, p);
    int m;
    // The nice number nearest to the raw step (Heckbert's rounding), so about target ticks.
    if (f < 1.5) {
      m = 1;
    } else if (f < 3) {
      m = 2;
    } else if (f < 7) {
      m = 5;
    } else {
      m = 1;
      p++;
    }
    BigDecimal step = BigDecimal.valueOf(m).scaleByPowerOfTen(p);
    double stepD = step.doubleValue();
    long first = (long) Math.ceil(lo / stepD - 1e-9);
    long last = (long) Math.floor(hi / stepD + 1e-9);
    List<BigDecimal> values = new ArrayList<>();
    for (long i = first; i <= last; i++) {
      values.add(step.multiply(BigDecimal.valueOf(i)));
    }
    BigDecimal maxAbs = BigDecimal.ZERO;
    for (BigDecimal v : values) {
      maxAbs = maxAbs.max(v.abs());
    }
    String multiplier = null;
    int shift = 0;
    if (maxAbs.signum() != 0) {
      int e = maxAbs.precision() - maxAbs.scale() - 1;  // floor(log10(maxAbs))
      if (e >= 5 || e <= -3) {
        shift = e;
        multiplier = Integer.toString(e);
      }
    }
    int decimals = Math.max(0, shift - p);
    List<Tick> ticks = new ArrayList<>();
    for (BigDecimal v : values) {
      BigDecimal shown = v.movePointLeft(shift).setScale(decimals, RoundingMode.HALF_EVEN);
      String label = shown.signum() == 0 ? "0" : shown.toPlainString().replace('-', '\u2212');
      ticks.add(new Tick(v.doubleValue(), label, null));
    }
    return new Axis(ticks, List.of(), multiplier);
  }

  /**
   * Decade ticks for an axis whose coordinate is log10 of the quantity, covering [lo, hi] in
   * log10 units. Labels read 10^k; with few decades, minor ticks mark 2..9 x 10^k. Returns
   * null when fewer than two decades fall inside (the caller then labels the quantity itself).
   */
  static Axis decades(double lo, double hi, int target) {
    long first = (long) Math.ceil(lo - 1e-9);
    long last = (long) Math.floor(hi + 1e-9);
    long count = last - first + 1;
    if (count < 2) {
      return null;
    }
    long every = 1;
    for (long candidate : new long[] {1, 2, 3, 4, 5, 10, 20, 25, 50, 100, 200, 500}) {
      every = candidate;
      if ((count + candidate - 1) / candidate <= target) {
        break;
      }
    }
    List<Tick> major = new ArrayList<>();
    for (long k = Math.floorDiv(first + every - 1, every) * every; k <= last; k += every) {
      major.add(new Tick(k, "10", Long.toString(k).replace('-', '\u2212')));
    }
    List<Double> minor = new ArrayList<>();
    if (every == 1 && count <= 8) {
      for (long k = first - 1; k <= last; k++) {
        for (int d = 2; d <= 9; d++) {
          double x = k + Math.log10(d);
          if (x >= lo && x <= hi) {
            minor.add(x);
          }
        }
      }
    } else if (every > 1) {
      for (long k = first; k <= last; k++) {
        if (k % every != 0) {
          minor.add((double) k);
        }
      }
    }
    return new Axis(major, minor, null);
  }

  /**
   * Ticks for an axis whose coordinate is log10 of a quantity spanning less than two decades:
   * 1-2-5 ticks of the quantity itself, placed at their log10.
   */
  static Axis linearInLog(double lo, double hi, int target) {
    Axis plain = linear(Math.pow(10, lo), Math.pow(10, hi), target);
    List<Tick> ticks = new ArrayList<>();
    for (Tick t : plain.major()) {
      if (t.value() > 0) {
        ticks.add(new Tick(Math.log10(t.value()), t.label(), null));
      }
    }
    return new Axis(ticks, List.of(), plain.multiplierExponent());
  }

  /**
   * Ticks for an axis whose coordinate is the symmetric log s = sign(v) log10(1 + |v| / c) of
   * a quantity v, covering [lo, hi] in s: 0 and the decades +-10^k at or beyond c (each about
   * one unit of s from the next; the ones inside the linear zone would crowd into |s| &lt; 0.3),
   * thinned to every second, third... decade to stay near {@code target}. When fewer than three
   * such ticks fall inside, 1-2-5 ticks of v itself, placed at their s.
   */
  static Axis symlog(double lo, double hi, double c, int target) {
    GridTransform map = GridTransform.symlog(c);
    double top = Math.max(Math.abs(lo), Math.abs(hi));
    long first = (long) Math.ceil(Math.log10(c) - 1e-9);
    long last = (long) Math.floor(Math.log10(c) + top + 1e-9);
    List<Long> exponents = new ArrayList<>();
    for (long k = first; k <= last; k++) {
      exponents.add(k);
    }
    int sides = (lo < 0 ? 1 : 0) + (hi > 0 ? 1 : 0);
    long every = 1;
    for (long candidate : new long[] {1, 2, 3, 4, 5, 10, 20, 50, 100}) {
      every = candidate;
      long perSide = (exponents.size() + candidate - 1) / candidate;
      if (1 + Math.max(1, sides) * perSide <= target) {
        break;
      }
    }
    List<Tick> major = new ArrayList<>();
    List<Tick> negative = new ArrayList<>();
    for (long k : exponents) {
      if (Math.floorMod(k, every) != 0) {
        continue;
      }
      double at = map.forward(Math.pow(10, k));
      String exponent = Long.toString(k).replace('-', '\u2212');
      if (-at >= lo - 1e-9 && -at <= hi + 1e-9) {
        negative.add(0, new Tick(-at, "\u221210", exponent));
      }
      if (at >= lo - 1e-9 && at <= hi + 1e-9) {
        major.add(new Tick(at, "10", exponent));
      }
    }
    if (lo <= 0 && hi >= 0) {
      major.add(0, new Tick(0, "0", null));
    }
    major.addAll(0, negative);
    if (major.size() >= 3) {
      return new Axis(major, List.of(), null);
    }
    Axis plain = linear(map.inverse(lo), map.inverse(hi), target);
    List<Tick> ticks = new ArrayList<>();
    for (Tick t : plain.major()) {
      ticks.add(new Tick(map.forward(t.value()), t.label(), null));
    }
    return new Axis(ticks, List.of(), plain.multiplierExponent());
  }

  /** {@code v} rounded to {@code digits} significant digits, plain or in e-notation. */
  static String significant(double v, int digits) {
    if (v == 0 || !Double.isFinite(v)) {
      return v == 0 ? "0" : Double.toString(v);
    }
    BigDecimal b = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
    int e = b.precision() - b.scale() - 1;
    if (e >= -4 && e < 7) {
      return b.toPlainString();
    }
    BigDecimal mantissa = b.movePointLeft(e);
    return mantissa.toPlainString() + "e" + e;
  }
}
