package org.slq4j;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slq4j.internal.parallel.RowChunks;
import org.slq4j.operators.CsrOperator;
import org.slq4j.operators.DiagonalOperator;
import org.slq4j.operators.LaplacianOperator;

/**
 * Results do not depend on the thread count when the threads split one run's work by rows:
 * vectors of several row chunks, one and three runs, every reorthogonalization mode and basis
 * precision, built-in operators (whose product is split by rows too; the sparse one also in
 * lockstep blocks, the Laplacian a stencil without stored entries) and
 * user operators (thread-safe or not: applied whole, only the runs' kernels split). Every
 * run's nodes and weights, and the density, are compared bit for bit with one thread.
 */
class ThreadCountBitIdentityTest {

  private static final int N = 4 * RowChunks.ROWS + 321;
  private static final int[] THREADS = {1, 2, 3, 5};

  /** A reorthogonalization mode with its basis precision (LOCAL with a window of 4). */
  private record Mode(Reorthogonalization reorth, BasisPrecision basis) {
    @Override
    public String toString() {
      return reorth + "/" + basis;
    }
  }

  private static final Mode[] MODES = {
    new Mode(Reorthogonalization.FULL, BasisPrecision.FLOAT64),
    new Mode(Reorthogonalization.FULL, BasisPrecision.FLOAT32),
    new Mode(Reorthogonalization.LOCAL, BasisPrecision.FLOAT64),
    new Mode(Reorthogonalization.NONE, BasisPrecision.FLOAT64),
  };

  private static double value(long i) {
    return Math.sin(0.37 * i) + 0.001 * (i % 1013);
  }

  /** A plain-loop diagonal operator, optionally declaring itself not thread-safe. */
  private static SymmetricOperator userDiagonal(boolean threadSafe) {
    return new SymmetricOperator() {
      @Override
      public long dimension() {
        return N;
      }

      private final java.util.concurrent.atomic.AtomicInteger inside =
          new java.util.concurrent.atomic.AtomicInteger();

      @Override
      public void apply(MemorySegment x, MemorySegment y) {
        if (inside.incrementAndGet() > 1 && !threadSafe) {
          throw new AssertionError("a non-thread-safe operator was called concurrently");
        }
        try {
          for (long i = 0; i < N; i++) {
            y.setAtIndex(JAVA_DOUBLE, i, value(i) * x.getAtIndex(JAVA_DOUBLE, i));
          }
        } finally {
          inside.decrementAndGet();
        }
      }

      @Override
      public boolean isThreadSafe() {
        return threadSafe;
      }
    };
  }

  /** Random symmetric sparse matrix, scattered columns: the cache-blocked layout. */
  private static CsrOperator randomSparse() {
    SplittableRandom rnd = new SplittableRandom(8);
    CsrOperator.Builder b = CsrOperator.builder(N);
    for (int i = 0; i < N; i++) {
      b.add(i, i, 4 + value(i));
      int j = rnd.nextInt(N);
      double v = rnd.nextDouble(-1, 1);
      b.add(i, j, v);
      b.add(j, i, v);
    }
    return b.build();
  }

