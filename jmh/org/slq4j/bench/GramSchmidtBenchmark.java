package org.slq4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

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
import org.slq4j.kernels.OffHeap;
import org.slq4j.kernels.VectorKernels;

/**
 * Reorthogonalization of w against k stored basis vectors: the library's blocked, row-tiled
 * Gram-Schmidt against the sequential modified Gram-Schmidt loop (k dots and k axpys over
 * contiguous vectors, what NumPy reference implementations do), both on the SIMD level-1
 * kernels. Two inputs: w nearly orthogonal to V (the Lanczos case after the three-term update:
 * one CGS pass, DGKS asks for no second) and w mostly inside span(V) (a full CGS2).
 *
 * <p>The basis is k random vectors of unit expected norm: pairwise products ~ 1/sqrt(n), so the
 * DGKS decisions are those of an orthonormal basis while setup stays seconds, not minutes. The
 * n = 1e7 case holds a 6.4 GB basis: run it alone ({@code -p n=10000000}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector",
    "--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
@State(Scope.Benchmark)
public class GramSchmidtBenchmark {

  @Param({"1000000", "10000000"})
  public long n;

  @Param({"80"})
  public int k;

  private Arena arena;
  private MemorySegment basis;
  private MemorySegment w;
  private MemorySegment wOrth;
  private MemorySegment wSpan;
  private double[] h;

  @Setup(Level.Trial)
  public void setUp() {
    arena = Arena.ofShared();
    basis = OffHeap.allocateDoubles(arena, k * n);
    w = OffHeap.allocateDoubles(arena, n);
    wOrth = OffHeap.allocateDoubles(arena, n);
    wSpan = OffHeap.allocateDoubles(arena, n);
    h = new double[k];
    double scale = Math.sqrt(3.0 / n); // uniform(-1,1) has variance 1/3
    SplittableRandom r = new SplittableRandom(1);
    for (long i = 0; i < k * n; i++) {
      basis.setAtIndex(JAVA_DOUBLE, i, scale * (2 * r.nextDouble() - 1));
    }
    for (long i = 0; i < n; i++) {
      wOrth.setAtIndex(JAVA_DOUBLE, i, scale * (2 * r.nextDouble() - 1));
      wSpan.setAtIndex(JAVA_DOUBLE, i, 1e-3 * scale * (2 * r.nextDouble() - 1));
    }
    for (int j = 0; j < k; j++) {
      VectorKernels.axpy(1.0 + j * 0.01, basis, j * n, wSpan, 0, n);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    arena.close();
  }

  /** Restores w before each call (80 MB at n = 1e7: about 1% of the basis traffic). */
  @Setup(Level.Invocation)
  public void resetW() {
    VectorKernels.copy(wOrth, 0, w, 0, n);
  }

  @Benchmark
  public int blockedNearlyOrthogonal() {
    return VectorKernels.orthogonalize(basis, 0, k, n, w, 0, h);
  }

  @Benchmark
  public double mgsNearlyOrthogonal() {
    return mgs(1);
  }

  /** w from span(V): the first pass cancels ~all of w, DGKS runs the second. */
  @Benchmark
  public int blockedInSpan() {
    VectorKernels.copy(wSpan, 0, w, 0, n);
    return VectorKernels.orthogonalize(basis, 0, k, n, w, 0, h);
  }

  /** MGS applied twice, the like-for-like reference for a two-pass CGS2 call. */
  @Benchmark
  public double mgsTwiceInSpan() {
    VectorKernels.copy(wSpan, 0, w, 0, n);
    return mgs(2);
  }

  private double mgs(int sweeps) {
    double last = 0;
    for (int s = 0; s < sweeps; s++) {
      for (int j = 0; j < k; j++) {
        last = VectorKernels.dot(basis, j * n, w, 0, n);
        VectorKernels.axpy(-last, basis, j * n, w, 0, n);
      }
    }
    return last;
  }
}
