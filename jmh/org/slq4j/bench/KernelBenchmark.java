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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slq4j.internal.memory.OffHeap;
import org.slq4j.internal.vectorization.VectorKernels;
import org.slq4j.internal.vectorization.VectorizationProvider;

/**
 * Level-1 kernels, each as a *Scalar (the plain loop a user would write; C2 autovectorizes what
 * it can) and a *Vector (the library's kernel) method, plus a STREAM-like copy/triad/read
 * bandwidth measurement over arrays far beyond the L3, in the same run so that ratios compare
 * like with like. Vectors of 2 MiB and more come from {@link OffHeap} (huge pages); the
 * *Plain4k methods repeat dot on 64-byte aligned Arena memory (4 KiB pages) to measure what huge
 * pages buy. STREAM figures count bytes the STREAM way (copy 16, triad 24, read 8, read2 16
 * bytes per element).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector",
    "--enable-native-access=ALL-UNNAMED"})
public class KernelBenchmark {

  private static final VectorSpecies<Double> S256 = DoubleVector.SPECIES_256;
  private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

  /** Level-1 operands. */
  @State(Scope.Benchmark)
  public static class Vectors {
    @Param({"1000", "100003", "10000000"})
    public int n;

    Arena arena;
    MemorySegment x;
    MemorySegment y;
    MemorySegment u;
    MemorySegment xPlain;
    MemorySegment yPlain;
    double a = 1e-9;

    @Setup(Level.Trial)
    public void setUp() {
      if (VectorizationProvider.getInstance() != VectorizationProvider.panama().orElse(null)) {
        throw new IllegalStateException("benchmark needs the SIMD kernels");
      }
      arena = Arena.ofShared();
      x = OffHeap.allocateDoubles(arena, n);
      y = OffHeap.allocateDoubles(arena, n);
      u = OffHeap.allocateDoubles(arena, n);
      xPlain = arena.allocate(JAVA_DOUBLE.byteSize() * n, 64);
      yPlain = arena.allocate(JAVA_DOUBLE.byteSize() * n, 64);
      SplittableRandom r = new SplittableRandom(42);
      for (long i = 0; i < n; i++) {
        x.setAtIndex(JAVA_DOUBLE, i, r.nextDouble() - 0.5);
        y.setAtIndex(JAVA_DOUBLE, i, r.nextDouble() - 0.5);
        u.setAtIndex(JAVA_DOUBLE, i, r.nextDouble() - 0.5);
      }
      MemorySegment.copy(x, 0, xPlain, 0, x.byteSize());
      MemorySegment.copy(y, 0, yPlain, 0, y.byteSize());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      arena.close();
    }
  }

  // ---- dot

  @Benchmark
  public double dotScalar(Vectors v) {
    MemorySegment x = v.x;
    MemorySegment y = v.y;
    double s = 0;
    for (int i = 0; i < v.n; i++) {
      s += x.getAtIndex(JAVA_DOUBLE, i) * y.getAtIndex(JAVA_DOUBLE, i);
    }
    return s;
  }

  @Benchmark
  public double dotVector(Vectors v) {
    return VectorKernels.dot(v.x, 0, v.y, 0, v.n);
  }

  @Benchmark
  public double dotVectorPlain4k(Vectors v) {
    return VectorKernels.dot(v.xPlain, 0, v.yPlain, 0, v.n);
  }

  // ---- nrm2

  @Benchmark
  public double nrm2Scalar(Vectors v) {
    // What a careful user writes without a library: the LAPACK 3.9 one-pass scaled loop.
    MemorySegment x = v.x;
    double scale = 0;
    double ssq = 1;
    for (int i = 0; i < v.n; i++) {
      double a = Math.abs(x.getAtIndex(JAVA_DOUBLE, i));
      if (a != 0) {
        if (scale < a) {
          double r = scale / a;
          ssq = 1 + ssq * r * r;
          scale = a;
        } else {
          double r = a / scale;
          ssq += r * r;
        }
      }
    }
    return scale * Math.sqrt(ssq);
  }

  @Benchmark
  public double nrm2Vector(Vectors v) {
    return VectorKernels.nrm2(v.x, 0, v.n);
  }

  // ---- axpy (a tiny a keeps y bounded over billions of calls)

  @Benchmark
  public void axpyScalar(Vectors v) {
    MemorySegment x = v.x;
    MemorySegment y = v.y;
    double a = v.a;
    for (int i = 0; i < v.n; i++) {
      y.setAtIndex(JAVA_DOUBLE, i, y.getAtIndex(JAVA_DOUBLE, i) + a * x.getAtIndex(JAVA_DOUBLE, i));
    }
  }

  @Benchmark
  public void axpyVector(Vectors v) {
    VectorKernels.axpy(v.a, v.x, 0, v.y, 0, v.n);
  }

  /**
   * The axpy kernel written with 256-bit vectors explicitly: on an AVX-512 machine this compares
   * against the library's choice; where the preferred species is already 256-bit (AVX2 guests)
   * it is the same loop without the facade.
   */
  @Benchmark
  public void axpyVector256(Vectors v) {
    MemorySegment x = v.x;
    MemorySegment y = v.y;
    DoubleVector a = DoubleVector.broadcast(S256, v.a);
    long n = v.n;
    long step = S256.length();
    long i = 0;
    long bound = n - n % (2 * step);
    for (; i < bound; i += 2 * step) {
      long o = i * 8;
      DoubleVector y0 = DoubleVector.fromMemorySegment(S256, x, o, NATIVE)
          .fma(a, DoubleVector.fromMemorySegment(S256, y, o, NATIVE));
      DoubleVector y1 = DoubleVector.fromMemorySegment(S256, x, o + 32, NATIVE)
          .fma(a, DoubleVector.fromMemorySegment(S256, y, o + 32, NATIVE));
      y0.intoMemorySegment(y, o, NATIVE);
      y1.intoMemorySegment(y, o + 32, NATIVE);
    }
    for (; i < n; i++) {
      y.setAtIndex(JAVA_DOUBLE, i, Math.fma(v.a, x.getAtIndex(JAVA_DOUBLE, i),
          y.getAtIndex(JAVA_DOUBLE, i)));
    }
  }

  // ---- Lanczos three-term update (tiny beta: w stays bounded)

  @Benchmark
  public double lanczosUpdateScalar(Vectors v) {
    MemorySegment w = v.y;
    MemorySegment x = v.x;
    MemorySegment u = v.u;
    double alpha = 0;
    for (int i = 0; i < v.n; i++) {
      alpha += w.getAtIndex(JAVA_DOUBLE, i) * x.getAtIndex(JAVA_DOUBLE, i);
    }
    alpha *= 1e-9;
    for (int i = 0; i < v.n; i++) {
      w.setAtIndex(JAVA_DOUBLE, i, w.getAtIndex(JAVA_DOUBLE, i) - alpha * x.getAtIndex(JAVA_DOUBLE, i)
          - 1e-9 * u.getAtIndex(JAVA_DOUBLE, i));
    }
    return alpha;
  }

  @Benchmark
  public double lanczosUpdateVector(Vectors v) {
    return VectorKernels.lanczosUpdate(v.y, 0, v.x, 0, v.u, 0, 1e-9, v.n);
  }

  // ---- STREAM-like bandwidth, arrays of 20M doubles (160 MB each, 20x the 8 MiB L3 this
  // guest reports and 5x the 32 MiB of the host CCD)

  /** Operands for the bandwidth measurement. */
  @State(Scope.Benchmark)
  public static class Stream {
    static final long N = 20_000_000;
    Arena arena;
    MemorySegment a;
    MemorySegment b;
    MemorySegment c;

    @Setup(Level.Trial)
    public void setUp() {
      arena = Arena.ofShared();
      a = OffHeap.allocateDoubles(arena, N);
      b = OffHeap.allocateDoubles(arena, N);
      c = OffHeap.allocateDoubles(arena, N);
      VectorKernels.fill(1.0, a, 0, N);
      VectorKernels.fill(2.0, b, 0, N);
      VectorKernels.fill(0.5, c, 0, N);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      arena.close();
    }
  }

  /** STREAM Copy: 16 bytes per element by STREAM's count. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void streamCopy(Stream s) {
    MemorySegment.copy(s.a, 0, s.c, 0, Stream.N * 8);
  }

  /** STREAM Triad a = b + q*c: 24 bytes per element by STREAM's count. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void streamTriad(Stream s) {
    VectorSpecies<Double> sp = DoubleVector.SPECIES_PREFERRED;
    DoubleVector q = DoubleVector.broadcast(sp, 3.0);
    long step = sp.length();
    long bound = Stream.N - Stream.N % step;
    for (long i = 0; i < bound; i += step) {
      long o = i * 8;
      DoubleVector.fromMemorySegment(sp, s.c, o, NATIVE).fma(q,
          DoubleVector.fromMemorySegment(sp, s.b, o, NATIVE)).intoMemorySegment(s.a, o, NATIVE);
    }
  }

  /** Read-only bandwidth (the bound for dot and projections): 8 bytes per element. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public double streamRead(Stream s) {
    VectorSpecies<Double> sp = DoubleVector.SPECIES_PREFERRED;
    DoubleVector a0 = DoubleVector.zero(sp);
    DoubleVector a1 = a0;
    long step = sp.length();
    long bound = Stream.N - Stream.N % (2 * step);
    for (long i = 0; i < bound; i += 2 * step) {
      long o = i * 8;
      a0 = a0.add(DoubleVector.fromMemorySegment(sp, s.b, o, NATIVE));
      a1 = a1.add(DoubleVector.fromMemorySegment(sp, s.b, o + step * 8, NATIVE));
    }
    return a0.add(a1).reduceLanes(VectorOperators.ADD);
  }

  /**
   * Read-only bandwidth over two arrays at once (dot's access pattern without the multiply):
   * 16 bytes per element. One core here keeps more misses in flight over two streams than over
   * one, so this, not {@link #streamRead}, is the bound for dot and the GS projection.
   */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public double streamRead2(Stream s) {
    VectorSpecies<Double> sp = DoubleVector.SPECIES_PREFERRED;
    DoubleVector a0 = DoubleVector.zero(sp);
    DoubleVector a1 = a0;
    DoubleVector a2 = a0;
    DoubleVector a3 = a0;
    long step = sp.length();
    long bound = Stream.N - Stream.N % (2 * step);
    for (long i = 0; i < bound; i += 2 * step) {
      long o = i * 8;
      a0 = a0.add(DoubleVector.fromMemorySegment(sp, s.a, o, NATIVE));
      a1 = a1.add(DoubleVector.fromMemorySegment(sp, s.b, o, NATIVE));
      a2 = a2.add(DoubleVector.fromMemorySegment(sp, s.a, o + step * 8, NATIVE));
      a3 = a3.add(DoubleVector.fromMemorySegment(sp, s.b, o + step * 8, NATIVE));
    }
    return a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
  }
}