  private static void check(String name, Supplier<SymmetricOperator> make) {
    SymmetricOperator op = make.get();
    try {
      for (Mode mode : MODES) {
        for (int runs : new int[] {1, 3}) {
          SpectralDensity reference = null;
          for (int threads : THREADS) {
            SpectralDensity d = SpectralDensityEstimator.builder().numRuns(runs).lanczosSteps(16)
                .numGridPoints(500).seed(17).threads(threads).reorthogonalization(mode.reorth())
                .reorthogonalizationWindow(4).basisPrecision(mode.basis())
                .checkSymmetry(false).build().estimate(op);
            if (reference == null) {
              reference = d;
              continue;
            }
            String label = name + ", " + mode + ", " + runs + " runs, " + threads + " threads";
            assertEquals(reference.numRuns(), d.numRuns(), label);
            for (int r = 0; r < runs; r++) {
              assertArrayEquals(reference.nodes(r), d.nodes(r), label + ": nodes of run " + r);
              assertArrayEquals(reference.weights(r), d.weights(r),
                  label + ": weights of run " + r);
            }
            assertArrayEquals(reference.density(), d.density(), label + ": density");
          }
        }
      }
    } finally {
      if (op instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Test
  void builtInDiagonal() {
    check("DiagonalOperator", () -> {
      double[] d = new double[N];
      for (int i = 0; i < N; i++) {
        d[i] = value(i);
      }
      return DiagonalOperator.of(d);
    });
  }

  @Test
  void builtInLaplacian() {
    check("LaplacianOperator", () -> LaplacianOperator.of(N));
  }

  @Test
  void builtInSparseInLockstepBlocks() {
    check("CsrOperator", ThreadCountBitIdentityTest::randomSparse);
  }

  @Test
  void threadSafeUserOperator() {
    check("thread-safe user operator", () -> userDiagonal(true));
  }

  @Test
  void userOperatorThatIsNotThreadSafe() {
    check("user operator, not thread-safe", () -> userDiagonal(false));
  }

  /** The diagonal of {@link #value} with five outliers far above it, at scattered rows. */
  private static double valueWithOutliers(long i) {
    return i % 65537 == 11 ? 20 * (1 + i / 65537) : value(i);
  }

  /**
   * Deflated estimates: the pre-pass (thick-restart Lanczos over row chunks), the projected
   * start vectors and the projection of every product, one vector or a lockstep block at a
   * time, give the same bits on any thread count.
   */
  private static void checkDeflated(String name, Supplier<SymmetricOperator> make) {
    SymmetricOperator op = make.get();
    try {
      for (int runs : new int[] {2, 3}) {
        SpectralDensity reference = null;
        for (int threads : THREADS) {
          SpectralDensity d = SpectralDensityEstimator.builder().numRuns(runs)
              .lanczosSteps(60).numGridPoints(500).seed(17).threads(threads)
              .varianceReduction(VarianceReduction.DEFLATE).checkSymmetry(false).build()
              .estimate(op);
          String label = name + ", deflated, " + runs + " runs, " + threads + " threads";
          assertEquals(VarianceReduction.DEFLATE, d.varianceReduction(), label);
          if (reference == null) {
            reference = d;
            continue;
          }
          assertArrayEquals(reference.deflatedEigenvalues(), d.deflatedEigenvalues(), label);
          assertEquals(reference.matvecs(), d.matvecs(), label);
          for (int r = 0; r < runs; r++) {
            assertArrayEquals(reference.nodes(r), d.nodes(r), label + ": nodes of run " + r);
            assertArrayEquals(reference.weights(r), d.weights(r),
                label + ": weights of run " + r);
          }
          assertArrayEquals(reference.density(), d.density(), label + ": density");
        }
      }
    } finally {
      if (op instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Test
  void deflatedBuiltInDiagonal() {
    checkDeflated("DiagonalOperator", () -> {
      double[] d = new double[N];
      for (int i = 0; i < N; i++) {
        d[i] = valueWithOutliers(i);
      }
      return DiagonalOperator.of(d);
    });
  }

  @Test
  void deflatedBuiltInSparseInLockstepBlocks() {
    checkDeflated("CsrOperator", () -> {
      SplittableRandom rnd = new SplittableRandom(8);
      CsrOperator.Builder b = CsrOperator.builder(N);
      for (int i = 0; i < N; i++) {
        b.add(i, i, 4 + valueWithOutliers(i));
        int j = rnd.nextInt(N);
        double v = rnd.nextDouble(-1, 1);
        b.add(i, j, v);
        b.add(j, i, v);
      }
      return b.build();
    });
  }

  @Test
  void deflatedUserOperatorThatIsNotThreadSafe() {
    checkDeflated("user operator, not thread-safe", () -> new SymmetricOperator() {
      @Override
      public long dimension() {
        return N;
      }

      @Override
      public void apply(MemorySegment x, MemorySegment y) {
        for (long i = 0; i < N; i++) {
          y.setAtIndex(JAVA_DOUBLE, i, valueWithOutliers(i) * x.getAtIndex(JAVA_DOUBLE, i));
        }
      }
    });
  }
}
