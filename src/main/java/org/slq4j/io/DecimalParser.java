package org.slq4j.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Parses ASCII decimal numbers straight from a byte buffer, with the results of
 * {@link Long#parseLong} and {@link Double#parseDouble} but without making a String per number:
 * the text of a large Matrix Market file is a few hundred million of them.
 *
 * <p>Doubles of the plain form {@code [+-]digits[.digits][(e|E)[+-]digits]} with at most 19
 * significant digits are converted exactly: by one correctly rounded floating-point operation
 * when the digits and the power of ten are both exact doubles (Clinger 1990), else by the
 * Eisel-Lemire algorithm (Lemire, "Number Parsing at a Gigabyte per Second", Software: Practice
 * and Experience 51(8), 2021; the 128-bit products need no fallback by Mushtak and Lemire, "Fast
 * Number Parsing Without Fallback", 2023). Anything else (more digits, subnormal or overflowing
 * results, hexadecimal, {@code NaN}, type suffixes, malformed text) goes to
 * {@link Double#parseDouble}, which also supplies the exceptions.
 */
final class DecimalParser {

  private static final double[] POWERS_OF_TEN = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final int SMALLEST_POWER = -342;
  private static final int LARGEST_POWER = 308;

  private DecimalParser() {}

  /**
   * The long in {@code b[from, to)}, as {@link Long#parseLong} reads it.
   *
   * @throws NumberFormatException as {@link Long#parseLong}
   */
  static long parseLong(byte[] b, int from, int to) {
    int i = from;
    boolean negative = false;
    if (i < to && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    if (i == to || to - i > 18) {
      return Long.parseLong(ascii(b, from, to)); // empty or possibly overflowing
    }
    long v = 0;
    for (; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return Long.parseLong(ascii(b, from, to));
      }
      v = v * 10 + d;
    }
    return negative ? -v : v;
  }

  /** The decimal numbers of C's strtod and Fortran's list input, with nothing after them. */
  private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile(
      "[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /** strtod's words for the non-finite values, any case. */
  private static final java.util.regex.Pattern NON_FINITE = java.util.regex.Pattern.compile(
      "(?i)[+-]?(inf|infinity|nan)");

  /**
   * The double in {@code b[from, to)}: a decimal number as C and Fortran write them (optional
   * sign, digits with an optional point, optional exponent), or inf, infinity or nan in any
   * case. Java's own extras (a trailing f or d, hexadecimal floats) are refused, as the C
   * readers of the format (SciPy, SuiteSparse) refuse them.
   *
   * @throws NumberFormatException for anything else
   */
  static double parseDouble(byte[] b, int from, int to) {
    int i = from;
    boolean negative = false;
    if (i < to && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    // The significant digits (leading zeros skipped) accumulate in w, unsigned; past 19 digits
    // w overflows and is not used.
    int intStart = i;
    while (i < to && b[i] == '0') {
      i++;
    }
    int sigStart = i;
    long w = 0;
    for (long chunk; to - i >= 8 && isEightDigits(chunk = (long) LONG_LE.get(b, i)); i += 8) {
      w = w * 100_000_000L + eightDigits(chunk);
    }
    for (; i < to && isDigit(b[i]); i++) {
      w = w * 10 + (b[i] - '0');
    }
    int digits = i - sigStart;
    int seen = i - intStart;
    int exponent = 0;
    if (i < to && b[i] == '.') {
      i++;
      int fracStart = i;
      if (digits == 0) {
        while (i < to && b[i] == '0') {
          i++;
        }
      }
      int sig = i;
      for (long chunk; to - i >= 8 && isEightDigits(chunk = (long) LONG_LE.get(b, i)); i += 8) {
        w = w * 100_000_000L + eightDigits(chunk);
      }
      for (; i < to && isDigit(b[i]); i++) {
        w = w * 10 + (b[i] - '0');
      }
      digits += i - sig;
      seen += i - fracStart;
      exponent = fracStart - i;
    }
    if (seen == 0 || digits > 19) {
      return slowPath(ascii(b, from, to));
    }
    if (i < to && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      boolean negativeExponent = false;
      if (i < to && (b[i] == '-' || b[i] == '+')) {
        negativeExponent = b[i] == '-';
        i++;
      }
      if (i == to) {
        return slowPath(ascii(b, from, to));
      }
      int e = 0;
      for (; i < to && isDigit(b[i]); i++) {
        e = e < 100_000 ? e * 10 + (b[i] - '0') : e; // beyond any double; no overflow
      }
      exponent += negativeExponent ? -e : e;
    }
    if (i != to) {
      return slowPath(ascii(b, from, to));
    }
    if (w == 0) {
      return negative ? -0.0 : 0.0;
    }
    double v;
    if (w >= 0 && w <= 1L << 53 && exponent >= -22 && exponent <= 22) {
      v = exponent >= 0 ? (double) w * POWERS_OF_TEN[exponent]
          : (double) w / POWERS_OF_TEN[-exponent];
    } else {
      long bits = eiselLemire(w, exponent);
      if (bits < 0) {
        return slowPath(ascii(b, from, to));
      }
      v = Double.longBitsToDouble(bits);
    }
    return negative ? -v : v;
  }

  /** Numbers the fast path leaves: long significands, odd forms, and everything malformed. */
  private static double slowPath(String s) {
    if (DECIMAL.matcher(s).matches()) {
      return Double.parseDouble(s);
    }
    if (NON_FINITE.matcher(s).matches()) {
      boolean negative = s.charAt(0) == '-';
      return s.toLowerCase(java.util.Locale.ROOT).contains("nan") ? Double.NaN
          : negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    throw new NumberFormatException("not a decimal number: \"" + s + "\"");
  }

  /** Whether the 8 bytes of a little-endian long are all ASCII digits (SWAR). */
  private static boolean isEightDigits(long v) {
    return ((v & 0xF0F0F0F0F0F0F0F0L)
        | (((v + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) >>> 4)) == 0x3333333333333333L;
  }

  /** The value of 8 ASCII digits in a little-endian long, first digit lowest (SWAR). */
  private static long eightDigits(long v) {
    long mask = 0x000000FF000000FFL;
    long mul1 = 0x000F424000000064L; // 100 + (1000000 << 32)
    long mul2 = 0x0000271000000001L; // 1 + (10000 << 32)
    v -= 0x3030303030303030L;
    v = v * 10 + (v >>> 8);
    return (((v & mask) * mul1) + (((v >>> 16) & mask) * mul2)) >>> 32;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static String ascii(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
  }

  /**
   * The bits of the double nearest to w * 10^q (w > 0, unsigned), or -1 when the result is
   * subnormal, infinite or q is outside the table.
   */
  static long eiselLemire(long w, int q) {
    if (q < SMALLEST_POWER || q > LARGEST_POWER) {
      return -1;
    }
    int lz = Long.numberOfLeadingZeros(w);
    long x = w << lz;
    int index = 2 * (q - SMALLEST_POWER);
    long[] table = PowersOfFive.TABLE;
    long high = Math.unsignedMultiplyHigh(x, table[index]);
    long low = x * table[index];
    long precisionMask = 0xFFFF_FFFF_FFFF_FFFFL >>> 55; // 52 explicit mantissa bits + 3
    if ((high & precisionMask) == precisionMask) {
      long secondHigh = Math.unsignedMultiplyHigh(x, table[index + 1]);
      low += secondHigh;
      if (Long.compareUnsigned(secondHigh, low) > 0) {
        high++;
      }
    }
    int upperBit = (int) (high >>> 63);
    int shift = upperBit + 64 - 52 - 3;
    long mantissa = high >>> shift;
    int power2 = ((152_170 + 65_536) * q >> 16) + 63 + upperBit - lz + 1023;
    if (power2 <= 0) {
      return -1;
    }
    // Halfway between two doubles with an even lower one: round down (to even). Only exact
    // products (5^q in 64 bits) can be exactly halfway.
    if (Long.compareUnsigned(low, 1) <= 0 && q >= -4 && q <= 23 && (mantissa & 3) == 1
        && (mantissa << shift) == high) {
      mantissa &= ~1L;
    }
    mantissa += mantissa & 1;
    mantissa >>>= 1;
    if (mantissa >= 2L << 52) {
      mantissa = 1L << 52;
      power2++;
    }
    mantissa &= ~(1L << 52);
    if (power2 >= 0x7FF) {
      return -1;
    }
    return mantissa | (long) power2 << 52;
  }

  /**
   * 5^q for q in [-342, 308], normalized to 128 bits (two longs, high first): truncated for
   * q >= 0, rounded up for q < 0, as the Eisel-Lemire algorithm requires. Computed once.
   */
  private static final class PowersOfFive {

    static final long[] TABLE = build();

    private static long[] build() {
      long[] t = new long[2 * (LARGEST_POWER - SMALLEST_POWER + 1)];
      BigInteger five = BigInteger.valueOf(5);
      BigInteger mask = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
      for (int q = SMALLEST_POWER; q <= LARGEST_POWER; q++) {
        BigInteger c;
        if (q >= 0) {
          BigInteger p = five.pow(q);
          int shift = 128 - p.bitLength();
          c = shift >= 0 ? p.shiftLeft(shift) : p.shiftRight(-shift);
        } else {
          BigInteger p = five.pow(-q);
          int z = p.subtract(BigInteger.ONE).bitLength(); // smallest z with 2^z >= p
          int b = q >= -27 ? z + 127 : 2 * z + 128;
          c = BigInteger.ONE.shiftLeft(b).divide(p).add(BigInteger.ONE);
          if (c.bitLength() > 128) {
            c = c.shiftRight(c.bitLength() - 128);
          }
        }
        int k = 2 * (q - SMALLEST_POWER);
        t[k] = c.shiftRight(64).longValue();
        t[k + 1] = c.and(mask).longValue();
      }
      return t;
    }
  }
}
