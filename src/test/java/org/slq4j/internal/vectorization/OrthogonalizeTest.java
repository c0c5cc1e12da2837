package org.slq4j.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Blocked Gram-Schmidt against a second algorithm (modified Gram-Schmidt applied twice in plain
 * double arithmetic) and against the defining properties: the output is orthogonal to every
 * basis vector, and w_in = w_out + V h.
 */
class OrthogonalizeTest {

  /** Shapes around the block of 8 basis vectors, the vector width and the row tiles. */
  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(1, 1), Arguments.of(1, 9), Arguments.of(2, 7), Arguments.of(3, 64),
        Arguments.of(7, 65), Arguments.of(8, 63), Arguments.of(9, 200), Arguments.of(16, 257),
        Arguments.of(17, 1000), Arguments.of(24, 2049), Arguments.of(13, 4099),
        Arguments.of(80, 1201), Arguments.of(41, 6151), Arguments.of(300, 2053));
  }

  /** Reference: MGS twice, returning total coefficients. */
  private static double[] mgs2(double[] v, int k, int n, double[] w) {
    double[] h = new double[k];
    for (int pass = 0; pass < 2; pass++) {
      for (int j = 0; j < k; j++) {
        double d = 0;
        for (int t = 0; t < n; t++) {
          d += v[j * n + t] * w[t];
        }
        for (int t = 0; t < n; t++) {
          w[t] -= d * v[j * n + t];
        }
        h[j] += d;
      }
    }
    return h;
  }

  private static void check(KernelSupport impl, int k, int n, double[] v, double[] w0, long off,
      int expectedPasses, boolean allowFuse) {
    double[] wRef = w0.clone();
    double[] hRef = mgs2(v, k, n, wRef);
    double normW0 = TestVectors.exactNorm(w0);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment vs = TestVectors.segmentAt(arena, v, off);
      MemorySegment ws = TestVectors.segmentAt(arena, w0, 2);
      double[] h = new double[k + 1];
      h[k] = 42; // beyond k: must stay untouched
      int passes = impl instanceof PanamaKernelSupport p && !allowFuse
          ? p.orthogonalize(vs, off, k, n, ws, 2, h, false)
          : impl.orthogonalize(vs, off, k, n, ws, 2, h);
      double[] w = TestVectors.read(ws, 2, n);
      String what = impl.name() + " k=" + k + " n=" + n;
      if (expectedPasses > 0) {
        assertEquals(expectedPasses, passes, what + " passes");
      }
      assertEquals(42, h[k], what + " h[k] untouched");
      double orth = TestVectors.orthogonality(v, k, n, w);
      assertTrue(orth <= 1e-14, what + " max|V^T w|/||w|| = " + orth);
      double tol = 1e-13 * normW0;
      for (int j = 0; j < k; j++) {
        assertEquals(hRef[j], h[j], tol, what + " h[" + j + "] vs MGS2");
      }
      double normRef = TestVectors.exactNorm(wRef);
      for (int t = 0; t < n; t++) {
        assertEquals(wRef[t], w[t], 1e-13 * normW0 + 1e-12 * normRef, what + " w[" + t + "]");
        // w_in = w_out + V h
        double back = w[t];
        for (int j = 0; j < k; j++) {
          back += v[j * n + t] * h[j];
        }
        assertEquals(w0[t], back, 1e-13 * normW0, what + " reconstruction at " + t);
      }
    }
  }

  @ParameterizedTest(name = "k={0} n={1}")
  @MethodSource("shapes")
  void randomVectorNeedsOnePass(int k, int n) {
    Assumptions.assumeTrue(k < n / 2, "w must keep most of its norm");
    SplittableRandom r = new SplittableRandom(1000L * k + n);
    double[] v = TestVectors.orthonormalBasis(r, k, n);
    double[] w = TestVectors.random(r, n, 0);
    for (KernelSupport impl : TestVectors.implementations()) {
      check(impl, k, n, v, w, 3, 1, true);
    }
  }

  @ParameterizedTest(name = "k={0} n={1}")
  @MethodSource("shapes")
  void mostlyInTheSpanNeedsTwoPasses(int k, int n) {
    Assumptions.assumeTrue(k < n, "a component outside the span must exist");
    SplittableRandom r = new SplittableRandom(77L * k + n);
    double[] v = TestVectors.orthonormalBasis(r, k, n);
    double[] w = TestVectors.random(r, n, 0);
    for (int t = 0; t < n; t++) {
      w[t] *= 1e-6;
    }
    for (int j = 0; j < k; j++) {
      double c = 1 + r.nextDouble();
      for (int t = 0; t < n; t++) {
        w[t] += c * v[j * n + t];
      }
    }
    for (KernelSupport impl : TestVectors.implementations()) {
      check(impl, k, n, v, w, 0, 2, true);
    }
    if (TestVectors.panamaAvailable()) {
      // The path where the prediction did not fuse: project and update once more.
      check(TestVectors.panama(), k, n, v, w, 0, 2, false);
    }
  }

  @Test
  void lanczosLikeCallWithAlphaComponentGivesTheCorrection() {
    // w = A v_k - beta v_{k-1} still holds alpha v_k: h[k-1] returns alpha.
    int k = 12;
    int n = 3001;
    SplittableRandom r = new SplittableRandom(5);
    double[] v = TestVectors.orthonormalBasis(r, k, n);
    double[] w = TestVectors.random(r, n, 0);
    double alpha = 3.25;
    for (int t = 0; t < n; t++) {
      w[t] = 1e-3 * w[t] + alpha * v[(k - 1) * n + t];
    }
    for (KernelSupport impl : TestVectors.implementations()) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment vs = TestVectors.segment(arena, v);
        MemorySegment ws = TestVectors.segment(arena, w);
        double[] h = new double[k];
        impl.orthogonalize(vs, 0, k, n, ws, 0, h);
        assertEquals(alpha, h[k - 1], 1e-2, impl.name());
        double[] vk = java.util.Arrays.copyOfRange(v, (k - 1) * n, k * n);
        assertEquals(TestVectors.exactDot(vk, w).doubleValue(), h[k - 1], 1e-14 * alpha);
      }
    }
  }

  @Test
  void zeroKOrZeroNOrZeroWChangeNothing() {
    for (KernelSupport impl : TestVectors.implementations()) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment vs = TestVectors.segment(arena, new double[] {1, 0, 0, 0, 1, 0});
        MemorySegment ws = TestVectors.segment(arena, new double[] {0, 0, 0});
        double[] h = {9, 9, 9};
        assertEquals(1, impl.orthogonalize(vs, 0, 0, 3, ws, 0, h), impl.name());
        assertEquals(9, h[0]);
        assertEquals(1, impl.orthogonalize(vs, 0, 2, 3, ws, 0, h), impl.name() + " w = 0");
        assertEquals(0, h[0]);
        assertEquals(0, h[1]);
        assertEquals(1, impl.orthogonalize(vs, 0, 2, 0, ws, 0, h), impl.name() + " n = 0");
      }
    }
  }

  @Test
  void nanInWPropagates() {
    int k = 9;
    int n = 100;
    double[] v = TestVectors.orthonormalBasis(new SplittableRandom(3), k, n);
    double[] w = TestVectors.random(new SplittableRandom(4), n, 0);
    w[37] = Double.NaN;
    for (KernelSupport impl : TestVectors.implementations()) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment ws = TestVectors.segment(arena, w);
        double[] h = new double[k];
        impl.orthogonalize(TestVectors.segment(arena, v), 0, k, n, ws, 0, h);
        for (double c : h) {
          assertTrue(Double.isNaN(c), impl.name());
        }
        assertTrue(Double.isNaN(TestVectors.read(ws, 0, n)[0]), impl.name());
      }
    }
  }

  @Test
  void hugeAndTinyVectorsStayOrthogonal() {
    int k = 10;
    int n = 517;
    double[] v = TestVectors.orthonormalBasis(new SplittableRandom(8), k, n);
    for (int e : new int[] {-1000, -600, 600, 1000}) {
      double[] w = TestVectors.random(new SplittableRandom(e + 5000), n, 0);
      for (int t = 0; t < n; t++) {
        w[t] = Math.scalb(w[t], e);
      }
      for (KernelSupport impl : TestVectors.implementations()) {
        check(impl, k, n, v, w, 0, 1, true);
      }
    }
  }

  /**
   * Every kernel shape (1, 2, 4 basis vectors per load of w; k = 7 leaves remainders for both
   * groupings) and tile height, over n spanning several tiles plus a scalar tail: the projection
   * agrees with a doubled-precision dot, ||w||^2 with the exact value, and the updated w is
   * bit-identical to the sequential FMA loop w_t = fma(-c_j, v_jt, w_t), j = 0..k-1.
   */
  @Test
  void everyShapeAndTileProjectsAndUpdatesExactlyEnough() {
    Assumptions.assumeTrue(TestVectors.panamaAvailable(), "Panama kernels need the module");
    TestVectors.panama(); // adds the module read edge before the class links
    int k = 7;
    int n = 40_003;
    SplittableRandom r = new SplittableRandom(11);
    double[] v = TestVectors.random(r, k * n, 3);
    double[] w = TestVectors.random(r, n, 3);
    double[] c = new double[k];
    for (int j = 0; j < k; j++) {
      c[j] = r.nextDouble() - 0.5;
    }
    double[] wRef = w.clone();
    for (int t = 0; t < n; t++) {
      for (int j = 0; j < k; j++) {
        wRef[t] = Math.fma(-c[j], v[j * n + t], wRef[t]);
      }
    }
    double wsq = TestVectors.exactNorm(w);
    wsq *= wsq;
    double wRefSq = TestVectors.exactNorm(wRef);
    wRefSq *= wRefSq;
    int[] shapes = {PanamaKernelSupport.SHAPE_1X2, PanamaKernelSupport.SHAPE_2X2,
        PanamaKernelSupport.SHAPE_4X2};
    for (int shape : shapes) {
      for (long tile : new long[] {8, 136, 2048, 16_384, 65_536}) {
        String what = "shape " + shape + " tile " + tile;
        try (Arena arena = Arena.ofConfined()) {
          MemorySegment vs = TestVectors.segmentAt(arena, v, 5);
          MemorySegment ws = TestVectors.segmentAt(arena, w, 3);
          double[] h = new double[k];
          double sq = PanamaKernelSupport.projectSweep(vs, 5, k, n, ws, 3, h, tile, shape);
          assertEquals(wsq, sq, 1e-13 * wsq, what + " ||w||^2");
          for (int j = 0; j < k; j++) {
            double[] vj = java.util.Arrays.copyOfRange(v, j * n, (j + 1) * n);
            double bound = (n + 2) * TestVectors.EPS * TestVectors.sumAbsProducts(vj, w);
            assertEquals(TestVectors.dot2(v, j * n, w, n), h[j], bound, what + " c[" + j + "]");
          }
          double sq1 =
              PanamaKernelSupport.updateSweep(vs, 5, k, n, ws, 3, c, null, tile, shape);
          assertEquals(wRefSq, sq1, 1e-13 * wRefSq, what + " ||w - Vc||^2");
          double[] out = TestVectors.read(ws, 3, n);
          for (int t = 0; t < n; t++) {
            assertEquals(wRef[t], out[t], 0.0, what + " w[" + t + "]");
          }
          assertEquals(12345.0, ws.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, n + 3),
              what + " no write past w");
        }
      }
    }
  }
}
