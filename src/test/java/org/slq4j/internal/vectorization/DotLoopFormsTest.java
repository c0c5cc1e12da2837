package org.slq4j.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PanamaKernelSupport.dot runs an int-offset loop up to INT_LOOP_MAX doubles and a long-offset
 * loop beyond. This compares the two loops directly on the same operands: they must add in the
 * same order (bit-equal results) for every n, so that dot's result does not depend on which
 * loop a size falls into.
 */
class DotLoopFormsTest {

  @BeforeAll
  static void needsPanama() {
    Assumptions.assumeTrue(TestVectors.panamaAvailable(), "no jdk.incubator.vector");
    TestVectors.panama(); // makes org.slq4j read the incubator module
  }

  @Test
  void intAndLongLoopsGiveTheSameBitsForEveryLengthAndOffset() {
    SplittableRandom r = new SplittableRandom(7);
    int[] sizes = new int[300 + 4];
    for (int n = 0; n < 300; n++) {
      sizes[n] = n;
    }
    sizes[300] = 1000;
    sizes[301] = 1003;
    sizes[302] = 4097;
    sizes[303] = (int) Forms.intLoopMax() + 1; // dispatch reaches the long loop
    try (Arena arena = Arena.ofConfined()) {
      for (int n : sizes) {
        // Wide exponent spread: a different summation order would almost surely round differently.
        double[] x = TestVectors.random(r, n, 30);
        double[] y = TestVectors.random(r, n, 30);
        for (long off = 0; off < 4; off++) {
          MemorySegment xs = TestVectors.segmentAt(arena, x, off);
          MemorySegment ys = TestVectors.segmentAt(arena, y, 3 - off);
          double viaInt = Forms.dotInt(xs, off, ys, 3 - off, n);
          double viaLong = Forms.dotLong(xs, off, ys, 3 - off, n);
          assertEquals(viaLong, viaInt, "n=" + n + " offset " + off);
          assertEquals(viaInt, TestVectors.panama().dot(xs, off, ys, 3 - off, n), "dispatch n=" + n);
        }
      }
    }
  }

  @Test
  void theIntLoopsByteOffsetsCannotOverflow() {
    long max = Forms.intLoopMax();
    // Every int offset the loop forms (o, o + 3 vectors, the loop bounds) is at most 8n.
    assertTrue(max * Double.BYTES <= Integer.MAX_VALUE, "INT_LOOP_MAX " + max);
    // The benchmark size n = 1000 and everything that fits in L2 take the int loop.
    assertTrue(max >= 1000, "INT_LOOP_MAX " + max);
  }

  /** Separate class so that a scalar-only JVM never links PanamaKernelSupport. */
  private static final class Forms {
    static double dotInt(MemorySegment x, long xo, MemorySegment y, long yo, int n) {
      return PanamaKernelSupport.dotInt(x, xo, y, yo, n);
    }

    static double dotLong(MemorySegment x, long xo, MemorySegment y, long yo, long n) {
      return PanamaKernelSupport.dotLong(x, xo, y, yo, n);
    }

    static long intLoopMax() {
      return PanamaKernelSupport.INT_LOOP_MAX;
    }
  }
}
