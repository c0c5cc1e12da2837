package org.slq4j.internal.vectorization;

import org.slq4j.internal.memory.OffHeap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slq4j.internal.vectorization.TestVectors.EPS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scalar and Panama kernels side by side in one JVM (Lucene's TestVectorUtilSupport idea) over
 * awkward sizes and offsets, each checked against an exact BigDecimal reference with a
 * tolerance that grows with n (Higham's gamma_n bound for recursive summation).
 */
class KernelDifferentialTest {

  /** 0, 1, around the vector widths and unroll factors, primes, 1000, 2^k +- 1. */
  static final int[] SIZES = {0, 1, 2, 3, 5, 7, 8, 9, 11, 13, 15, 16, 17, 31, 32, 33, 37, 63, 64,
      65, 97, 127, 128, 129, 251, 255, 256, 257, 1000, 1009, 1023, 1024, 1025, 4095, 4097, 8191};

  static Stream<Arguments> cases() {
    return LongStream.of(0, 1, 5).boxed()
        .flatMap(off -> java.util.Arrays.stream(SIZES).mapToObj(n -> Arguments.of(n, off)));
  }

  private static double gamma(int n) {
    return (n + 2) * EPS;
  }

  @ParameterizedTest(name = "n={0} offset={1}")
  @MethodSource("cases")
  void dotMatchesExactAndEachOther(int n, long off) {
    SplittableRandom r = new SplittableRandom(31L * n + off);
    double[] x = TestVectors.random(r, n, 20);
    double[] y = TestVectors.random(r, n, 20);
    double exact = TestVectors.exactDot(x, y).doubleValue();
    double bound = gamma(n) * TestVectors.sumAbsProducts(x, y);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment xs = TestVectors.segmentAt(arena, x, off);
      MemorySegment ys = TestVectors.segmentAt(arena, y, off + 2);
      double[] results = TestVectors.implementations().stream()
          .mapToDouble(k -> k.dot(xs, off, ys, off + 2, n)).toArray();
      for (double d : results) {
        assertTrue(Math.abs(d - exact) <= bound, "dot " + d + " exact " + exact + " bound " + bound);
      }
      if (results.length == 2) {
        assertTrue(Math.abs(results[0] - results[1]) <= 2 * bound, "scalar vs panama");
      }
    }
  }

  @ParameterizedTest(name = "n={0} offset={1}")
  @MethodSource("cases")
  void nrm2MatchesExact(int n, long off) {
    SplittableRandom r = new SplittableRandom(17L * n + off);
    for (int scaleExp : new int[] {0, -700, 700, -1060}) {
      double[] x = TestVectors.random(r, n, 30);
      for (int i = 0; i < n; i++) {
        x[i] = Math.scalb(x[i], scaleExp);
      }
      double exact = TestVectors.exactNorm(x);
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment xs = TestVectors.segmentAt(arena, x, off);
        for (KernelSupport k : TestVectors.implementations()) {
          double got = k.nrm2(xs, off, n);
          // Subnormal inputs carry their own absolute error of 2^-1074 per entry.
          double tol = gamma(n) * exact + n * Double.MIN_VALUE;
          assertEquals(exact, got, tol, TestVectors.name(k) + " nrm2 scale 2^" + scaleExp);
        }
      }
    }
  }

  @Test
  void nrm2OfExtremeEntriesNeitherOverflowsNorUnderflows() {
    for (double v : new double[] {1e-200, 1e200, 1e-310, 1e308, Double.MAX_VALUE}) {
      for (int n : new int[] {1, 7, 8, 100, 1001}) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, v);
        double exact = TestVectors.exactNorm(x);
        try (Arena arena = Arena.ofConfined()) {
          MemorySegment xs = TestVectors.segment(arena, x);
          for (KernelSupport k : TestVectors.implementations()) {
            double got = k.nrm2(xs, 0, n);
            if (Double.isInfinite(exact)) {
              assertEquals(Double.POSITIVE_INFINITY, got, TestVectors.name(k));
            } else {
              assertEquals(exact, got, gamma(n) * exact, TestVectors.name(k) + " v=" + v + " n=" + n);
            }
          }
        }
      }
    }
  }

  @Test
  void nanAndInfinityPropagate() {
    for (int n : new int[] {1, 9, 64, 1001}) {
      for (int at : new int[] {0, n / 2, n - 1}) {
        for (KernelSupport k : TestVectors.implementations()) {
          try (Arena arena = Arena.ofConfined()) {
            double[] x = TestVectors.random(new SplittableRandom(n), n, 0);
            double[] y = TestVectors.random(new SplittableRandom(n + 1), n, 0);
            x[at] = Double.NaN;
            MemorySegment xs = TestVectors.segment(arena, x);
            MemorySegment ys = TestVectors.segment(arena, y);
            assertTrue(Double.isNaN(k.dot(xs, 0, ys, 0, n)), TestVectors.name(k) + " dot NaN");
            assertTrue(Double.isNaN(k.nrm2(xs, 0, n)), TestVectors.name(k) + " nrm2 NaN");
            x[at] = Double.NEGATIVE_INFINITY;
            xs = TestVectors.segment(arena, x);
            assertEquals(Double.POSITIVE_INFINITY, k.nrm2(xs, 0, n), TestVectors.name(k) + " nrm2 -Inf");
            x[n - 1 - at] = Double.POSITIVE_INFINITY;
            xs = TestVectors.segment(arena, x);
            assertEquals(Double.POSITIVE_INFINITY, k.nrm2(xs, 0, n), TestVectors.name(k) + " two infinities");
            if (n > 1 && at != n - 1 - at) {
              // +Inf and -Inf products meet: IEEE says NaN.
              y[at] = 1;
              y[n - 1 - at] = 1;
              ys = TestVectors.segment(arena, y);
              assertTrue(Double.isNaN(k.dot(xs, 0, ys, 0, n)), TestVectors.name(k) + " Inf - Inf");
            }
            MemorySegment target = TestVectors.segment(arena, y);
            k.axpy(Double.NaN, ys, 0, target, 0, n);
            for (double t : TestVectors.read(target, 0, n)) {
              assertTrue(Double.isNaN(t), TestVectors.name(k) + " axpy with a = NaN");
            }
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "n={0} offset={1}")
  @MethodSource("cases")
  void axpyScalFillCopyAreExactPerElement(int n, long off) {
    SplittableRandom r = new SplittableRandom(7L * n + off);
    double[] x = TestVectors.random(r, n, 10);
    double[] y = TestVectors.random(r, n, 10);
    double a = -0.3 + r.nextDouble();
    double[] axpy = new double[n];
    double[] scal = new double[n];
    for (int i = 0; i < n; i++) {
      axpy[i] = Math.fma(a, x[i], y[i]); // one rounding per element in both implementations
      scal[i] = a * x[i];
    }
    for (KernelSupport k : TestVectors.implementations()) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment xs = TestVectors.segmentAt(arena, x, off);
        MemorySegment ys = TestVectors.segmentAt(arena, y, off + 1);
        k.axpy(a, xs, off, ys, off + 1, n);
        assertArrayEquals(axpy, TestVectors.read(ys, off + 1, n), TestVectors.name(k) + " axpy");
        assertEquals(12345.0, TestVectors.read(ys, off + 1 + n, 1)[0], "axpy wrote past the end");
        k.scal(a, xs, off, n);
        assertArrayEquals(scal, TestVectors.read(xs, off, n), TestVectors.name(k) + " scal");
        k.copy(ys, off + 1, xs, off, n);
        assertArrayEquals(axpy, TestVectors.read(xs, off, n), TestVectors.name(k) + " copy");
        k.fill(2.5, xs, off, n);
        double[] filled = new double[n];
        java.util.Arrays.fill(filled, 2.5);
        assertArrayEquals(filled, TestVectors.read(xs, off, n), TestVectors.name(k) + " fill");
        k.fill(0.0, xs, off, n);
        assertArrayEquals(new double[n], TestVectors.read(xs, off, n), TestVectors.name(k) + " fill 0");
        if (off > 0) {
          assertEquals(12345.0, TestVectors.read(xs, off - 1, 1)[0], "fill wrote before start");
        }
        assertEquals(12345.0, TestVectors.read(xs, off + n, 1)[0], "fill wrote past the end");
      }
    }
  }

  @ParameterizedTest(name = "n={0} offset={1}")
  @MethodSource("cases")
  void lanczosUpdateMatchesExactArithmetic(int n, long off) {
    SplittableRandom r = new SplittableRandom(11L * n + off);
    double[] w = TestVectors.random(r, n, 0);
    double[] v = TestVectors.random(r, n, 0);
    double[] u = TestVectors.random(r, n, 0);
    double beta = 0.25 + r.nextDouble();
    double alpha = TestVectors.exactDot(w, v).doubleValue();
    double alphaTol = gamma(n) * TestVectors.sumAbsProducts(w, v);
    for (KernelSupport k : TestVectors.implementations()) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment ws = TestVectors.segmentAt(arena, w, off);
        MemorySegment vs = TestVectors.segmentAt(arena, v, off + 3);
        MemorySegment us = TestVectors.segmentAt(arena, u, 0);
        double got = k.lanczosUpdate(ws, off, vs, off + 3, us, 0, beta, n);
        assertEquals(alpha, got, alphaTol, TestVectors.name(k) + " alpha");
        double[] out = TestVectors.read(ws, off, n);
        for (int i = 0; i < n; i++) {
          // With the kernel's own alpha: w - alpha v - beta u to a few roundings.
          double expected = w[i] - got * v[i] - beta * u[i];
          double tol = 4 * EPS * (Math.abs(w[i]) + Math.abs(got * v[i]) + Math.abs(beta * u[i]));
          assertEquals(expected, out[i], tol, TestVectors.name(k) + " w[" + i + "]");
        }
      }
    }
  }

  /**
   * The fused three-term step: w element by element exactly the documented FMA sequence (the
   * same bits in every implementation), with and without the u term, and ||w||^2 of that w to
   * the rounding of a sum of n squares.
   */
  @ParameterizedTest(name = "n={0} offset={1}")
  @MethodSource("cases")
  void lanczosThreeTermIsItsFmaSequence(int n, long off) {
    SplittableRandom r = new SplittableRandom(13L * n + off);
    double[] w = TestVectors.random(r, n, 4);
    double[] z = TestVectors.random(r, n, 4);
    double[] u = TestVectors.random(r, n, 4);
    double sigma = 0.375 + r.nextDouble();
    double c1 = r.nextDouble() - 0.5;
    double c2 = 0.25 + r.nextDouble();
    for (boolean withU : new boolean[] {true, false}) {
      double[] expected = new double[n];
      for (int i = 0; i < n; i++) {
        double t = Math.fma(-c1, z[i], sigma * w[i]);
        expected[i] = withU ? Math.fma(-c2, u[i], t) : t;
      }
      double sq = TestVectors.exactDot(expected, expected).doubleValue();
      for (KernelSupport k : TestVectors.implementations()) {
        try (Arena arena = Arena.ofConfined()) {
          MemorySegment ws = TestVectors.segmentAt(arena, w, off);
          MemorySegment zs = TestVectors.segmentAt(arena, z, off + 3);
          MemorySegment us = TestVectors.segmentAt(arena, u, 1);
          double got = k.lanczosThreeTerm(ws, off, zs, off + 3, withU ? us : null, 1, sigma, c1,
              c2, n);
          String where = TestVectors.name(k) + (withU ? "" : " without u");
          assertArrayEquals(expected, TestVectors.read(ws, off, n), where + " w");
          assertEquals(sq, got, gamma(n) * sq, where + " ||w||^2");
        }
      }
    }
  }

  /**
   * The summation order of dot and nrm2 is fixed per n: the same values give bit-identical
   * results wherever they sit (any double offset, so any alignment modulo the vector width; an
   * exact-size segment whose last vector ends the segment; huge-page memory from OffHeap).
   * An alignment-dependent peel or a placement-dependent order would break this.
   */
  @Test
  void dotAndNrm2DependOnlyOnTheValuesNotOnWhereTheyLie() {
    for (int n : new int[] {3, 4, 15, 16, 17, 96, 1000, 1003, 4097}) {
      SplittableRandom r = new SplittableRandom(101L * n);
      double[] x = TestVectors.random(r, n, 20);
      double[] y = TestVectors.random(r, n, 20);
      for (KernelSupport k : TestVectors.implementations()) {
        try (Arena arena = Arena.ofConfined()) {
          MemorySegment xs = TestVectors.segment(arena, x);
          MemorySegment ys = TestVectors.segment(arena, y);
          double dot = k.dot(xs, 0, ys, 0, n);
          double norm = k.nrm2(xs, 0, n);
          MemorySegment xh = OffHeap.allocateDoubles(arena, n + 8L);
          MemorySegment yh = OffHeap.allocateDoubles(arena, n + 8L);
          for (long xo = 0; xo < 8; xo++) {
            long yo = (xo * 3) % 8;
            MemorySegment xa = TestVectors.segmentAt(arena, x, xo);
            MemorySegment ya = TestVectors.segmentAt(arena, y, yo);
            String where = TestVectors.name(k) + " n=" + n + " offsets " + xo + "/" + yo;
            assertEquals(dot, k.dot(xa, xo, ya, yo, n), where);
            assertEquals(norm, k.nrm2(xa, xo, n), where);
            MemorySegment.copy(x, 0, xh, java.lang.foreign.ValueLayout.JAVA_DOUBLE, xo * 8, n);
            MemorySegment.copy(y, 0, yh, java.lang.foreign.ValueLayout.JAVA_DOUBLE, yo * 8, n);
            assertEquals(dot, k.dot(xh, xo, yh, yo, n), where + " huge pages");
            assertEquals(norm, k.nrm2(xh, xo, n), where + " huge pages");
          }
        }
      }
    }
  }

  @Test
  void panamaIsUsedWhenTheModuleIsPresent() {
    Assumptions.assumeTrue(TestVectors.panamaAvailable(), "no jdk.incubator.vector");
    VectorizationProvider p = VectorizationProvider.panama().orElseThrow();
    assertEquals("panama", p.name());
    assertEquals(jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length(), p.laneCount());
    assertEquals(p.laneCount() * 64, p.vectorBits());
    assertEquals(p, VectorizationProvider.getInstance());
  }

  @Test
  void bigOffsetsBeyondIntRangeAreAddressedCorrectly() {
    // Offsets past 2^31 bytes: int byte arithmetic anywhere would overflow. The mapping is
    // untouched except for the last page, so it costs no memory.
    long n = (1L << 28) + 9; // 2 GiB + 72 bytes, more than Integer.MAX_VALUE bytes
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment x = OffHeap.allocateDoubles(arena, n);
      x.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, n - 1, 3.0);
      x.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, n - 9, 4.0);
      for (KernelSupport k : TestVectors.implementations()) {
        assertEquals(5.0, k.nrm2(x, n - 16, 16), TestVectors.name(k));
        assertEquals(25.0, k.dot(x, n - 100, x, n - 100, 100), TestVectors.name(k));
        k.axpy(2, x, n - 9, x, n - 20, 9);
        assertEquals(6.0, x.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, n - 12));
        assertEquals(8.0, x.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, n - 20));
        k.fill(0.0, x, n - 20, 9); // undo for the next implementation
      }
    }
  }
}
