package org.slq4j.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slq4j.internal.memory.OffHeap;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * The memory bandwidth the SLQ jobs are measured against, in the same process: the library's
 * own streaming kernels over 2^25 doubles (256 MiB) per array, far beyond the caches, on 1 and
 * 2 (or more) threads, each thread on its own contiguous part. Copy moves 16 bytes an element
 * (STREAM's count), axpy y += a x 24 (STREAM's triad pattern), dot 16 (a read of two arrays).
 * Best of 5 repetitions; one JSON line per kernel and thread count.
 */
final class StreamBounds {

  private static final long N = 1L << 25;

  private StreamBounds() {}

  static void print(List<Integer> threadCounts) {
    try (Arena arena = Arena.ofShared()) {
      MemorySegment a = OffHeap.allocateDoubles(arena, N);
      MemorySegment b = OffHeap.allocateDoubles(arena, N);
      VectorKernels.fill(1.0, a, 0, N);
      VectorKernels.fill(2.0, b, 0, N);
      for (int t : threadCounts) {
        report("copy", t, 16, time(t, (from, len) -> VectorKernels.copy(a, from, b, from, len)));
        report("axpy", t, 24,
            time(t, (from, len) -> VectorKernels.axpy(1e-9, a, from, b, from, len)));
        report("dot", t, 16,
            time(t, (from, len) -> VectorKernels.dot(a, from, b, from, len)));
      }
    }
  }

  private interface Part {
    void run(long from, long len);
  }

  /** Best wall time in seconds of one pass split over t threads. */
  private static double time(int t, Part part) {
    double best = Double.MAX_VALUE;
    for (int rep = 0; rep < 6; rep++) {
      List<Thread> threads = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int k = 0; k < t; k++) {
        long from = N * k / t;
        long to = N * (k + 1) / t;
        Thread th = new Thread(() -> part.run(from, to - from));
        threads.add(th);
        th.start();
      }
      for (Thread th : threads) {
        try {
          th.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      double s = (System.nanoTime() - t0) * 1e-9;
      if (rep > 0) {
        best = Math.min(best, s); // the first pass warms up the JIT and the page tables
      }
    }
    return best;
  }

  private static void report(String kernel, int threads, int bytesPerElement, double seconds) {
    System.out.printf(Locale.ROOT,
        "{\"stream\":\"%s\",\"threads\":%d,\"bytes_per_element\":%d,\"ms\":%.2f,\"GBps\":%.1f}%n",
        kernel, threads, bytesPerElement, seconds * 1e3, bytesPerElement * N / seconds / 1e9);
  }
}
