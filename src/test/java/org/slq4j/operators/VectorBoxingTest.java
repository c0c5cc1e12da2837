package org.slq4j.operators;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.vectorization.VectorKernels;
import org.slq4j.internal.vectorization.VectorizationProvider;

/**
 * The SIMD operator kernels (and the fused three-term update of the runs) must not box vectors
 * however the JIT's shared profiles look.
 *
 * <p>Vector API calls such as {@code add} dispatch on the vector's class, which C2 does not know
 * for a freshly loaded vector while it parses a kernel; it then binds the call from the type
 * profile of the API's own methods, shared by every vector in the JVM. When that profile has
 * seen several shapes, C2 inlines several or none and the compiled loop allocates a box per
 * vector operation (seen as a 1.6-2x slower CSR block kernel in about one JVM in three). The
 * kernels type every vector they start from exactly, which rules this out.
 *
 * <p>Allocation, unlike time, is a deterministic measure of it: boxing costs at least 32 bytes
 * per vector operation, the kernels' own buffers a few bytes per entry of work. A child JVM
 * without tiered compilation (C2 compiles from the interpreter's profile, the case that went
 * wrong) first runs vector code of four shapes through the interpreter, so the API's profiles
 * are megamorphic, then warms each kernel until C2 has compiled it and measures the bytes
 * allocated per unit of work of a further call.
 */
class VectorBoxingTest {

  /** Bound on allocation per unit of kernel work; a box per vector operation costs >= 32. */
  static final double MAX_BYTES_PER_UNIT = 4.0;

  @TempDir
  Path dir;

