package org.slq4j.operators;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.slq4j.operators.OperatorTestSupport.randomSymmetric;
import static org.slq4j.operators.OperatorTestSupport.randomVector;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slq4j.internal.vectorization.MatvecSupport;
import org.slq4j.internal.vectorization.VectorizationProvider;

/**
 * The matvec kernel families side by side in one JVM (scalar always, Panama when the incubator
 * module is present), whichever one the operators run: the dense kernel against the exact
 * product, the diagonal and CSR block kernels bit for bit against the scalar family.
 */
class MatvecSupportTest {

  private static List<VectorizationProvider> providers() {
    List<VectorizationProvider> all = new ArrayList<>();
    all.add(VectorizationProvider.scalar());
    VectorizationProvider.panama().ifPresent(all::add);
    return all;
  }

  private static MemorySegment segment(Arena arena, double[] v) {
    MemorySegment s = arena.allocate(Math.max(1, v.length) * 8L, 64);
    MemorySegment.copy(v, 0, s, JAVA_DOUBLE, 0, v.length);
    return s;
  }

  private static double[] read(MemorySegment s, int n) {
    double[] out = new double[n];
    MemorySegment.copy(s, JAVA_DOUBLE, 0, out, 0, n);
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 4, 5, 8, 9, 12, 13, 16, 17, 23, 40, 67, 130})
  void denseAndDiagonalMatchTheReference(int n) {
    Random rnd = new Random(100 + n);
    double[][] a = randomSymmetric(n, rnd);
    double[] x = randomVector(n, rnd);
    double[] want = OperatorTestSupport.reference(a, x);
    double[] tol = OperatorTestSupport.bound(a, x);
    for (VectorizationProvider p : providers()) {
      MatvecSupport k = p.matvecSupport();
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment m = arena.allocate((long) n * n * 8, 64);
        for (int i = 0; i < n; i++) {
          MemorySegment.copy(a[i], 0, m, JAVA_DOUBLE, (long) i * n * 8, n);
        }
        MemorySegment xs = segment(arena, x);
        MemorySegment y = arena.allocate(n * 8L, 64);
        y.fill((byte) 0x55);
        k.denseSymmetric(m, n, xs, y);
        for (int i = 0; i < n; i++) {
          assertEquals(want[i], y.getAtIndex(JAVA_DOUBLE, i), tol[i], p.name() + " y[" + i + "]");
        }
        k.diagonal(segment(arena, a[0]), xs, y, n);
        for (int i = 0; i < n; i++) {
          assertEquals(a[0][i] * x[i], y.getAtIndex(JAVA_DOUBLE, i), 0.0, p.name());
        }
      }
    }
  }

  /**
   * Chunks of random entries in column order over an x of 300 rows of count doubles, the last
   * columns included (where whole-quad loads would run past x), for every group size g from a
   * lane offset l0: each family's y lanes [0, g) equal the scalar ones bit for bit.
   */
  @Test
  void csrBlockChunkIsBitIdenticalAcrossFamilies() {
    Random rnd = new Random(3);
    int rows = 37;
    int cols = 300;
    for (int count = 1; count <= 17; count++) {
      double[] xv = new double[cols * count];
      for (int i = 0; i < xv.length; i++) {
        xv[i] = rnd.nextGaussian();
      }
      for (int l0 = 0; l0 < count; l0 += 3) {
        int g = Math.min(16, count - l0);
        for (boolean reachEnd : new boolean[] {false, true}) {
          int m = 1 + rnd.nextInt(500);
          char[] r = new char[m];
          char[] c = new char[m];
          double[] v = new double[m];
          for (int q = 0; q < m; q++) {
            r[q] = (char) rnd.nextInt(rows);
            c[q] = (char) rnd.nextInt(reachEnd ? cols : cols - 8);
            v[q] = rnd.nextGaussian();
          }
          Arrays.sort(c);
          if (reachEnd) {
            c[m - 1] = (char) (cols - 1);
          }
          double[] expected = null;
          for (VectorizationProvider p : providers()) {
            MatvecSupport k = p.matvecSupport();
            int w = k.blockStride(g);
            double[] y = new double[rows * w];
            try (Arena arena = Arena.ofConfined()) {
              k.csrBlockChunk(r, c, v, m, segment(arena, xv), l0 * 8L, count * 8L, y, w, g);
            }
            double[] lanes = new double[rows * g];
            for (int i = 0; i < rows; i++) {
              System.arraycopy(y, i * w, lanes, i * g, g);
            }
            if (expected == null) {
              expected = lanes;
            } else {
              assertArrayEquals(expected, lanes, p.name() + " count " + count + " l0 " + l0);
            }
          }
        }
      }
    }
  }

  @Test
  void csrPlainBlockIsBitIdenticalAcrossFamilies() {
    Random rnd = new Random(5);
    int n = 211;
    long[] rp = new long[n + 1];
    List<Integer> colList = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = rnd.nextInt(9);
      int[] cs = rnd.ints(len, 0, n).sorted().toArray();
      if (i == n - 1) {
        cs = new int[] {0, n - 1};
      }
      for (int cc : cs) {
        colList.add(cc);
      }
      rp[i + 1] = colList.size();
    }
    for (int count = 2; count <= 19; count++) {
      double[] xv = new double[n * count];
      for (int i = 0; i < xv.length; i++) {
        xv[i] = rnd.nextGaussian();
      }
      double[] expected = null;
      for (VectorizationProvider p : providers()) {
        try (Arena arena = Arena.ofConfined()) {
          MemorySegment rps = arena.allocate(JAVA_LONG, n + 1);
          MemorySegment.copy(rp, 0, rps, JAVA_LONG, 0, n + 1);
          MemorySegment col = arena.allocate(JAVA_INT, Math.max(1, colList.size()));
          MemorySegment val = arena.allocate(JAVA_DOUBLE, Math.max(1, colList.size()));
          Random vr = new Random(count);
          for (int k = 0; k < colList.size(); k++) {
            col.setAtIndex(JAVA_INT, k, colList.get(k));
            val.setAtIndex(JAVA_DOUBLE, k, vr.nextGaussian());
          }
          MemorySegment y = arena.allocate(n * count * 8L, 64);
          p.matvecSupport().csrPlainBlock(n, rps, col, val, segment(arena, xv), y, count);
          double[] got = read(y, n * count);
          if (expected == null) {
            expected = got;
          } else {
            assertArrayEquals(expected, got, p.name() + " count " + count);
          }
        }
      }
    }
  }
}
