package org.slq4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slq4j.internal.memory.OffHeap;
import org.slq4j.internal.smoothing.Grid;
import org.slq4j.internal.vectorization.GaussianSumsSupport;
import org.slq4j.internal.vectorization.KernelSupport;
import org.slq4j.internal.vectorization.MatvecSupport;
import org.slq4j.internal.vectorization.VectorizationProvider;
import org.slq4j.operators.CsrOperator;

/**
 * The short suite behind {@link PerformanceTracking}: every kernel family as a pair of methods
 * measured in the same run — {@code *Simd} (the Vector API family) and {@code *Scalar} (the
 * plain-Java family of the same provider interface), plus {@code *StreamBound} methods that only
 * read the bytes a memory-bound kernel must read, with the widest vectors this CPU has. Sizes
 * are chosen so that level-1 operands stay in L2/L3 (kernel speed) while the sweep's basis and
 * the operators' matrices exceed a 32 MiB L3 (memory speed).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector",
    "--enable-native-access=ALL-UNNAMED"})
public class TrackingBenchmark {

  private static final VectorSpecies<Double> WIDEST = DoubleVector.SPECIES_PREFERRED;
  private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

  private static final KernelSupport SCALAR = VectorizationProvider.scalar().kernelSupport();
  private static final KernelSupport SIMD = panama().kernelSupport();

  static VectorizationProvider panama() {
    return VectorizationProvider.panama().orElseThrow(() -> new IllegalStateException(
        "the tracking suite needs --add-modules jdk.incubator.vector"));
  }

  /** Sum of n doubles from s, four independent vector accumulators: a pure streaming read. */
  static double streamRead(MemorySegment s, long n) {
    long step = 4L * WIDEST.length();
    long bound = n - n % step;
    DoubleVector a0 = DoubleVector.zero(WIDEST);
    DoubleVector a1 = a0;
    DoubleVector a2 = a0;
    DoubleVector a3 = a0;
    long vb = (long) WIDEST.length() * Double.BYTES;
    long i = 0;
    for (; i < bound; i += step) {
      long o = i * Double.BYTES;
      a0 = a0.add(DoubleVector.fromMemorySegment(WIDEST, s, o, NATIVE));
      a1 = a1.add(DoubleVector.fromMemorySegment(WIDEST, s, o + vb, NATIVE));
      a2 = a2.add(DoubleVector.fromMemorySegment(WIDEST, s, o + 2 * vb, NATIVE));
      a3 = a3.add(DoubleVector.fromMemorySegment(WIDEST, s, o + 3 * vb, NATIVE));
    }
    double sum = a0.add(a1).add(a2.add(a3)).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    for (; i < n; i++) {
      sum += s.getAtIndex(JAVA_DOUBLE, i);
    }
    return sum;
  }

  private static void fillRandom(MemorySegment s, long n, SplittableRandom r) {
    for (long i = 0; i < n; i++) {
      s.setAtIndex(JAVA_DOUBLE, i, r.nextDouble() - 0.5);
    }
  }

  // ---- level-1: cache-resident vectors, kernel speed

  /** Three vectors of 100003 doubles (800 KB each). */
  @State(Scope.Benchmark)
  public static class Level1 {
    final long n = 100_003;
    Arena arena;
    MemorySegment x;
    MemorySegment y;
    MemorySegment u;

    @Setup(Level.Trial)
    public void setUp() {
      arena = Arena.ofShared();
      x = OffHeap.allocateDoubles(arena, n);
      y = OffHeap.allocateDoubles(arena, n);
      u = OffHeap.allocateDoubles(arena, n);
      SplittableRandom r = new SplittableRandom(1);
      fillRandom(x, n, r);
      fillRandom(y, n, r);
      fillRandom(u, n, r);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      arena.close();
    }
  }

  @Benchmark
  public double dotSimd(Level1 s) {
    return SIMD.dot(s.x, 0, s.y, 0, s.n);
  }

  @Benchmark
  public double dotScalar(Level1 s) {
    return SCALAR.dot(s.x, 0, s.y, 0, s.n);
  }

  @Benchmark
  public double nrm2Simd(Level1 s) {
    return SIMD.nrm2(s.x, 0, s.n);
  }

  @Benchmark
  public double nrm2Scalar(Level1 s) {
    return SCALAR.nrm2(s.x, 0, s.n);
  }

  /** y += a x with a tiny a, so y stays bounded over any number of calls. */
  @Benchmark
  public void axpySimd(Level1 s) {
    SIMD.axpy(1e-12, s.x, 0, s.y, 0, s.n);
  }

  @Benchmark
  public void axpyScalar(Level1 s) {
    SCALAR.axpy(1e-12, s.x, 0, s.y, 0, s.n);
  }

  /** w -= alpha v + beta u with tiny beta; alpha = w.v is tiny once w is nearly orthogonal. */
  @Benchmark
  public double lanczosUpdateSimd(Level1 s) {
    return SIMD.lanczosUpdate(s.y, 0, s.x, 0, s.u, 0, 1e-12, s.n);
  }

  @Benchmark
  public double lanczosUpdateScalar(Level1 s) {
    return SCALAR.lanczosUpdate(s.y, 0, s.x, 0, s.u, 0, 1e-12, s.n);
  }

  // ---- the Lanczos sweep: a basis beyond the L3, memory speed

  /** 40 stored vectors of 200003 doubles (64 MB) and the new vector in slot 40. */
  @State(Scope.Benchmark)
  public static class Sweep {
    final int k = 40;
    final long n = 200_003;
    Arena arena;
    MemorySegment basis;
    MemorySegment start;
    double[] known;
    double[] p;

    @Setup(Level.Trial)
    public void setUp() {
      arena = Arena.ofShared();
      basis = OffHeap.allocateDoubles(arena, (k + 1) * n);
      start = OffHeap.allocateDoubles(arena, n);
      SplittableRandom r = new SplittableRandom(2);
      fillRandom(basis, (k + 1) * n, r);
      fillRandom(start, n, r);
      known = new double[k];
      for (int j = 0; j < k; j++) {
        known[j] = (j % 2 == 0 ? 1e-3 : -1e-3) / (1 + j);
      }
      p = new double[k];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      arena.close();
    }
  }

  /** One sweep from the same starting vector each call (the copy is 1/41 of the bytes). */
  private static double sweep(KernelSupport kernels, Sweep s) {
    kernels.copy(s.start, 0, s.basis, s.k * s.n, s.n);
    return kernels.lanczosSweep(s.basis, 0, s.k, s.n, 1.0, 1e-3, 1e-3, s.known, s.p);
  }

  @Benchmark
  public double sweepSimd(Sweep s) {
    return sweep(SIMD, s);
  }

  @Benchmark
  public double sweepScalar(Sweep s) {
    return sweep(SCALAR, s);
  }

  /** Reads the k + 1 vectors the sweep reads, and the starting vector it copies. */
  @Benchmark
  public double sweepStreamBound(Sweep s) {
    return streamRead(s.basis, (s.k + 1) * s.n) + streamRead(s.start, s.n);
  }

  // ---- Gaussian sums: the default density step (10 runs x 80 nodes onto 10000 points)

  /** Nodes on [0, 10] with weights summing to 1 per run, sigma = 10 / 80. */
  @State(Scope.Benchmark)
  public static class Gaussian {
    final int runs = 10;
    final int nodesPerRun = 80;
    double first;
    double step;
    int size;
    double sigma;
    double[][] nodes;
    double[][] weights;
    double[] density;

    @Setup(Level.Trial)
    public void setUp() {
      sigma = 10.0 / nodesPerRun;
      Grid grid = Grid.linear(-1, 11, 10000);
      first = grid.first();
      step = grid.step();
      size = grid.size();
      SplittableRandom r = new SplittableRandom(3);
      nodes = new double[runs][nodesPerRun];
      weights = new double[runs][nodesPerRun];
      for (int q = 0; q < runs; q++) {
        for (int k = 0; k < nodesPerRun; k++) {
          nodes[q][k] = 10 * r.nextDouble();
          weights[q][k] = 1.0 / nodesPerRun;
        }
      }
      density = new double[size];
    }
  }

  private static double[] gaussian(GaussianSumsSupport sums, Gaussian s) {
    Arrays.fill(s.density, 0);
    for (int q = 0; q < s.runs; q++) {
      sums.accumulate(s.first, s.step, s.size, s.nodes[q], s.weights[q], s.nodesPerRun,
          1.0 / s.runs, s.sigma, s.density);
    }
    return s.density;
  }

  @Benchmark
  public double[] gaussianSimd(Gaussian s) {
    return gaussian(panama().gaussianSums(), s);
  }

  @Benchmark
  public double[] gaussianScalar(Gaussian s) {
    return gaussian(VectorizationProvider.scalar().gaussianSums(), s);
  }

  // ---- operator matvecs: matrices beyond the L3, memory speed

  /** A diagonal of 4e6 doubles (32 MB) and a dense symmetric matrix of order 2048 (32 MB). */
  @State(Scope.Benchmark)
  public static class Matrices {
    final long diagonalN = 4_000_000;
    final long denseN = 2048;
    Arena arena;
    MemorySegment d;
    MemorySegment dx;
    MemorySegment dy;
    MemorySegment a;
    MemorySegment ax;
    MemorySegment ay;

    @Setup(Level.Trial)
    public void setUp() {
      arena = Arena.ofShared();
      SplittableRandom r = new SplittableRandom(4);
      d = OffHeap.allocateDoubles(arena, diagonalN);
      dx = OffHeap.allocateDoubles(arena, diagonalN);
      dy = OffHeap.allocateDoubles(arena, diagonalN);
      fillRandom(d, diagonalN, r);
      fillRandom(dx, diagonalN, r);
      a = OffHeap.allocateDoubles(arena, denseN * denseN);
      for (long i = 0; i < denseN; i++) {
        for (long j = 0; j <= i; j++) {
          double v = r.nextDouble() - 0.5;
          a.setAtIndex(JAVA_DOUBLE, i * denseN + j, v);
          a.setAtIndex(JAVA_DOUBLE, j * denseN + i, v);
        }
      }
      ax = OffHeap.allocateDoubles(arena, denseN);
      ay = OffHeap.allocateDoubles(arena, denseN);
      fillRandom(ax, denseN, r);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      arena.close();
    }
  }

  @Benchmark
  public MemorySegment diagonalSimd(Matrices m) {
    panama().matvecSupport().diagonal(m.d, m.dx, m.dy, m.diagonalN);
    return m.dy;
  }

  @Benchmark
  public MemorySegment diagonalScalar(Matrices m) {
    VectorizationProvider.scalar().matvecSupport().diagonal(m.d, m.dx, m.dy, m.diagonalN);
    return m.dy;
  }

  @Benchmark
  public MemorySegment denseSimd(Matrices m) {
    panama().matvecSupport().denseSymmetric(m.a, m.denseN, m.ax, m.ay);
    return m.ay;
  }

  @Benchmark
  public MemorySegment denseScalar(Matrices m) {
    VectorizationProvider.scalar().matvecSupport().denseSymmetric(m.a, m.denseN, m.ax, m.ay);
    return m.ay;
  }

  /**
   * A random sparse symmetric pattern, n = 400000 with 10 entries per row (4e6 stored entries):
   * once as the built-in operator (its own layout, the block product SLQ runs with 4 lockstep
   * runs) and once as plain CSR arrays (64-bit row pointers, 32-bit columns) for the scalar
   * and SIMD plain block kernels and the stream bound.
   */
  @State(Scope.Benchmark)
  public static class Sparse {
    final long n = 400_000;
    final int perRow = 10;
    final int count = 4;
    Arena arena;
    CsrOperator operator;
    MemorySegment rp;
    MemorySegment col;
    MemorySegment val;
    MemorySegment x;
    MemorySegment y;

    @Setup(Level.Trial)
    public void setUp() {
      arena = Arena.ofShared();
      SplittableRandom r = new SplittableRandom(5);
      long nnz = n * perRow;
      rp = OffHeap.allocate(arena, (n + 1) * Long.BYTES);
      col = OffHeap.allocate(arena, nnz * Integer.BYTES);
      val = OffHeap.allocate(arena, nnz * Double.BYTES);
      long e = 0;
      for (long i = 0; i < n; i++) {
        rp.setAtIndex(JAVA_LONG, i, e);
        int[] cols = columns(i, r);
        for (int k = 0; k < perRow; k++) {
          col.setAtIndex(JAVA_INT, e, cols[k]);
          val.setAtIndex(JAVA_DOUBLE, e, r.nextDouble() - 0.5);
          e++;
        }
      }
      rp.setAtIndex(JAVA_LONG, n, e);
      // The operator: the lower triangle of the same kind of pattern, mirrored (symmetric).
      CsrOperator.Builder b = CsrOperator.builder(n).symmetricExpansion(true);
      for (long i = 0; i < n; i++) {
        for (int j : columns(i, r)) {
          if (j < i) {
            b.add(i, j, r.nextDouble() - 0.5);
          }
        }
        b.add(i, i, 1.0);
      }
      operator = b.build();
      x = OffHeap.allocateDoubles(arena, n * count);
      y = OffHeap.allocateDoubles(arena, n * count);
      fillRandom(x, n * count, r);
    }

    /** perRow sorted columns of row i: most near the diagonal, two anywhere (a mesh or graph). */
    private int[] columns(long i, SplittableRandom r) {
      int[] cols = new int[perRow];
      for (int k = 0; k < perRow; k++) {
        cols[k] = (int) (k < perRow - 2 ? Math.floorMod(i + r.nextInt(-200, 201), n)
            : r.nextLong(n));
      }
      Arrays.sort(cols);
      return cols;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      operator.close();
      arena.close();
    }
  }

  @Benchmark
  public MemorySegment csrBlockSimd(Sparse s) {
    panama().matvecSupport().csrPlainBlock(s.n, s.rp, s.col, s.val, s.x, s.y, s.count);
    return s.y;
  }

  @Benchmark
  public MemorySegment csrBlockScalar(Sparse s) {
    VectorizationProvider.scalar().matvecSupport().csrPlainBlock(s.n, s.rp, s.col, s.val, s.x,
        s.y, s.count);
    return s.y;
  }

  /** The built-in operator's block product (its own layout and the active kernels). */
  @Benchmark
  public MemorySegment csrOperatorBlock(Sparse s) {
    s.operator.applyBlock(s.x, s.y, s.count);
    return s.y;
  }

  /** Reads the plain CSR arrays once: values, then columns and row pointers as doubles. */
  @Benchmark
  public double csrBlockStreamBound(Sparse s) {
    return streamRead(s.val, s.val.byteSize() / Double.BYTES)
        + streamRead(s.col, s.col.byteSize() / Double.BYTES)
        + streamRead(s.rp, s.rp.byteSize() / Double.BYTES);
  }
}