  @Test
  void kernelsDoNotBoxAfterProfilePollution() throws IOException, InterruptedException {
    assumeTrue(VectorizationProvider.panama().isPresent(), "no jdk.incubator.vector in this JVM");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>(List.of(java.toString(),
        "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-XX:-TieredCompilation", "-Xbatch", "-Xmx1g",
        "-cp", System.getProperty("java.class.path"), Probe.class.getName()));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectOutput(dir.resolve("out").toFile())
        .redirectError(dir.resolve("err").toFile())
        .start();
    boolean finished = p.waitFor(300, TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly();
    }
    assertTrue(finished, "probe finished in time");
    String out = Files.readString(dir.resolve("out"), StandardCharsets.UTF_8);
    String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out + err);
    List<String> lines = out.lines().filter(l -> l.startsWith("kernel ")).toList();
    assertEquals(Probe.CASES, lines.size(), out + err);
    // "kernel <name> bytesPerUnit <value>"
    List<String> boxing = lines.stream()
        .filter(l -> !(Double.parseDouble(l.split(" ")[3]) < MAX_BYTES_PER_UNIT)).toList();
    assertEquals(List.of(), boxing, "kernels allocating per unit of work; all: " + lines);
  }

  /** The child JVM: pollutes the Vector API's profiles, then measures each kernel. */
  static final class Probe {

    static final int CASES = 14;

    /**
     * com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes, by reflection: the tests
     * are compiled into the library's module, which does not read the management modules.
     */
    private static long allocatedBytes() {
      try {
        Object bean = Class.forName("java.lang.management.ManagementFactory")
            .getMethod("getThreadMXBean").invoke(null);
        return (long) Class.forName("com.sun.management.ThreadMXBean")
            .getMethod("getCurrentThreadAllocatedBytes").invoke(bean);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    public static void main(String[] args) {
      pollute();
      Random rnd = new Random(11);
      int n = 1 << 16;
      // Random sparsity; both CSR layouts forced, the blocked one with small tiles (8192 x 4096).
      CsrOperator.Builder blockedBuilder = CsrOperator.builder(n).layout(true, 8192, 4096);
      CsrOperator.Builder plainBuilder = CsrOperator.builder(n).layout(false, 8192, 4096);
      for (int k = 0; k < 4 * n; k++) {
        int i = rnd.nextInt(n);
        int j = rnd.nextInt(n);
        double v = rnd.nextGaussian();
        blockedBuilder.add(i, j, v).add(j, i, v);
        plainBuilder.add(i, j, v).add(j, i, v);
      }
      CsrOperator blocked = blockedBuilder.build();
      CsrOperator plain = plainBuilder.build();
      // Kernels called many times per matvec: C2 compiles them within the warm-up calls.
      for (int count : new int[] {2, 4, 3, 8, 12, 16}) {
        matvec("csr-blocked-" + count, blocked, count, 30);
      }
      for (int count : new int[] {4, 8}) {
        matvec("csr-plain-" + count, plain, count, 30);
      }
      double[][] a = new double[1024][1024];
      for (int i = 0; i < a.length; i++) {
        for (int j = 0; j <= i; j++) {
          a[i][j] = a[j][i] = rnd.nextGaussian();
        }
      }
      matvec("dense", DenseSymmetricOperator.of(a), 1, 60);
      // The stencil loops run once per grid line (4096 per call here).
      matvec("laplacian", LaplacianOperator.of(64, 64, 64), 1, 30);
      matvec("laplacian-3", LaplacianOperator.of(64, 64, 64), 3, 30);
      // The diagonal kernel runs once per call: warmed on a small operator (12000 calls, so that
      // C2 compiles the method itself, not only its loop), measured on a large one.
      double[] d = new double[(1 << 20) + 3];
      Arrays.fill(d, 3.0);
      DiagonalOperator small = DiagonalOperator.of(Arrays.copyOf(d, 67));
      DiagonalOperator large = DiagonalOperator.of(d);
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment x = random(arena, d.length, rnd);
        MemorySegment y = arena.allocate((long) d.length * Double.BYTES, 64);
        report("diagonal-warmup", 1, () -> small.apply(x, y), 12_000);
        report("diagonal", d.length, () -> large.apply(x, y), 0);
      }
      // The fused three-term update of runs without reorthogonalization, with and without its
      // u term (the first step of a run), called on row chunks as the runs call it.
      int rows = 1 << 16;
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment s = random(arena, 3L * rows, rnd);
        for (boolean withU : new boolean[] {true, false}) {
          report("threeTerm" + (withU ? "" : "-without-u"), rows,
              () -> VectorKernels.lanczosThreeTerm(s, 0, s, rows, withU ? s : null, 2L * rows,
                  1.0, 1e-3, 1e-3, rows), 2_000);
        }
      }
    }

    private static MemorySegment random(Arena arena, long len, Random rnd) {
      MemorySegment s = arena.allocate(len * Double.BYTES, 64);
      for (long i = 0; i < len; i++) {
        s.setAtIndex(JAVA_DOUBLE, i, rnd.nextGaussian());
      }
      return s;
    }

    /** Y = H X for count vectors: warm-up calls, then one measured call. */
    private static void matvec(String name, SymmetricOperator op, int count, int warm) {
      try (Arena arena = Arena.ofConfined()) {
        long len = op.dimension() * count;
        MemorySegment x = random(arena, len, new Random(count));
        MemorySegment y = arena.allocate(len * Double.BYTES, 64);
        double units = op instanceof CsrOperator csr ? (double) csr.nnz() * count
            : op instanceof LaplacianOperator ? (double) len
            : (double) op.dimension() * op.dimension();
        report(name, units, () -> {
          if (count == 1) {
            op.apply(x, y);
          } else {
            op.applyBlock(x, y, count);
          }
        }, warm);
      }
    }

    /** Calls {@code work} {@code warm} times, then prints the bytes of one more call per unit. */
    private static void report(String name, double units, Runnable work, int warm) {
      for (int i = 0; i < warm; i++) {
        work.run();
      }
      allocatedBytes();
      StringBuilder all = new StringBuilder();
      long least = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        long before = allocatedBytes();
        work.run();
        long bytes = allocatedBytes() - before;
        least = Math.min(least, bytes);
        all.append(' ').append(bytes);
      }
      if (!name.endsWith("-warmup")) {
        System.out.println("kernel " + name + " bytesPerUnit " + least / units + " (bytes:" + all
            + ")");
      }
    }

    /**
     * Runs the Vector API calls the kernels use on vectors of four shapes, interpreted (the
     * child has no C1), so that their receiver profiles hold four classes.
     */
    private static void pollute() {
      List<VectorSpecies<Double>> shapes = List.of(DoubleVector.SPECIES_64,
          DoubleVector.SPECIES_128, DoubleVector.SPECIES_256, DoubleVector.SPECIES_512);
      double[] arr = new double[64];
      double sink = 0;
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment seg = arena.allocate(64 * Double.BYTES, 64);
        for (int rep = 0; rep < 200; rep++) {
          for (VectorSpecies<Double> s : shapes) {
            DoubleVector a = DoubleVector.fromArray(s, arr, 0);
            DoubleVector b = DoubleVector.fromMemorySegment(s, seg, 0, ByteOrder.nativeOrder());
            DoubleVector c = DoubleVector.broadcast(s, 1.5).add(a).mul(b).fma(a, b);
            c = c.add(DoubleVector.zero(s)).sub(a);
            c.intoArray(arr, 0);
            c.intoMemorySegment(seg, 0, ByteOrder.nativeOrder());
            sink += c.lane(0);
          }
        }
      }
      if (sink == 42) {
        System.out.println();
      }
    }
  }
}
