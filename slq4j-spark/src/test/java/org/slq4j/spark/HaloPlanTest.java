package org.slq4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slq4j.internal.lanczos.ProbeSeeds;
import org.slq4j.internal.lanczos.StartVectors;

/**
 * The row blocks and their halo exchange, without Spark: the tasks' messages are passed by
 * hand, and the product assembled from the blocks equals a dense matrix-vector product; each
 * task's slice of a start vector equals the local estimator's start vector.
 */
class HaloPlanTest {

  /** A random sparse symmetric n x n matrix, dense, with about k entries per row. */
  private static double[][] randomSymmetric(int n, int k, long seed) {
    Random random = new Random(seed);
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      a[i][i] = random.nextGaussian();
      for (int e = 0; e < k / 2; e++) {
        int j = random.nextInt(n);
        double v = random.nextGaussian();
        a[i][j] = v;
        a[j][i] = v;
      }
    }
    return a;
  }

  /** The dense matrix's nonzeros, row by row, columns ascending. */
  private static RowEntries entries(double[][] a) {
    return new RowEntries() {
      @Override
      public long dimension() {
        return a.length;
      }

      @Override
      public void rows(long from, long to, Sink sink) {
        for (int i = (int) from; i < to; i++) {
          for (int j = 0; j < a.length; j++) {
            if (a[i][j] != 0) {
              sink.accept(i, j, a[i][j]);
            }
          }
        }
      }
    };
  }

  /** y = A x through P blocks and one halo exchange, messages passed by hand. */
  private static double[] blockProduct(double[][] a, double[] x, int parts) throws Exception {
    int n = a.length;
    long[] bounds = SparkRowDensity.bounds(n, parts);
    RowBlock[] blocks = new RowBlock[parts];
    HaloPlan[] plans = new HaloPlan[parts];
    double[][] requests = new double[parts][];
    for (int p = 0; p < parts; p++) {
      blocks[p] = RowBlock.load(entries(a), bounds[p], bounds[p + 1]);
      plans[p] = HaloPlan.build(bounds, p, blocks[p]);
      requests[p] = plans[p].request();
    }
    for (int p = 0; p < parts; p++) {
      plans[p].connect(requests);
    }
    // sent[p][q]: what task p sends task q, through the wire's encoding and back.
    double[][][] sent = new double[parts][parts][];
    for (int p = 0; p < parts; p++) {
      double[] own = java.util.Arrays.copyOfRange(x, (int) bounds[p], (int) bounds[p + 1]);
      for (int q = 0; q < parts; q++) {
        double[] m = new double[q == p ? 0 : plans[p].sendSize(q)];
        if (q != p) {
          plans[p].sendValues(own, q, m, 0);
        }
        sent[p][q] = Wire.doubles(Wire.doubles(m, m.length));
      }
    }
    double[] y = new double[n];
    for (int p = 0; p < parts; p++) {
      double[] ext = new double[plans[p].extendedLength()];
      System.arraycopy(x, (int) bounds[p], ext, 0, blocks[p].rows());
      double[][] received = new double[parts][];
      for (int q = 0; q < parts; q++) {
        received[q] = sent[q][p];
      }
      plans[p].importValues(received, 0, 1.0, ext);
      double[] part = new double[blocks[p].rows()];
      blocks[p].multiply(ext, part);
      System.arraycopy(part, 0, y, (int) bounds[p], part.length);
    }
    return y;
  }

  @Test
  void blockProductsWithTheHaloEqualTheDenseProduct() throws Exception {
    double[][] a = randomSymmetric(97, 6, 5);
    double[] x = new Random(9).doubles(97).map(v -> v - 0.5).toArray();
    double[] dense = new double[97];
    for (int i = 0; i < 97; i++) {
      for (int j = 0; j < 97; j++) {
        dense[i] += a[i][j] * x[j];
      }
    }
    for (int parts : new int[] {1, 2, 3, 7, 97}) {
      assertArrayEquals(dense, blockProduct(a, x, parts), 1e-14, parts + " parts");
    }
  }

  @Test
  void aBlockDiagonalMatrixHasNoHalo() throws Exception {
    double[][] a = new double[12][12];
    for (int i = 0; i < 12; i++) {
      a[i][i] = i + 1;
      a[i][i ^ 1] = 0.5;  // 2 x 2 blocks, inside each of 3 row blocks of 4 rows
    }
    long[] bounds = SparkRowDensity.bounds(12, 3);
    RowBlock block = RowBlock.load(entries(a), bounds[1], bounds[2]);
    HaloPlan plan = HaloPlan.build(bounds, 1, block);
    assertEquals(0, plan.haloSize());
    assertEquals(4, plan.extendedLength());
  }

  @Test
  void haloOfAPathGraphIsItsNeighbours() throws Exception {
    double[][] a = new double[10][10];
    for (int i = 0; i < 10; i++) {
      a[i][i] = 2;
      if (i > 0) {
        a[i][i - 1] = -1;
        a[i - 1][i] = -1;
      }
    }
    long[] bounds = SparkRowDensity.bounds(10, 3);  // 0, 3, 6, 10
    assertArrayEquals(new long[] {0, 3, 6, 10}, bounds);
    HaloPlan[] plans = new HaloPlan[3];
    double[][] requests = new double[3][];
    for (int p = 0; p < 3; p++) {
      plans[p] = HaloPlan.build(bounds, p, RowBlock.load(entries(a), bounds[p], bounds[p + 1]));
      requests[p] = plans[p].request();
    }
    for (HaloPlan plan : plans) {
      plan.connect(requests);
    }
    assertArrayEquals(new double[] {3}, requests[0]);
    assertArrayEquals(new double[] {2, 6}, requests[1]);
    assertArrayEquals(new double[] {5}, requests[2]);
    assertEquals(1, plans[0].exportSize());  // row 2, to task 1
    assertEquals(2, plans[1].exportSize());  // row 3 to task 0, row 5 to task 2
    assertEquals(1, plans[2].exportSize());  // row 6, to task 1
    assertEquals(0, plans[0].sendSize(2));   // tasks 0 and 2 share no entries
    assertEquals(1, plans[1].sendSize(2));
  }

  @Test
  void entriesOutsideTheBlockOrTheMatrixAreRefused() {
    RowEntries stray = new RowEntries() {
      @Override
      public long dimension() {
        return 5;
      }

      @Override
      public void rows(long from, long to, Sink sink) {
        sink.accept(from, 7, 1.0);
      }
    };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RowBlock.load(stray, 2, 4));
    assertTrue(e.getMessage().contains("entry (2, 7) is outside rows 2 .. 3 of the 5 x 5"),
        e.getMessage());
  }

  @Test
  void runSeedsAreTheLocalEstimators() {
    for (long seed : new long[] {0, 1, 42, -7}) {
      for (int r = 0; r < 20; r++) {
        assertEquals(ProbeSeeds.of(seed, r), RowTask.probeSeed(seed, r), seed + " run " + r);
      }
    }
  }

  @Test
  void startVectorSlicesAreTheLocalEstimatorsStartVector() {
    long n = 1000;
    long seed = 77;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment full = arena.allocate(n * Double.BYTES);
      StartVectors.rademacher(seed, full, n);
      long[] bounds = {0, 1, 63, 64, 65, 300, 640, 999, 1000};
      for (int p = 0; p + 1 < bounds.length; p++) {
        int rows = (int) (bounds[p + 1] - bounds[p]);
        double[] slice = new double[rows];
        RowLanczos.rademacherSlice(seed, n, bounds[p], slice, rows);
        for (int r = 0; r < rows; r++) {
          assertEquals(full.getAtIndex(ValueLayout.JAVA_DOUBLE, bounds[p] + r), slice[r],
              "entry " + (bounds[p] + r));
        }
      }
    }
  }
}
