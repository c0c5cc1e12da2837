package org.slq4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every parse must give Double.parseDouble's / Long.parseLong's result to the bit, except for
 * what only Java reads (a trailing f or d, hexadecimal floats), which must be refused as C's
 * strtod-based readers refuse it, and strtod's inf and nan, which must be read.
 */
class DecimalParserTest {

  /** Forms Double.parseDouble takes that are no C or Fortran decimal number. */
  private static boolean javaOnly(String s) {
    return s.matches(".*[fFdD]") && !s.matches("(?i)[+-]?(inf|infinity|nan)")
        || s.toLowerCase(Locale.ROOT).contains("0x");
  }

  private static void same(String s) {
    byte[] b = (" " + s + " ").getBytes(StandardCharsets.ISO_8859_1);
    double want;
    try {
      if (javaOnly(s)) {
        throw new NumberFormatException("refused: " + s);
      }
      want = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      assertThrows(NumberFormatException.class,
          () -> DecimalParser.parseDouble(b, 1, b.length - 1), s);
      return;
    }
    double got = DecimalParser.parseDouble(b, 1, b.length - 1);
    assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got),
        s + ": " + want + " vs " + got);
  }

  @Test
  void edgeCases() {
    for (String s : new String[] {"0", "-0", "+0.0", "-0.0e5", "1", "-1", "1.", ".5", "-.5",
        "5e0", "5E+3", "5e-3", "1e22", "1e23", "9007199254740992", "9007199254740993",
        "9007199254740993.0", "1.7976931348623157e308", "1.7976931348623158e308", "1.8e308",
        "4.9e-324", "2.2250738585072014E-308", "2.2250738585072011e-308", "1e-400", "1e400",
        "123456789012345678", "1234567890123456789", "12345678901234567890",
        "0.000000000000000000000000000001", "000123.4500", "-3.2152272032979057E-1",
        "9.79626671331616E-1", "1e", "e5", "", "+", "-", ".", "1.2.3", "1e+", "0x1p3", "NaN",
        "Infinity", "-Infinity", "1.5d", "2f", "1_0", "7.0E-10", "2.5", "0.5", "1.5",
        "3.5e-5", "8.5e-10", "9999999999999999999", "99999999999999999999e-20",
        "1e00000000000000000001", "1e-99999999999", "00000000000000000001.5",
        "0.00000000000000000000001234", "12345678.87654321", "1234567812345678.5e-3",
        "0.1234567812345678123", "0.12345678123456781234", "-12345678e-8", "1234567_"}) {
      same(s);
    }
  }

  /** Java's suffixes and hex floats are refused; strtod's inf and nan are read, any case. */
  @Test
  void onlyCAndFortranNumbers() {
    for (String bad : new String[] {"2.5f", "1d", "1e5D", "7F", "0x1p3", "-0X1.8p1"}) {
      byte[] b = bad.getBytes(StandardCharsets.ISO_8859_1);
      assertThrows(NumberFormatException.class, () -> DecimalParser.parseDouble(b, 0, b.length),
          bad);
    }
    assertEquals(Double.POSITIVE_INFINITY, parse("inf"));
    assertEquals(Double.NEGATIVE_INFINITY, parse("-INF"));
    assertEquals(Double.POSITIVE_INFINITY, parse("+Infinity"));
    assertEquals(Double.NaN, parse("nan"));
  }

  private static double parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return DecimalParser.parseDouble(b, 0, b.length);
  }

  /** Halfway cases: the round-to-even branch of Eisel-Lemire. */
  @Test
  void halfwayBetweenTwoDoubles() {
    for (long m = (1L << 53) - 5; m < (1L << 53) + 40; m++) {
      same(Long.toString(m));
      same(m + "1");
      same(m + "e1");
    }
    same("9007199254740993"); // 2^53 + 1, halfway: rounds to even 2^53
    same("9007199254740995"); // halfway: rounds to even 2^53 + 4
    same("18014398509481986"); // 2^54 + 2
    same("18014398509481990");
  }

  @Test
  void randomDoublesInEveryNotation() {
    SplittableRandom rnd = new SplittableRandom(20261203);
    for (int k = 0; k < 50_000; k++) {
      double v = switch (k % 4) {
        case 0 -> rnd.nextDouble(-1, 1);
        case 1 -> Double.longBitsToDouble(rnd.nextLong()); // any exponent, NaN included
        case 2 -> rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-30, 30));
        default -> rnd.nextInt(-1000, 1000) / 8.0;
      };
      same(Double.toString(v));
      same(String.format(Locale.ROOT, "%.16e", v));
      same(String.format(Locale.ROOT, "%.17g", v));
      same(String.format(Locale.ROOT, "%.6e", v));
      same(String.format(Locale.ROOT, "%.3f", v));
    }
  }

  @Test
  void randomDigitStrings() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int k = 0; k < 50_000; k++) {
      StringBuilder s = new StringBuilder();
      int digits = rnd.nextInt(1, 22);
      for (int d = 0; d < digits; d++) {
        s.append((char) ('0' + rnd.nextInt(10)));
      }
      if (rnd.nextBoolean()) {
        s.insert(rnd.nextInt(s.length() + 1), '.');
      }
      s.append('e').append(rnd.nextInt(-345, 330));
      same(s.toString());
    }
  }

  /** Normal doubles written with 17 digits take the Eisel-Lemire path, not the fallback. */
  @Test
  void seventeenDigitsNeedNoFallback() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int k = 0; k < 100_000; k++) {
      double v = Math.abs(Double.longBitsToDouble(rnd.nextLong()));
      if (!Double.isFinite(v) || v < Double.MIN_NORMAL) {
        continue;
      }
      String s = String.format(Locale.ROOT, "%.16e", v);
      long w = Long.parseLong(s.substring(0, 1) + s.substring(2, 18));
      int q = Integer.parseInt(s.substring(19)) - 16;
      assertEquals(Double.doubleToRawLongBits(Double.parseDouble(s)),
          DecimalParser.eiselLemire(w, q), s);
    }
  }

  @Test
  void longsAsParseLong() {
    for (String s : new String[] {"0", "-0", "+7", "-7", "123456789012345678",
        "-123456789012345678", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "", "-", "+", "1.0", "1e3", "12a", " 1"}) {
      byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
      long want;
      try {
        want = Long.parseLong(s);
      } catch (NumberFormatException e) {
        assertThrows(NumberFormatException.class, () -> DecimalParser.parseLong(b, 0, b.length),
            s);
        continue;
      }
      assertEquals(want, DecimalParser.parseLong(b, 0, b.length), s);
    }
  }
}
