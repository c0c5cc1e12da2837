package org.slq4j.internal.vectorization;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slq4j.internal.vectorization.TestVectors.EPS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float-basis kernels, scalar and Panama side by side over awkward sizes and offsets,
 * against their definitions evaluated independently: the new vector, its stored floats and x
 * by the documented FMA sequence per element in plain loops (the kernels must give these bits),
 * projections, dot products and sums of squares against exact BigDecimal sums of the widened
 * floats.
 */
class FloatBasisKernelsTest {

  /** 1, around the vector widths and unroll factors, primes, 2^k +- 1, beyond one row tile. */
  static final int[] SIZES = {0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127,
      257, 1023, 1024, 1025, 2053, 4097};

  static List<FloatBasisSupport> implementations() {
    List<FloatBasisSupport> all = new ArrayList<>();
    all.add(VectorizationProvider.scalar().floatBasisSupport());
    VectorizationProvider.panama().ifPresent(p -> all.add(p.floatBasisSupport()));
    return all;
  }

  /** Floats: uniform in [-1, 1) times 2^e, e in [-spread, spread], rounded to float. */
  static float[] randomFloats(SplittableRandom r, int n, int spread) {
    float[] z = new float[n];
    for (int i = 0; i < n; i++) {
      z[i] = (float) Math.scalb(2 * r.nextDouble() - 1, r.nextInt(-spread, spread + 1));
    }
    return z;
  }

  /** {@code values} at float offset {@code offset}, poison around them. */
  static MemorySegment floatsAt(Arena arena, float[] values, long offset) {
    MemorySegment s = arena.allocate(JAVA_FLOAT, offset + values.length + 3);
    for (long i = 0; i < s.byteSize() / 4; i++) {
      s.setAtIndex(JAVA_FLOAT, i, 777f);
    }
    MemorySegment.copy(values, 0, s, JAVA_FLOAT, offset * 4, values.length);
    return s;
  }

  static float[] readFloats(MemorySegment s, long offset, int n) {
    float[] out = new float[n];
    MemorySegment.copy(s, JAVA_FLOAT, offset * 4, out, 0, n);
    return out;
  }

  static double exactDot(float[] z, int zo, double[] x, int n) {
    BigDecimal s = BigDecimal.ZERO;
    for (int i = 0; i < n; i++) {
      s = s.add(new BigDecimal(z[zo + i]).multiply(new BigDecimal(x[i])));
    }
    return s.doubleValue();
  }

  static Stream<Arguments> sizesAndOffsets() {
    return Stream.of(0L, 3L).flatMap(off -> java.util.Arrays.stream(SIZES)
        .mapToObj(n -> Arguments.of(n, off)));
  }

