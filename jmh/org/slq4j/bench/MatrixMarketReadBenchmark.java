package org.slq4j.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.slq4j.io.LoadedMatrix;
import org.slq4j.io.MatrixFiles;

/**
 * Read throughput of a large Matrix Market coordinate file: the 3-D 7-point Laplacian on a
 * k x k x k grid (n = k^3 rows), lower triangle in {@code symmetric} coordinate format with the
 * values written as {@code scipy.io.mmwrite} writes them ({@code %.16e}), about 4n entries. The
 * file is written once (kept when it exists) and read {@code --repeat} times; one JSON line
 * reports MB/s of the fastest and the median read, the largest heap the JVM had committed after
 * a read (an upper bound of the heap the reader used; the module does not read
 * java.management, where the heap pools' peaks are) and the peak resident set of the process
 * (VmHWM), which counts the off-heap arrays too. n is rounded to the nearest cube.
 *
 * <pre>mvn -B -q -P bench verify -DskipTests -Dbench.main=org.slq4j.bench.MatrixMarketReadBenchmark
 *     -Dbench.args="--n 1000000 --file /tmp/laplace3d-1e6.mtx --repeat 5"</pre>
 *
 * jmh/python/mmread_reference.py times {@code scipy.io.mmread} on the same file.
 */
public final class MatrixMarketReadBenchmark {

  private MatrixMarketReadBenchmark() {}

  public static void main(String[] args) throws IOException {
    long n = 1_000_000;
    Path file = null;
    int repeat = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--n" -> n = (long) Double.parseDouble(args[++i]);
        case "--file" -> file = Path.of(args[++i]);
        case "--repeat" -> repeat = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    int k = (int) Math.round(Math.cbrt((double) n));
    if (file == null) {
      file = Path.of(System.getProperty("java.io.tmpdir"), "laplace3d-" + k + ".mtx");
    }
    if (!Files.exists(file)) {
      long t0 = System.nanoTime();
      writeLaplacian(file, k);
      System.err.printf(Locale.ROOT, "# wrote %s in %.1f s%n", file,
          (System.nanoTime() - t0) * 1e-9);
    }
    long bytes = Files.size(file);
    double[] seconds = new double[repeat];
    long nnz = 0;
    long heapCommitted = 0;
    long dimension = 0;
    for (int r = 0; r < repeat; r++) {
      long t0 = System.nanoTime();
      try (LoadedMatrix m = MatrixFiles.load(file)) {
        seconds[r] = (System.nanoTime() - t0) * 1e-9;
        heapCommitted = Math.max(heapCommitted, Runtime.getRuntime().totalMemory());
        nnz = m.storedNonzeros();
        dimension = m.dimension();
      }
      System.err.printf(Locale.ROOT, "# read %d: %.2f s, %.1f MB/s%n", r + 1, seconds[r],
          bytes / seconds[r] / 1e6);
    }
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "{\"reader\": \"slq4j\", \"file\": \"%s\", \"n\": %d, "
        + "\"stored_entries\": %d, \"bytes\": %d, \"repeat\": %d, \"best_s\": %.3f, "
        + "\"median_s\": %.3f, \"best_MBps\": %.1f, \"median_MBps\": %.1f, "
        + "\"heap_committed_MiB\": %.0f, \"peak_rss_MiB\": %.0f, \"java\": \"%s\"}%n",
        file, dimension, nnz, bytes, repeat, sorted[0], sorted[repeat / 2],
        bytes / sorted[0] / 1e6, bytes / sorted[repeat / 2] / 1e6, heapCommitted / 1048576.0,
        peakRssBytes() / 1048576.0, Runtime.version());
  }

  /** VmHWM of /proc/self/status in bytes, or -1 where that file does not exist. */
  private static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  /**
   * The 7-point Laplacian of a k^3 grid (6 on the diagonal, -1 to each grid neighbour), lower
   * triangle, row by row, as scipy.io.mmwrite would write it.
   */
  static void writeLaplacian(Path file, int k) throws IOException {
    long n = (long) k * k * k;
    long entries = n + 3L * (k - 1) * k * k;
    Path tmp = file.resolveSibling(file.getFileName() + ".part");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
      out.write(("%%MatrixMarket matrix coordinate real symmetric\n"
          + "% 3-D 7-point Laplacian, " + k + "^3 grid (slq4j MatrixMarketReadBenchmark)\n"
          + n + " " + n + " " + entries + "\n").getBytes(StandardCharsets.US_ASCII));
      byte[] diagonal = " 6.0000000000000000e+00\n".getBytes(StandardCharsets.US_ASCII);
      byte[] offDiagonal = " -1.0000000000000000e+00\n".getBytes(StandardCharsets.US_ASCII);
      long kk = (long) k * k;
      for (long i = 0; i < n; i++) {
        long x = i % k;
        long y = i / k % k;
        long z = i / kk;
        // Columns in increasing order: i - k^2, i - k, i - 1, then the diagonal.
        if (z > 0) {
          entry(out, i, i - kk, offDiagonal);
        }
        if (y > 0) {
          entry(out, i, i - k, offDiagonal);
        }
        if (x > 0) {
          entry(out, i, i - 1, offDiagonal);
        }
        entry(out, i, i, diagonal);
      }
    }
    Files.move(tmp, file);
  }

  private static void entry(OutputStream out, long i, long j, byte[] value) throws IOException {
    out.write(Long.toString(i + 1).getBytes(StandardCharsets.US_ASCII));
    out.write(' ');
    out.write(Long.toString(j + 1).getBytes(StandardCharsets.US_ASCII));
    out.write(value);
  }
}
