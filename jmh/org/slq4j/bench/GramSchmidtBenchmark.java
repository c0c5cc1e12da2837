package org.slq4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
import org.slq4j.internal.vectorization.VectorKernels;

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
  private double[] known;

  @Setup(Level.Trial)
  public void setUp() {
    arena = Arena.ofShared();
    // k basis vectors plus the slot that lanczosSweep reads y from and writes w to.
    basis = OffHeap.allocateDoubles(arena, (k + 1) * n);
    w = OffHeap.allocateDoubles(arena, n);
    wOrth = OffHeap.allocateDoubles(arena, n);
    wSpan = OffHeap.allocateDoubles(arena, n);
    h = new double[k];
    known = new double[k];
    for (int j = 0; j < k; j++) {
      known[j] = 1e-16 * (j + 1); // rounding-sized, as in Lanczos
    }
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
    // Compile nrm2 before the first call over the whole basis: at n = 1e7 an iteration holds
    // one 6.4 GB call, and the first two ran in not-yet-C2 code (2.8 and 2.3 s, then 0.45 s).
    double sink = 0;
    for (int i = 0; i < 20_000; i++) {
      sink += VectorKernels.nrm2(basis, (long) (i % k) * n, 4096);
    }
    if (Double.isNaN(sink)) {
      throw new IllegalStateException("basis holds NaN");
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

  /**
   * One sweep of the row-tiled kernels over V with a given tile height and kernel shape,
   * reached through the package-private PanamaKernelSupport entry points (the benchmark runs on
   * the class path, so a private lookup works). shape: basis vectors per load of w x
   * projection accumulators per vector.
   */
  @State(Scope.Benchmark)
  public static class Variant {
    @Param({"2048", "16384", "65536"})
    public long tile;

    @Param({"1x2", "2x2", "4x2"})
    public String shape;

    int shapeCode;
    MethodHandle project;
    MethodHandle update;
    double[] c;

    @Setup(Level.Trial)
    public void setUp(GramSchmidtBenchmark b) throws ReflectiveOperationException {
      shapeCode = switch (shape) {
        case "1x2" -> 0;
        case "2x2" -> 1;
        case "4x2" -> 2;
        default -> throw new IllegalArgumentException("shape " + shape);
      };
      Class<?> impl = Class.forName("org.slq4j.internal.vectorization.PanamaKernelSupport");
      MethodHandles.Lookup l = MethodHandles.privateLookupIn(impl, MethodHandles.lookup());
      project = l.findStatic(impl, "projectSweep", MethodType.methodType(double.class,
          MemorySegment.class, long.class, int.class, long.class, MemorySegment.class,
          long.class, double[].class, long.class, int.class));
      update = l.findStatic(impl, "updateSweep", MethodType.methodType(double.class,
          MemorySegment.class, long.class, int.class, long.class, MemorySegment.class,
          long.class, double[].class, double[].class, long.class, int.class));
      c = new double[b.k];
      // Small coefficients of alternating sign: w stays bounded over many update sweeps.
      for (int j = 0; j < b.k; j++) {
        c[j] = (j % 2 == 0 ? 1e-3 : -1e-3) / (1 + j);
      }
    }
  }

  /** Projection sweep c = V^T w (reads V once: 8 k n bytes). */
  @Benchmark
  public double projectSweep(Variant s) throws Throwable {
    return (double) s.project.invokeExact(basis, 0L, k, n, w, 0L, h, s.tile, s.shapeCode);
  }

  /** Update sweep w -= V c (reads V once: 8 k n bytes; w stays in cache per tile). */
  @Benchmark
  public double updateSweep(Variant s) throws Throwable {
    return (double) s.update.invokeExact(basis, 0L, k, n, w, 0L, s.c, (double[]) null, s.tile,
        s.shapeCode);
  }

  /**
   * The Lanczos step's sweep (what SLQ runs per step since the delayed reorthogonalization): the
   * three-term step, the removal of rounding-sized known parts and the projection on all k
   * stored vectors, reading each once (k + 1 vectors read, one written). Compare with one
   * blocked CGS pass (blockedNearlyOrthogonal: 2 reads of V) and streamReadBasis.
   */
  @Benchmark
  public double lanczosSweep() {
    VectorKernels.copy(wOrth, 0, basis, k * n, n);
    return VectorKernels.lanczosSweep(basis, 0, k, n, 1.0, 1e-3, 1e-3, known, h);
  }

  /** Plain streaming read of the basis (same 8 k n bytes): one sum-of-squares pass. */
  @Benchmark
  public double streamReadBasis() {
    return VectorKernels.nrm2(basis, 0, k * n);
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