  @ParameterizedTest(name = "n={0} offset={1}")
  @MethodSource("sizesAndOffsets")
  void dotAxpyAndNarrowMatchTheirDefinitions(int n, long off) {
    SplittableRandom r = new SplittableRandom(17L * n + off);
    float[] z = randomFloats(r, n, 10);
    double[] x = TestVectors.random(r, n, 10);
    double exact = exactDot(z, 0, x, n);
    double sumAbs = 0;
    for (int i = 0; i < n; i++) {
      sumAbs += Math.abs(z[i] * x[i]);
    }
    double[] axpy = new double[n];
    for (int i = 0; i < n; i++) {
      axpy[i] = Math.fma(-0.375, z[i], x[i]);
    }
    double scale = 0x1p-3;
    float[] narrowed = new float[n];
    double[] widened = new double[n];
    BigDecimal sq = BigDecimal.ZERO;
    for (int i = 0; i < n; i++) {
      narrowed[i] = (float) (scale * x[i]);
      widened[i] = narrowed[i];
      sq = sq.add(new BigDecimal(widened[i]).pow(2));
    }
    for (FloatBasisSupport impl : implementations()) {
      String where = TestVectors.name(impl) + " n=" + n + " offset=" + off;
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment zs = floatsAt(arena, z, off);
        MemorySegment xs = TestVectors.segmentAt(arena, x, off + 1);
        double dot = impl.dot(zs, off, xs, off + 1, n);
        assertEquals(exact, dot, (n + 2) * EPS * sumAbs, where + " dot");
        impl.axpy(-0.375, zs, off, xs, off + 1, n);
        assertArrayEquals(axpy, TestVectors.read(xs, off + 1, n), where + " axpy");
        assertEquals(12345.0, xs.getAtIndex(JAVA_DOUBLE, off + 1 + n), where + " after y");
        MemorySegment.copy(x, 0, xs, JAVA_DOUBLE, (off + 1) * 8, n);
        MemorySegment out = floatsAt(arena, new float[n], off);
        double s = impl.narrow(scale, xs, off + 1, out, off, n);
        assertArrayEquals(narrowed, readFloats(out, off, n), where + " narrow: stored");
        assertArrayEquals(widened, TestVectors.read(xs, off + 1, n), where + " narrow: x");
        assertEquals(777f, out.getAtIndex(JAVA_FLOAT, off + n), where + " after z");
        assertEquals(sq.doubleValue(), s, (n + 2) * EPS * sq.doubleValue(), where + " sum");
      }
    }
  }

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(1, 1), Arguments.of(1, 9), Arguments.of(2, 7), Arguments.of(3, 64),
        Arguments.of(4, 65), Arguments.of(5, 63), Arguments.of(8, 200), Arguments.of(9, 1023),
        Arguments.of(13, 1025), Arguments.of(17, 2051), Arguments.of(80, 1201),
        Arguments.of(41, 4099));
  }

  /** w by the definition, row by row, in double from the widened floats. */
  static double[] expectedW(float[] z, int k, int n, double[] y, double sigma, double a1,
      double a2, double[] known) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      double t = Math.fma(-a1, z[(k - 1) * n + i], sigma * y[i]);
      if (k >= 2) {
        t = Math.fma(-a2, z[(k - 2) * n + i], t);
      }
      for (int j = 0; j < k; j++) {
        t = Math.fma(-known[j], z[j * n + i], t);
      }
      w[i] = t;
    }
    return w;
  }

  @ParameterizedTest(name = "k={0} n={1}")
  @MethodSource("shapes")
  void sweepMatchesItsDefinition(int k, int n) {
    SplittableRandom r = new SplittableRandom(31L * k + n);
    float[] z = randomFloats(r, k * n, 2);
    double[] y = TestVectors.random(r, n, 2);
    double sigma = 0.75;
    double a1 = 1.3;
    double a2 = -0.4;
    double scale = 0x1p5;
    double[] known = new double[k + 1];
    for (int j = 0; j < k; j++) {
      known[j] = 1e-3 * (r.nextDouble() - 0.5);
    }
    known[k] = 99; // beyond k: must not be used
    double[] w = expectedW(z, k, n, y, sigma, a1, a2, known);
    float[] stored = new float[n];
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      stored[i] = (float) (scale * w[i]);
      x[i] = stored[i];
    }
    for (FloatBasisSupport impl : implementations()) {
      for (long off : new long[] {0, 3}) {
        try (Arena arena = Arena.ofConfined()) {
          float[] all = new float[(k + 1) * n];
          System.arraycopy(z, 0, all, 0, k * n);
          MemorySegment basis = floatsAt(arena, all, off);
          MemorySegment ys = TestVectors.segmentAt(arena, y, off + 1);
          MemorySegment xs = TestVectors.segmentAt(arena, new double[n], off + 2);
          double[] p = new double[k + 1];
          p[k] = 42;
          double wsq = impl.lanczosSweepRows(basis, off, n, k, n, ys, off + 1, xs, off + 2,
              sigma, a1, a2, known, scale, p);
          String where = TestVectors.name(impl) + " k=" + k + " n=" + n + " offset=" + off;
          assertArrayEquals(stored, readFloats(basis, off + (long) k * n, n), where + " z_k");
          assertArrayEquals(x, TestVectors.read(xs, off + 2, n), where + " x");
          assertArrayEquals(z, readFloats(basis, off, k * n), where + ": z untouched");
          assertArrayEquals(y, TestVectors.read(ys, off + 1, n), where + ": y untouched");
          assertEquals(777f, basis.getAtIndex(JAVA_FLOAT, off + (long) (k + 1) * n), where);
          assertEquals(42, p[k], where + ": p beyond k");
          double normW = 0;
          for (double v : w) {
            normW = Math.max(normW, Math.abs(v));
          }
          for (int j = 0; j < k; j++) {
            double normZ = 0;
            for (int i = 0; i < n; i++) {
              normZ = Math.max(normZ, Math.abs(z[j * n + i]));
            }
            // As for the double sweep: rounding of n terms, plus the documented early
            // projection term sum_l known_l (z_j . z_l).
            double early = 0;
            for (int l = 0; l < k; l++) {
              early += Math.abs(known[l]) * n * normZ * normZ;
            }
            double tol = (n + 4) * EPS * n * normZ * normW + early;
            assertEquals(exactDot(z, j * n, w, n), p[j], tol, where + " p[" + j + "]");
          }
          BigDecimal exactSq = BigDecimal.ZERO;
          for (double v : w) {
            exactSq = exactSq.add(new BigDecimal(v).pow(2));
          }
          double sq = exactSq.doubleValue();
          assertEquals(sq, wsq, (n + 2) * EPS * sq, where + " ||w||^2");
        }
      }
    }
  }

  /**
   * Row chunks of a strided basis give, on each chunk's rows, the bits of the whole sweep for
   * the new vector and x; their projections and sums of squares add up to the whole ones. And
   * x may be y: the sweep in place gives the same bits.
   */
  @Test
  void rowChunksAndInPlaceGiveTheBitsOfTheWholeSweep() {
    int k = 7;
    int n = 3001;
    long[] cuts = {0, 1024, 1031, 2048, n};
    SplittableRandom r = new SplittableRandom(9);
    float[] z = randomFloats(r, k * n, 1);
    double[] y = TestVectors.random(r, n, 1);
    double[] known = {1e-4, -2e-4, 3e-5, 0, 5e-4, -1e-5, 2e-6};
    for (FloatBasisSupport impl : implementations()) {
      String where = TestVectors.name(impl);
      try (Arena arena = Arena.ofConfined()) {
        float[] all = new float[(k + 1) * n];
        System.arraycopy(z, 0, all, 0, k * n);
        MemorySegment whole = floatsAt(arena, all, 0);
        MemorySegment ys = TestVectors.segment(arena, y);
        MemorySegment xs = TestVectors.segment(arena, new double[n]);
        double[] p = new double[k];
        double wsq = impl.lanczosSweepRows(whole, 0, n, k, n, ys, 0, xs, 0, 0.5, 0.7, 0.2,
            known, 0.25, p);

        MemorySegment chunked = floatsAt(arena, all, 0);
        MemorySegment xc = TestVectors.segment(arena, new double[n]);
        double[] pc = new double[k];
        double wsqc = 0;
        for (int c = 0; c + 1 < cuts.length; c++) {
          double[] part = new double[k];
          long r0 = cuts[c];
          wsqc += impl.lanczosSweepRows(chunked, r0, n, k, cuts[c + 1] - r0, ys, r0, xc, r0,
              0.5, 0.7, 0.2, known, 0.25, part);
          for (int j = 0; j < k; j++) {
            pc[j] += part[j];
          }
        }
        assertArrayEquals(readFloats(whole, (long) k * n, n),
            readFloats(chunked, (long) k * n, n), where + " chunks: z_k");
        assertArrayEquals(TestVectors.read(xs, 0, n), TestVectors.read(xc, 0, n), where);
        assertArrayEquals(p, pc, 1e-12, where + " chunks: p");
        assertEquals(wsq, wsqc, 1e-12 * wsq, where + " chunks: ||w||^2");

        MemorySegment inPlace = floatsAt(arena, all, 0);
        MemorySegment yx = TestVectors.segment(arena, y);
        double[] pp = new double[k];
        double wsqp = impl.lanczosSweepRows(inPlace, 0, n, k, n, yx, 0, yx, 0, 0.5, 0.7, 0.2,
            known, 0.25, pp);
        assertArrayEquals(TestVectors.read(xs, 0, n), TestVectors.read(yx, 0, n), where);
        assertArrayEquals(p, pp, where + " in place: p");
        assertEquals(wsq, wsqp, where + " in place: ||w||^2");
      }
    }
  }

  /** NaN in y reaches the sum of squares (the caller's check), not a silent zero. */
  @Test
  void nanInYPropagatesToTheNorm() {
    for (FloatBasisSupport impl : implementations()) {
      try (Arena arena = Arena.ofConfined()) {
        float[] all = new float[3 * 17];
        java.util.Arrays.fill(all, 0.5f);
        double[] y = new double[17];
        y[5] = Double.NaN;
        double wsq = impl.lanczosSweepRows(floatsAt(arena, all, 0), 0, 17, 2, 17,
            TestVectors.segment(arena, y), 0, TestVectors.segment(arena, new double[17]), 0,
            1, 1, 1, new double[2], 1, new double[2]);
        assertTrue(Double.isNaN(wsq), TestVectors.name(impl));
      }
    }
  }

  /** The facade names the bad argument; sizes count floats in float segments. */
  @Test
  void facadeChecksArguments() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment floats = arena.allocate(JAVA_FLOAT, 30);
      MemorySegment doubles = arena.allocate(JAVA_DOUBLE, 10);
      double[] p = new double[3];
      assertEquals(0.0, FloatBasisKernels.dot(floats, 20, doubles, 0, 10));
      assertThrows(IllegalArgumentException.class,
          () -> FloatBasisKernels.dot(floats, 21, doubles, 0, 10));
      assertThrows(IllegalArgumentException.class,
          () -> FloatBasisKernels.narrow(1, doubles, 1, floats, 0, 10));
      // k = 2, n = 10: 3 slots of 10 floats fit exactly; at offset 1 they do not.
      FloatBasisKernels.lanczosSweep(floats, 0, 2, 10, doubles, 0, doubles, 0, 1, 0, 0, p, 1, p);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> FloatBasisKernels.lanczosSweep(floats, 1, 2, 10, doubles, 0, doubles, 0, 1, 0, 0,
              p, 1, p));
      assertTrue(e.getMessage().startsWith("basis holds 30 floats"), e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> FloatBasisKernels.lanczosSweepRows(floats, 0, 9, 2, 10, doubles, 0, doubles, 0,
              1, 0, 0, p, 1, p));
      assertThrows(IllegalArgumentException.class,
          () -> FloatBasisKernels.lanczosSweep(floats, 0, 2, 10, doubles, 1, doubles, 0, 1, 0,
              0, p, 1, p));
      assertThrows(IllegalArgumentException.class,
          () -> FloatBasisKernels.lanczosSweep(floats, 0, 4, 6, doubles, 0, doubles, 0, 1, 0,
              0, p, 1, p));
    }
  }
}
