package org.slq4j.internal.vectorization;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
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

/** TEMPORARY: loop vs unrolled CSR block kernels in one run. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector",
    "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class ChunkVariantsBenchmark {

  static final int ROWS = 1 << 16;
  static final int PANEL = 1 << 14;
  static final int CHUNK = 2048;
  static final int CHUNKS = 64;

  @Param({"4", "8", "12", "16"})
  public int w;

  Arena arena;
  MemorySegment x;
  char[][] r = new char[CHUNKS][CHUNK];
  char[][] c = new char[CHUNKS][CHUNK];
  double[][] v = new double[CHUNKS][CHUNK];
  double[] y;
  // plain CSR
  static final int N = 200_000;
  MemorySegment rp;
  MemorySegment col;
  MemorySegment val;
  MemorySegment px;
  MemorySegment py;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(1);
    arena = Arena.ofShared();
    x = arena.allocate((long) PANEL * w * 8 + 64, 64);
    for (long i = 0; i < x.byteSize() / 8; i++) {
      x.setAtIndex(JAVA_DOUBLE, i, rnd.nextDouble());
    }
    y = new double[ROWS * w];
    for (int k = 0; k < CHUNKS; k++) {
      for (int q = 0; q < CHUNK; q++) {
        r[k][q] = (char) rnd.nextInt(ROWS);
        c[k][q] = (char) rnd.nextInt(PANEL - 1);
        v[k][q] = rnd.nextDouble();
      }
      Arrays.sort(c[k]);
    }
    int per = 10;
    rp = arena.allocate(JAVA_LONG, N + 1);
    col = arena.allocate(JAVA_INT, (long) N * per);
    val = arena.allocate(JAVA_DOUBLE, (long) N * per);
    for (int i = 0; i <= N; i++) {
      rp.setAtIndex(JAVA_LONG, i, (long) i * per);
    }
    for (long e = 0; e < (long) N * per; e++) {
      col.setAtIndex(JAVA_INT, e, rnd.nextInt(N));
      val.setAtIndex(JAVA_DOUBLE, e, rnd.nextDouble());
    }
    px = arena.allocate((long) N * w * 8, 64);
    py = arena.allocate((long) N * w * 8, 64);
    for (long i = 0; i < (long) N * w; i++) {
      px.setAtIndex(JAVA_DOUBLE, i, rnd.nextDouble());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    arena.close();
  }

  @Benchmark
  public double[] chunkLoop() {
    for (int k = 0; k < CHUNKS; k++) {
      PanamaMatvecSupport.chunkQuads(r[k], c[k], v[k], CHUNK, x, 0, w * 8L, y, w);
    }
    return y;
  }

  @Benchmark
  public double[] chunkUnrolled() {
    for (int k = 0; k < CHUNKS; k++) {
      PanamaMatvecSupport.chunkUnrolled(r[k], c[k], v[k], CHUNK, x, 0, w * 8L, y, w);
    }
    return y;
  }

  @Benchmark
  public MemorySegment plainQuads() {
    VectorizationProvider.panama().orElseThrow().matvecSupport()
        .csrPlainBlock(N, rp, col, val, px, py, w);
    return py;
  }

  @Benchmark
  public MemorySegment plainOcts() {
    PanamaMatvecSupport.csrPlainBlockOcts(N, rp, col, val, px, py, w);
    return py;
  }
}
