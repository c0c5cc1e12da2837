package org.slq4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slq4j.internal.memory.OffHeap;
import org.slq4j.internal.vectorization.FloatBasisSupport;
import org.slq4j.internal.vectorization.KernelSupport;
import org.slq4j.internal.vectorization.VectorizationProvider;

/**
 * The Lanczos step's sweep over k stored vectors of length n (the three-term step, the removal
 * of rounding-sized known parts and the projection on all k stored vectors, reading each once),
 * for the scalar and the Panama family in the same run, against a plain streaming read of the
 * same 8 k n bytes ({@code streamReadBasis}: the bound). The float-basis sweep
 * ({@code lanczosSweepFloat}: 4 k n bytes of stored floats, y read, the new float vector and x
 * written) beside it; its bytes per second are held against the same plain read.
 *
 * <p>{@code mvn -B -q -P jmh verify -DskipTests -Djmh.args="LanczosSweepBenchmark -f 1 -wi 3
 * -i 5"}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector",
    "--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
@State(Scope.Benchmark)
public class LanczosSweepBenchmark {

  @Param({"1000000"})
  public long n;

  @Param({"80"})
  public int k;

  /** The kernel family: "scalar" or "panama". */
  @Param({"scalar", "panama"})
  public String provider;

  private KernelSupport kernels;
  private FloatBasisSupport floatKernels;
  private Arena arena;
  private MemorySegment basis;
  private MemorySegment floats;
  private MemorySegment x;
  private MemorySegment y;
  private double[] known;
  private double[] p;

  @Setup(Level.Trial)
  public void setUp() {
    VectorizationProvider vp = provider.equals("scalar") ? VectorizationProvider.scalar()
        : VectorizationProvider.panama().orElseThrow(
            () -> new IllegalStateException("needs --add-modules jdk.incubator.vector"));
    kernels = vp.kernelSupport();
    floatKernels = vp.floatBasisSupport();
    arena = Arena.ofShared();
    // k stored vectors plus the slot that the sweep reads y from and writes w to.
    basis = OffHeap.allocateDoubles(arena, (k + 1) * n);
    y = OffHeap.allocateDoubles(arena, n);
    known = new double[k];
    p = new double[k];
    for (int j = 0; j < k; j++) {
      known[j] = 1e-16 * (j + 1); // rounding-sized, as in Lanczos
    }
    double scale = Math.sqrt(3.0 / n); // uniform(-1,1) has variance 1/3
    SplittableRandom r = new SplittableRandom(1);
    for (long i = 0; i < k * n; i++) {
      basis.setAtIndex(JAVA_DOUBLE, i, scale * (2 * r.nextDouble() - 1));
    }
    for (long i = 0; i < n; i++) {
      y.setAtIndex(JAVA_DOUBLE, i, scale * (2 * r.nextDouble() - 1));
    }
    floats = OffHeap.allocate(arena, (k + 1) * n * Float.BYTES);
    x = OffHeap.allocateDoubles(arena, n);
    for (long i = 0; i < k * n; i++) {
      floats.setAtIndex(JAVA_FLOAT, i, (float) basis.getAtIndex(JAVA_DOUBLE, i));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    arena.close();
  }

  @Benchmark
  public double lanczosSweep() {
    kernels.copy(y, 0, basis, k * n, n);
    return kernels.lanczosSweep(basis, 0, k, n, 1.0, 1e-3, 1e-3, known, p);
  }

  /** Plain streaming read of the stored vectors (same 8 k n bytes): one sum-of-squares pass. */
  @Benchmark
  public double streamReadBasis() {
    return kernels.nrm2(basis, 0, k * n);
  }

  /** The sweep over k stored float vectors (y only read: no copy needed). */
  @Benchmark
  public double lanczosSweepFloat() {
    return floatKernels.lanczosSweepRows(floats, 0, n, k, n, y, 0, x, 0, 1.0, 1e-3, 1e-3,
        known, 1.0, p);
  }

}
