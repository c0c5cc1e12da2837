package org.slq4j.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * The memory bandwidth an estimate can stream, measured the way its passes use memory: vectors
 * far larger than the caches, split by rows over {@code threads} threads. Two patterns, best of
 * five repetitions each, counting every byte read and written: a copy (one read, one write:
 * the operator product of a stencil or a diagonal) and an update y = y + a x (two reads, one
 * write: the Lanczos vector updates).
 *
 * <pre>mvn -B -q -P bench verify -DskipTests -Dbench.main=org.slq4j.bench.StreamBandwidth
 *     -Dbench.args="--n 100000000 --threads 1,2"</pre>
 */
public final class StreamBandwidth {

  private StreamBandwidth() {}

  public static void main(String[] args) throws Exception {
    long n = 100_000_000L;
    List<Integer> threads = new ArrayList<>(List.of(1, 2));
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--n" -> n = Long.parseLong(args[++i]);
        case "--threads" -> {
          threads.clear();
          for (String t : args[++i].split(",")) {
            threads.add(Integer.parseInt(t));
          }
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    for (int t : threads) {
      double[] gbs = measure(n, t);
      System.out.printf(Locale.ROOT, "{\"n\": %d, \"threads\": %d, \"copy_GBps\": %.1f, "
          + "\"axpy_GBps\": %.1f}%n", n, t, gbs[0], gbs[1]);
    }
  }

  /** Best {copy, axpy} GB/s over five repetitions at n doubles per vector on t threads. */
  public static double[] measure(long n, int t) throws Exception {
    try (Arena arena = Arena.ofShared()) {
      MemorySegment x = arena.allocate(n * Double.BYTES, 64);
      MemorySegment y = arena.allocate(n * Double.BYTES, 64);
      x.fill((byte) 1);
      y.fill((byte) 2);
      ExecutorService pool = Executors.newFixedThreadPool(t);
      try {
        double copy = 0;
        double axpy = 0;
        for (int rep = 0; rep < 5; rep++) {
          long t0 = System.nanoTime();
          split(pool, n, t, (from, len) -> MemorySegment.copy(x, from * Double.BYTES, y,
              from * Double.BYTES, len * Double.BYTES));
          long t1 = System.nanoTime();
          split(pool, n, t, (from, len) -> VectorKernels.axpy(1e-9, x, from, y, from, len));
          long t2 = System.nanoTime();
          copy = Math.max(copy, 2.0 * n * Double.BYTES / (t1 - t0));
          axpy = Math.max(axpy, 3.0 * n * Double.BYTES / (t2 - t1));
        }
        if (!Double.isFinite(y.get(ValueLayout.JAVA_DOUBLE, 0))) {
          throw new AssertionError();
        }
        return new double[] {copy, axpy};
      } finally {
        pool.shutdown();
      }
    }
  }

  private interface Range {
    void run(long from, long length);
  }

  private static void split(ExecutorService pool, long n, int t, Range body) throws Exception {
    List<Future<?>> parts = new ArrayList<>();
    for (int k = 0; k < t; k++) {
      long from = n * k / t;
      long to = n * (k + 1) / t;
      parts.add(pool.submit(() -> body.run(from, to - from)));
    }
    for (Future<?> f : parts) {
      f.get();
    }
  }
}
