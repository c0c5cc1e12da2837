package org.slq4j.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused Lanczos sweep against its definition evaluated independently: w by the same FMA
 * sequence per element written as plain loops (the kernels must give these bits exactly), the
 * projections and ||w||^2 by exact BigDecimal sums over that w. Both implementations, shapes
 * around the group of 4 stored vectors, the vector width and the row tiles.
 */
class LanczosSweepTest {

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(1, 1), Arguments.of(1, 9), Arguments.of(2, 7), Arguments.of(3, 64),
        Arguments.of(4, 65), Arguments.of(5, 63), Arguments.of(8, 200), Arguments.of(9, 1023),
        Arguments.of(13, 1025), Arguments.of(17, 2051), Arguments.of(80, 1201),
        Arguments.of(41, 4099));
  }

  /** The definition, row by row, in the documented order. */
  private static double[] expectedW(double[] z, int k, int n, double[] y, double sigma,
      double a1, double a2, double[] known) {
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

  private static double exactDot(double[] z, int j, int n, double[] w) {
    BigDecimal s = BigDecimal.ZERO;
    for (int i = 0; i < n; i++) {
      s = s.add(new BigDecimal(z[j * n + i]).multiply(new BigDecimal(w[i])));
    }
    return s.round(MathContext.DECIMAL64).doubleValue();
  }

  @ParameterizedTest(name = "k={0} n={1}")
  @MethodSource("shapes")
  void sweepMatchesItsDefinition(int k, int n) {
    SplittableRandom r = new SplittableRandom(31L * k + n);
    double[] z = TestVectors.random(r, k * n, 2);
    double[] y = TestVectors.random(r, n, 2);
    double sigma = 0.75;
    double a1 = 1.3;
    double a2 = -0.4;
    double[] known = new double[k + 1];
    for (int j = 0; j < k; j++) {
      known[j] = 1e-3 * (r.nextDouble() - 0.5);
    }
    known[k] = 99; // beyond k: must not be used
    double[] w = expectedW(z, k, n, y, sigma, a1, a2, known);
    for (KernelSupport impl : TestVectors.implementations()) {
      for (long offset : new long[] {0, 3}) {
        try (Arena arena = Arena.ofConfined()) {
          double[] all = new double[(k + 1) * n];
          System.arraycopy(z, 0, all, 0, k * n);
          System.arraycopy(y, 0, all, k * n, n);
          MemorySegment basis = TestVectors.segmentAt(arena, all, offset);
          double[] p = new double[k + 1];
          p[k] = 42;
          double wsq = impl.lanczosSweep(basis, offset, k, n, sigma, a1, a2, known, p);
          String where = TestVectors.name(impl) + " k=" + k + " n=" + n + " offset=" + offset;
          assertArrayEquals(w, TestVectors.read(basis, offset + (long) k * n, n), where);
          assertArrayEquals(z, TestVectors.read(basis, offset, k * n), where + ": z untouched");
          assertEquals(42, p[k], where + ": p beyond k");
          double normW = 0;
          for (double x : w) {
            normW = Math.max(normW, Math.abs(x));
          }
          for (int j = 0; j < k; j++) {
            double normZ = 0;
            for (int i = 0; i < n; i++) {
              normZ = Math.max(normZ, Math.abs(z[j * n + i]));
            }
            // Exact dot of the final w, up to rounding (n terms) plus the documented
            // early-projection term sum_l known_l (z_j . z_l), bounded by |known| * n * |z|^2.
            double early = 0;
            for (int l = 0; l < k; l++) {
              early += Math.abs(known[l]) * n * normZ * normZ;
            }
            double tol = (n + 4) * TestVectors.EPS * n * normZ * normW + early;
            assertEquals(exactDot(z, j, n, w), p[j], tol, where + " p[" + j + "]");
          }
          BigDecimal exactSq = BigDecimal.ZERO;
          for (double x : w) {
            exactSq = exactSq.add(new BigDecimal(x).multiply(new BigDecimal(x)));
          }
          double sq = exactSq.doubleValue();
          assertEquals(sq, wsq, (n + 2) * TestVectors.EPS * sq, where + " ||w||^2");
        }
      }
    }
  }

  /**
   * On an orthonormal set the early projection is harmless: with Z orthonormal, w = y - Z known
   * has Z^T w = Z^T y - known exactly in exact arithmetic, and both kernels get it to rounding.
   */
  @Test
  void orthonormalStoredVectorsGiveExactProjections() {
    int k = 23;
    int n = 3001;
    SplittableRandom r = new SplittableRandom(5);
    double[] z = TestVectors.random(r, k * n, 0);
    // Orthonormalize z by modified Gram-Schmidt twice.
    for (int pass = 0; pass < 2; pass++) {
      for (int j = 0; j < k; j++) {
        for (int l = 0; l < j; l++) {
          double d = 0;
          for (int i = 0; i < n; i++) {
            d += z[l * n + i] * z[j * n + i];
          }
          for (int i = 0; i < n; i++) {
            z[j * n + i] -= d * z[l * n + i];
          }
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += z[j * n + i] * z[j * n + i];
        }
        s = Math.sqrt(s);
        for (int i = 0; i < n; i++) {
          z[j * n + i] /= s;
        }
      }
    }
    double[] y = TestVectors.random(r, n, 0);
    double[] zy = new double[k];
    for (int j = 0; j < k; j++) {
      for (int i = 0; i < n; i++) {
        zy[j] += z[j * n + i] * y[i];
      }
    }
    double[] known = new double[k];
    for (int j = 0; j < k; j++) {
      known[j] = 0.5 * zy[j] + (j == k - 1 || j == k - 2 ? 0 : 0.25 * zy[j]);
    }
    for (KernelSupport impl : TestVectors.implementations()) {
      try (Arena arena = Arena.ofConfined()) {
        double[] all = new double[(k + 1) * n];
        System.arraycopy(z, 0, all, 0, k * n);
        System.arraycopy(y, 0, all, k * n, n);
        MemorySegment basis = TestVectors.segment(arena, all);
        double[] p = new double[k];
        impl.lanczosSweep(basis, 0, k, n, 1.0, 0.125, 0.0625, known, p);
        for (int j = 0; j < k; j++) {
          double expected = zy[j] - known[j] - (j == k - 1 ? 0.125 : j == k - 2 ? 0.0625 : 0);
          assertEquals(expected, p[j], 1e-13, TestVectors.name(impl) + " p[" + j + "]");
        }
      }
    }
  }

  /**
   * A row range of a strided basis (what a run's row chunk is) gives bit for bit what the whole
   * sweep gives on those rows stored compactly: w, the projections and the sum of squares.
   */
  @Test
  void rowsOfAStridedBasisAreTheSweepOfThoseRows() {
    int k = 9;
    int stride = 5003;
    SplittableRandom r = new SplittableRandom(77);
    double[] all = TestVectors.random(r, (k + 1) * stride, 2);
    double[] known = new double[k];
    for (int j = 0; j < k; j++) {
      known[j] = 1e-3 * (r.nextDouble() - 0.5);
    }
    for (KernelSupport impl : TestVectors.implementations()) {
      for (long[] range : new long[][] {{0, 4096}, {4096, 907}, {1000, 3}, {0, stride}}) {
        long r0 = range[0];
        int rows = (int) range[1];
        double[] compact = new double[(k + 1) * rows];
        for (int i = 0; i <= k; i++) {
          System.arraycopy(all, (int) (i * stride + r0), compact, i * rows, rows);
        }
        try (Arena arena = Arena.ofConfined()) {
          MemorySegment whole = TestVectors.segment(arena, all);
          MemorySegment part = TestVectors.segment(arena, compact);
          double[] pRows = new double[k];
          double[] pPart = new double[k];
          double sqRows = impl.lanczosSweepRows(whole, r0, stride, k, rows, 0.9, 1.1, -0.3,
              known, pRows);
          double sqPart = impl.lanczosSweep(part, 0, k, rows, 0.9, 1.1, -0.3, known, pPart);
          String where = TestVectors.name(impl) + " rows " + r0 + " + " + rows;
          assertEquals(sqPart, sqRows, where);
          assertArrayEquals(pPart, pRows, where);
          assertArrayEquals(TestVectors.read(part, (long) k * rows, rows),
              TestVectors.read(whole, k * (long) stride + r0, rows), where + " w");
          double[] outside = TestVectors.read(whole, (long) k * stride, stride);
          for (int i = 0; i < stride; i++) {
            if (i < r0 || i >= r0 + rows) {
              assertEquals(all[k * stride + i], outside[i], where + " row " + i + " untouched");
            }
          }
        }
      }
    }
  }

  @Test
  void nanInYPropagatesToTheNorm() {
    for (KernelSupport impl : TestVectors.implementations()) {
      try (Arena arena = Arena.ofConfined()) {
        double[] all = new double[3 * 17];
        java.util.Arrays.fill(all, 0.5);
        all[2 * 17 + 5] = Double.NaN;
        MemorySegment basis = TestVectors.segment(arena, all);
        double wsq = impl.lanczosSweep(basis, 0, 2, 17, 1, 1, 1, new double[2], new double[2]);
        assertTrue(Double.isNaN(wsq), TestVectors.name(impl));
      }
    }
  }
}
