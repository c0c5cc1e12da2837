package org.slq4j.internal.lanczos;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * Random start vectors. The generator is {@link SplittableRandom} (SplitMix64, Steele, Lea and
 * Flood 2014), whose output for a given seed is specified and stable across JDK versions, so a
 * seed reproduces the same vector bit for bit everywhere.
 */
public final class StartVectors {

  private StartVectors() {}

  /**
   * Fills x[0..n) with independent Rademacher signs scaled to unit norm: each entry is
   * +1/sqrt(n) or -1/sqrt(n) with probability 1/2. Consumes one 64-bit draw per 64 entries.
   */
  public static void rademacher(long seed, MemorySegment x, long n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    if (x.byteSize() < n * Double.BYTES) {
      throw new IllegalArgumentException("x holds " + x.byteSize() / Double.BYTES
          + " doubles, n = " + n);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double plus = 1.0 / Math.sqrt((double) n);
    long i = 0;
    while (i < n) {
      long bits = random.nextLong();
      long chunk = Math.min(64, n - i);
      for (int b = 0; b < chunk; b++) {
        x.setAtIndex(JAVA_DOUBLE, i + b, ((bits >>> b) & 1L) == 0 ? plus : -plus);
      }
      i += chunk;
    }
  }
}
