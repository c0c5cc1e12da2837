package org.slq4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slq4j.internal.memory.OffHeap;
import org.slq4j.internal.vectorization.MatvecSupport;
import org.slq4j.internal.vectorization.VectorKernels;
import org.slq4j.operators.CsrLayouts;
import org.slq4j.internal.vectorization.VectorizationProvider;
import org.slq4j.operators.CsrOperator;
import org.slq4j.operators.DenseSymmetricOperator;
import org.slq4j.operators.LaplacianOperator;

/**
 * Matvec time of the built-in operators against the memory bandwidth measured in the same run.
 *
 * <ul>
 *   <li>{@code csrMatvec}: symmetric CSR, n = 1e6, about 10 stored entries per row;
 *       {@code shape} = random (5 random columns per row plus their mirrors, the pattern of
 *       scipy.sparse.random_array(density 5/n) + its transpose) or banded (the 5 columns left of
 *       the diagonal plus mirrors); {@code layout} = auto (the operator's choice), plain (row
 *       by row CSR) or blocked (cache-blocked tiles), forced through {@link CsrLayouts}. Bytes that must move: values 8 nnz + indices
 *       4 nnz (+ row pointers 8 (n+1) for plain) + x 8n + y 8n (+ 8n write-allocate) ~ 152 MB.
 *   <li>{@code csrStreamBound}: the CSR matvec's streaming bound in the same run, a SIMD read of
 *       12 bytes per stored entry (values + indices) plus x.
 *   <li>{@code denseMatvec*}: dense 4000 x 4000. A full row-by-row pass reads 128 MB; the
 *       operator's upper-triangle kernel reads 64 MB.
 *   <li>{@code csrBlock<k>}: {@code applyBlock} of the random CSR matrix on k interleaved
 *       vectors (k = 1 is apply), reported <b>per vector</b> (OperationsPerInvocation k), in the
 *       layout given; X and Y on huge pages as the estimator allocates them.
 *       {@code csrBlockStreamBound8}: per vector, a SIMD read of the matrix (12 bytes an entry)
 *       plus X of 8 vectors, i.e. (12 nnz + 64 n) / 8 bytes, in the same run.
 *   <li>{@code streamRead}: SIMD sum over 256 MiB (4 accumulators): the read bandwidth the
 *       bounds are computed from; {@code streamTriad}: a[i] = b[i] + s c[i] over 3 x 64 MiB.
 *   <li>{@code laplacian*}: the 7-point Dirichlet Laplacian on a side^3 grid (side 100:
 *       n = 1e6, 16 MB of x and y; side 215: n = 9.9e6, 159 MB), which streams x and y once:
 *       {@code laplacianApply} (the operator, as dispatched), {@code laplacianScalarKernel},
 *       against {@code laplacianCopy} (MemorySegment.copy of x into y) and
 *       {@code laplacianSimdCopy} (a vector load/store loop, the stencil's store pattern) of
 *       the same n in the same run. Bytes streamed per call: 16 n (x read, y written).
 * </ul>
 *
 * Run: {@code flock /tmp/slq4j-bench.lock mvn -B -q -P jmh verify -DskipTests
 * -Djmh.args="OperatorBenchmark -f 1 -wi 3 -i 5"}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector",
    "--enable-native-access=ALL-UNNAMED", "-Xmx6g"})
@State(Scope.Benchmark)
public class OperatorBenchmark {

  static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

  static final MatvecSupport SCALAR = VectorizationProvider.scalar().matvecSupport();
  static final MatvecSupport PANAMA = VectorizationProvider.panama()
      .orElseThrow(() -> new IllegalStateException("needs --add-modules jdk.incubator.vector"))
      .matvecSupport();

  static final int CSR_N = 1_000_000;
  static final int DENSE_N = 4000;
  static final long STREAM_DOUBLES = 32L << 20; // 256 MiB

  /** One CSR matrix per (shape, layout); x and y of the matvec. */
  @State(Scope.Benchmark)
  public static class Csr {
    @Param({"random", "banded"})
    public String shape;

    @Param({"auto", "plain", "blocked"})
    public String layout;

    CsrOperator op;
    Arena arena;
    MemorySegment x;
    MemorySegment y;
    /** 12 bytes per stored entry: what the values (8) and indices (4) of either layout occupy. */
    MemorySegment matrixBytes;

    @Setup(Level.Trial)
    public void setup() {
      SplittableRandom rnd = new SplittableRandom(42);
      CsrOperator.Builder b = CsrLayouts.builder(CSR_N, layout).symmetricExpansion(true);
      for (int i = 0; i < CSR_N; i++) {
        for (int k = 0; k < 5; k++) {
          int j = shape.equals("random") ? rnd.nextInt(CSR_N) : Math.max(0, i - 1 - k);
          b.add(Math.max(i, j), Math.min(i, j), rnd.nextDouble(-1, 1));
        }
      }
      long t0 = System.nanoTime();
      op = b.build();
      System.out.printf("%n%s, build %.2f s%n", op, (System.nanoTime() - t0) * 1e-9);
      arena = Arena.ofShared();
      x = random(arena, CSR_N, rnd);
      y = arena.allocate(CSR_N * 8L, 64);
      matrixBytes = random(arena, op.nnz() * 12 / 8, rnd);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      op.close();
      arena.close();
    }
  }

  /** The random CSR matrix in one layout, X and Y of up to 16 interleaved vectors. */
  @State(Scope.Benchmark)
  public static class CsrBlock {
    @Param({"blocked", "plain"})
    public String layout;

    CsrOperator op;
    Arena arena;
    MemorySegment x;
    MemorySegment y;
    MemorySegment matrixBytes;

    @Setup(Level.Trial)
    public void setup() {
      SplittableRandom rnd = new SplittableRandom(42);
      CsrOperator.Builder b = CsrLayouts.builder(CSR_N, layout).symmetricExpansion(true);
      for (int i = 0; i < CSR_N; i++) {
        for (int k = 0; k < 5; k++) {
          int j = rnd.nextInt(CSR_N);
          b.add(Math.max(i, j), Math.min(i, j), rnd.nextDouble(-1, 1));
        }
      }
      op = b.build();
      System.out.printf("%n%s, preferred block %d%n", op, op.preferredBlockSize());
      arena = Arena.ofShared();
      long len = 16L * CSR_N;
      x = OffHeap.allocateDoubles(arena, len);
      for (long i = 0; i < len; i++) {
        x.setAtIndex(JAVA_DOUBLE, i, rnd.nextDouble(-1, 1));
      }
      y = OffHeap.allocateDoubles(arena, len);
      matrixBytes = random(arena, op.nnz() * 12 / 8, rnd);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      op.close();
      arena.close();
    }

    MemorySegment block(int count) {
      op.applyBlock(x, y, count);
      return y;
    }
  }

  @Benchmark
  @OperationsPerInvocation(1)
  public MemorySegment csrBlock01(CsrBlock c) {
    return c.block(1);
  }

  @Benchmark
  @OperationsPerInvocation(2)
  public MemorySegment csrBlock02(CsrBlock c) {
    return c.block(2);
  }

  @Benchmark
  @OperationsPerInvocation(4)
  public MemorySegment csrBlock04(CsrBlock c) {
    return c.block(4);
  }

  @Benchmark
  @OperationsPerInvocation(5)
  public MemorySegment csrBlock05(CsrBlock c) {
    return c.block(5);
  }

  @Benchmark
  @OperationsPerInvocation(8)
  public MemorySegment csrBlock08(CsrBlock c) {
    return c.block(8);
  }

  @Benchmark
  @OperationsPerInvocation(10)
  public MemorySegment csrBlock10(CsrBlock c) {
    return c.block(10);
  }

  @Benchmark
  @OperationsPerInvocation(16)
  public MemorySegment csrBlock16(CsrBlock c) {
    return c.block(16);
  }

  /** Per vector: the matrix once plus X of 8 vectors, streamed (see the class comment). */
  @Benchmark
  @OperationsPerInvocation(8)
  public double csrBlockStreamBound8(CsrBlock c) {
    return sum(c.matrixBytes) + sum(c.x.asSlice(0, 8L * 8 * CSR_N));
  }

  /** A 3-D Laplacian and its x and y. */
  @State(Scope.Benchmark)
  public static class Laplacian {
    @Param({"100", "215"})
    public int side;

    LaplacianOperator op;
    Arena arena;
    MemorySegment x;
    MemorySegment y;

    @Setup(Level.Trial)
    public void setup() {
      op = LaplacianOperator.of(side, side, side);
      arena = Arena.ofShared();
      x = OffHeap.allocateDoubles(arena, op.dimension());
      SplittableRandom rnd = new SplittableRandom(44);
      for (long i = 0; i < op.dimension(); i++) {
        x.setAtIndex(JAVA_DOUBLE, i, rnd.nextDouble(-1, 1));
      }
      y = OffHeap.allocateDoubles(arena, op.dimension());
      System.out.printf("%n%s, n = %d, %d MB streamed per call%n", op, op.dimension(),
          16 * op.dimension() / 1_000_000);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      arena.close();
    }
  }

  @Benchmark
  public MemorySegment laplacianApply(Laplacian l) {
    l.op.apply(l.x, l.y);
    return l.y;
  }

  @Benchmark
  public MemorySegment laplacianScalarKernel(Laplacian l) {
    SCALAR.laplacian(l.x, l.y, l.side, l.side, l.side, 6.0, 1, 0, l.op.dimension());
    return l.y;
  }

  /** The bytes of the stencil (x read, y written) as a plain copy. */
  @Benchmark
  public MemorySegment laplacianCopy(Laplacian l) {
    MemorySegment.copy(l.x, 0, l.y, 0, l.x.byteSize());
    return l.y;
  }

  /** The same copy as a SIMD load/store loop, the stencil's own store pattern. */
  @Benchmark
  public MemorySegment laplacianSimdCopy(Laplacian l) {
    ByteOrder o = ByteOrder.nativeOrder();
    long bytes = l.op.dimension() * 8;
    long bound = bytes - bytes % S.vectorByteSize();
    for (long b = 0; b < bound; b += S.vectorByteSize()) {
      DoubleVector.fromMemorySegment(S, l.x, b, o).intoMemorySegment(l.y, b, o);
    }
    for (long b = bound; b < bytes; b += 8) {
      l.y.set(JAVA_DOUBLE, b, l.x.get(JAVA_DOUBLE, b));
    }
    return l.y;
  }

  Arena arena;
  DenseSymmetricOperator dense;
  MemorySegment denseRaw;
  MemorySegment dx;
  MemorySegment dy;
  MemorySegment stream;
  MemorySegment ta;
  MemorySegment tb;
  MemorySegment tc;

  @Setup(Level.Trial)
  public void setup() {
    System.out.println("\nkernels: " + VectorKernels.describe());
    arena = Arena.ofShared();
    SplittableRandom rnd = new SplittableRandom(43);
    denseRaw = arena.allocate((long) DENSE_N * DENSE_N * 8, 64);
    for (int i = 0; i < DENSE_N; i++) {
      for (int j = 0; j <= i; j++) {
        double v = rnd.nextDouble(-1, 1);
        denseRaw.setAtIndex(JAVA_DOUBLE, (long) i * DENSE_N + j, v);
        denseRaw.setAtIndex(JAVA_DOUBLE, (long) j * DENSE_N + i, v);
      }
    }
    dense = DenseSymmetricOperator.copyOf(denseRaw, DENSE_N);
    dx = random(arena, DENSE_N, rnd);
    dy = arena.allocate(DENSE_N * 8L, 64);
    stream = random(arena, STREAM_DOUBLES, rnd);
    long t = 8L << 20;
    ta = arena.allocate(t * 8, 64);
    tb = random(arena, t, rnd);
    tc = random(arena, t, rnd);
  }

  private static MemorySegment random(Arena arena, long n, SplittableRandom rnd) {
    MemorySegment s = arena.allocate(n * 8, 64);
    for (long i = 0; i < n; i++) {
      s.setAtIndex(JAVA_DOUBLE, i, rnd.nextDouble(-1, 1));
    }
    return s;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    dense.close();
    arena.close();
  }

  @Benchmark
  public MemorySegment csrMatvec(Csr c) {
    c.op.apply(c.x, c.y);
    return c.y;
  }

  /**
   * The streaming bound of the CSR matvec measured in the same run: a SIMD read of 12 bytes per
   * stored entry (the values and indices every layout must read once) plus one read of x. The
   * blocked layout also streams x once per row block (16 times for n = 1e6), see
   * {@link #streamRead} for the bandwidth to price that at.
   */
  @Benchmark
  public double csrStreamBound(Csr c) {
    return sum(c.matrixBytes) + sum(c.x);
  }

  private static double sum(MemorySegment m) {
    ByteOrder o = ByteOrder.nativeOrder();
    long doubles = m.byteSize() / 8;
    long step = 4L * S.length();
    long bound = doubles - doubles % step;
    DoubleVector s0 = DoubleVector.zero(S);
    DoubleVector s1 = s0;
    DoubleVector s2 = s0;
    DoubleVector s3 = s0;
    for (long i = 0; i < bound; i += step) {
      long b = i * 8;
      s0 = s0.add(DoubleVector.fromMemorySegment(S, m, b, o));
      s1 = s1.add(DoubleVector.fromMemorySegment(S, m, b + S.vectorByteSize(), o));
      s2 = s2.add(DoubleVector.fromMemorySegment(S, m, b + 2L * S.vectorByteSize(), o));
      s3 = s3.add(DoubleVector.fromMemorySegment(S, m, b + 3L * S.vectorByteSize(), o));
    }
    double t = s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
    for (long i = bound; i < doubles; i++) {
      t += m.getAtIndex(JAVA_DOUBLE, i);
    }
    return t;
  }

  /** The operator as dispatched (the active provider's kernel). */
  @Benchmark
  public MemorySegment denseMatvec() {
    dense.apply(dx, dy);
    return dy;
  }

  /** The Vector API upper-triangle kernel called directly (what apply runs with Panama). */
  @Benchmark
  public MemorySegment denseMatvecSimdKernel() {
    PANAMA.denseSymmetric(denseRaw, DENSE_N, dx, dy);
    return dy;
  }

  /** The scalar upper-triangle kernel called directly, in the same run. */
  @Benchmark
  public MemorySegment denseMatvecScalarKernel() {
    SCALAR.denseSymmetric(denseRaw, DENSE_N, dx, dy);
    return dy;
  }

  /** Baseline: plain SIMD row-by-row matvec over the full matrix, 4 rows per pass. */
  @Benchmark
  public MemorySegment denseMatvecFullRows() {
    ByteOrder o = ByteOrder.nativeOrder();
    int n = DENSE_N;
    long rb = n * 8L;
    int bound = n - n % S.length();
    for (int i = 0; i < n; i += 4) {
      DoubleVector a0 = DoubleVector.zero(S);
      DoubleVector a1 = a0;
      DoubleVector a2 = a0;
      DoubleVector a3 = a0;
      long r0 = i * rb;
      for (int j = 0; j < bound; j += S.length()) {
        long jb = j * 8L;
        DoubleVector xv = DoubleVector.fromMemorySegment(S, dx, jb, o);
        a0 = DoubleVector.fromMemorySegment(S, denseRaw, r0 + jb, o).fma(xv, a0);
        a1 = DoubleVector.fromMemorySegment(S, denseRaw, r0 + rb + jb, o).fma(xv, a1);
        a2 = DoubleVector.fromMemorySegment(S, denseRaw, r0 + 2 * rb + jb, o).fma(xv, a2);
        a3 = DoubleVector.fromMemorySegment(S, denseRaw, r0 + 3 * rb + jb, o).fma(xv, a3);
      }
      dy.setAtIndex(JAVA_DOUBLE, i, a0.reduceLanes(VectorOperators.ADD));
      dy.setAtIndex(JAVA_DOUBLE, i + 1, a1.reduceLanes(VectorOperators.ADD));
      dy.setAtIndex(JAVA_DOUBLE, i + 2, a2.reduceLanes(VectorOperators.ADD));
      dy.setAtIndex(JAVA_DOUBLE, i + 3, a3.reduceLanes(VectorOperators.ADD));
    }
    return dy;
  }

  /** Reads 256 MiB: read bandwidth = 268435456 B / time. */
  @Benchmark
  public double streamRead() {
    ByteOrder o = ByteOrder.nativeOrder();
    DoubleVector s0 = DoubleVector.zero(S);
    DoubleVector s1 = s0;
    DoubleVector s2 = s0;
    DoubleVector s3 = s0;
    long step = 4L * S.length();
    for (long i = 0; i < STREAM_DOUBLES; i += step) {
      long b = i * 8;
      s0 = s0.add(DoubleVector.fromMemorySegment(S, stream, b, o));
      s1 = s1.add(DoubleVector.fromMemorySegment(S, stream, b + S.vectorByteSize(), o));
      s2 = s2.add(DoubleVector.fromMemorySegment(S, stream, b + 2L * S.vectorByteSize(), o));
      s3 = s3.add(DoubleVector.fromMemorySegment(S, stream, b + 3L * S.vectorByteSize(), o));
    }
    return s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
  }

  /** STREAM triad over 64 MiB arrays: 2 reads + 1 write (+1 write-allocate read). */
  @Benchmark
  public MemorySegment streamTriad() {
    ByteOrder o = ByteOrder.nativeOrder();
    long n = ta.byteSize() / 8;
    for (long i = 0; i < n; i += S.length()) {
      long b = i * 8;
      DoubleVector.fromMemorySegment(S, tc, b, o).mul(3.0)
          .add(DoubleVector.fromMemorySegment(S, tb, b, o)).intoMemorySegment(ta, b, o);
    }
    return ta;
  }
}
