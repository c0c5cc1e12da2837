package org.slq4j.internal.eigen;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.parallel.DaemonPool;
import org.slq4j.internal.parallel.RowChunks;
import org.slq4j.internal.plan.RowRangeOperator;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * The vector work of the eigensolver over a basis of vectors of n doubles, cut into the fixed
 * row chunks of {@link RowChunks} and shared by up to {@code threads} threads. Every reduction
 * (dot products, norms, the projections on the basis) is a sum of per-chunk partials, each from
 * the same kernel call, added in chunk order; every element-wise update does the same operations
 * per element in the same order. So results are the same bits on any thread count.
 *
 * <p>Vectors live in one segment, vector i from double offset {@code i * n}. The caller's
 * thread always takes part; with {@code threads - 1} helpers (daemon threads owned by this
 * object, ended by {@link #close()}) the chunks of one pass are taken from a counter. A vector
 * of one chunk (n up to 65536) is never split.
 */
final class ChunkedVectors implements AutoCloseable {

  /** Rows per block of the in-place basis rotation: its scratch (count x rows) stays in cache. */
  private static final int ROTATE_ROWS = 256;

  private final long n;
  private final int chunks;
  private final DaemonPool pool;
  private final int helpers;

  @FunctionalInterface
  private interface ChunkTask {
    void run(int chunk, long from, long to);
  }

  ChunkedVectors(long n, int threads) {
    if (n < 1 || threads < 1) {
      throw new IllegalArgumentException("n = " + n + ", threads = " + threads);
    }
    this.n = n;
    this.chunks = RowChunks.count(n);
    this.helpers = Math.min(threads, chunks) - 1;
    this.pool = helpers > 0 ? new DaemonPool(helpers, "slq4j-eigen-helper") : null;
  }

  long dimension() {
    return n;
  }

  /** Offset (in doubles) of vector i of a basis. */
  long offset(int i) {
    return i * n;
  }

  // -------------------------------------------------------------------------------------------
  // Single vectors (x, y: vector indices in segment s)

  /** x_i . x_j of two vectors of s. */
  double dot(MemorySegment s, int i, int j) {
    double[] partial = new double[chunks];
    long xo = offset(i);
    long yo = offset(j);
    forEachChunk((c, from, to) -> partial[c] = VectorKernels.dot(s, xo + from, s, yo + from,
        to - from));
    double sum = 0.0;
    for (double p : partial) {
      sum += p;
    }
    return sum;
  }

  /** ||x_i|| without overflow or underflow: chunk norms combined with a scaled sum. */
  double norm(MemorySegment s, int i) {
    double[] partial = new double[chunks];
    long xo = offset(i);
    forEachChunk((c, from, to) -> partial[c] = VectorKernels.nrm2(s, xo + from, to - from));
    return combineNorms(partial);
  }

  /** x_i *= a. */
  void scale(double a, MemorySegment s, int i) {
    long xo = offset(i);
    forEachChunk((c, from, to) -> VectorKernels.scal(a, s, xo + from, to - from));
  }

  /** x_j += a x_i, both in s. */
  void axpy(double a, MemorySegment s, int i, int j) {
    long xo = offset(i);
    long yo = offset(j);
    forEachChunk((c, from, to) -> VectorKernels.axpy(a, s, xo + from, s, yo + from,
        to - from));
  }

  /** Vector j of dst = vector i of src. */
  void copy(MemorySegment src, int i, MemorySegment dst, int j) {
    long xo = offset(i);
    long yo = offset(j);
    forEachChunk((c, from, to) -> VectorKernels.copy(src, xo + from, dst, yo + from,
        to - from));
  }

  // -------------------------------------------------------------------------------------------
  // Against a basis

  /**
   * h[i] = v_i . w for i in [0, count), v_i and w = vector {@code w} all in {@code s}: one pass
   * over each v_i, w's chunk reread from cache.
   */
  void project(MemorySegment s, int count, int w, double[] h) {
    double[][] partial = new double[chunks][count];
    long wo = offset(w);
    forEachChunk((c, from, to) -> {
      double[] p = partial[c];
      for (int i = 0; i < count; i++) {
        p[i] = VectorKernels.dot(s, offset(i) + from, s, wo + from, to - from);
      }
    });
    for (int i = 0; i < count; i++) {
      double sum = 0.0;
      for (int c = 0; c < chunks; c++) {
        sum += partial[c][i];
      }
      h[i] = sum;
    }
  }

  /** w -= sum_{i &lt; count} h[i] v_i, in the order i = 0, 1, ... for every element. */
  void subtract(MemorySegment s, int count, double[] h, int w) {
    long wo = offset(w);
    forEachChunk((c, from, to) -> {
      for (int i = 0; i < count; i++) {
        if (h[i] != 0.0) {
          VectorKernels.axpy(-h[i], s, offset(i) + from, s, wo + from, to - from);
        }
      }
    });
  }

  /**
   * In place: vectors 0..cols-1 of s become V y_j = sum_{i &lt; count} y[i][col[j]] v_i, j &lt;
   * cols, from the old vectors 0..count-1 (cols &lt;= count). Row block by row block through a
   * scratch copy of the block, so no second basis is needed.
   */
  void rotate(MemorySegment s, int count, double[][] y, int[] col) {
    int cols = col.length;
    double[][] coefficients = new double[cols][count];
    for (int j = 0; j < cols; j++) {
      for (int i = 0; i < count; i++) {
        coefficients[j][i] = y[i][col[j]];
      }
    }
    forEachChunk((c, from, to) -> {
      double[][] block = new double[count][ROTATE_ROWS];
      double[] out = new double[ROTATE_ROWS];
      for (long r = from; r < to; r += ROTATE_ROWS) {
        int rows = (int) Math.min(ROTATE_ROWS, to - r);
        for (int i = 0; i < count; i++) {
          MemorySegment.copy(s, JAVA_DOUBLE, (offset(i) + r) * Double.BYTES, block[i], 0, rows);
        }
        for (int j = 0; j < cols; j++) {
          combine(coefficients[j], block, count, rows, out);
          MemorySegment.copy(out, 0, s, JAVA_DOUBLE, (offset(j) + r) * Double.BYTES, rows);
        }
      }
    });
  }

  /**
   * Vector {@code target} of dst = sum_{i &lt; count} y[i][column] v_i (v_i in s), with the same
   * per-element arithmetic as {@link #rotate}.
   */
  void combineInto(MemorySegment s, int count, double[][] y, int column, MemorySegment dst,
      int target) {
    double[] coefficient = new double[count];
    for (int i = 0; i < count; i++) {
      coefficient[i] = y[i][column];
    }
    forEachChunk((c, from, to) -> {
      double[][] block = new double[count][ROTATE_ROWS];
      double[] out = new double[ROTATE_ROWS];
      for (long r = from; r < to; r += ROTATE_ROWS) {
        int rows = (int) Math.min(ROTATE_ROWS, to - r);
        for (int i = 0; i < count; i++) {
          MemorySegment.copy(s, JAVA_DOUBLE, (offset(i) + r) * Double.BYTES, block[i], 0, rows);
        }
        combine(coefficient, block, count, rows, out);
        MemorySegment.copy(out, 0, dst, JAVA_DOUBLE, (offset(target) + r) * Double.BYTES,
            rows);
      }
    });
  }

  private static void combine(double[] a, double[][] block, int count, int rows, double[] out) {
    java.util.Arrays.fill(out, 0, rows, 0.0);
    for (int i = 0; i < count; i++) {
      double ai = a[i];
      if (ai == 0.0) {
        continue;
      }
      double[] b = block[i];
      for (int r = 0; r < rows; r++) {
        out[r] += ai * b[r];
      }
    }
  }

  /**
   * y = H x, x and y vectors of s (x != y). Split by chunks over the threads when the operator
   * computes row ranges bit for bit like its whole product and is thread-safe; otherwise one
   * call of {@link SymmetricOperator#apply} on the caller's thread.
   */
  void apply(SymmetricOperator op, MemorySegment s, int x, int y) {
    MemorySegment xs = s.asSlice(offset(x) * Double.BYTES, n * Double.BYTES);
    MemorySegment ys = s.asSlice(offset(y) * Double.BYTES, n * Double.BYTES);
    if (pool != null && op instanceof RowRangeOperator rows && op.isThreadSafe()) {
      forEachChunk((c, from, to) -> rows.applyRows(xs, ys, from, to));
    } else {
      op.apply(xs, ys);
    }
  }

  static double combineNorms(double[] partial) {
    double max = 0.0;
    for (double p : partial) {
      max = Math.max(max, p);
    }
    if (max == 0.0 || !Double.isFinite(max)) {
      return max;
    }
    double sum = 0.0;
    for (double p : partial) {
      double q = p / max;
      sum += q * q;
    }
    return max * Math.sqrt(sum);
  }

  // -------------------------------------------------------------------------------------------
  // Threads

  private void forEachChunk(ChunkTask task) {
    if (pool == null || chunks == 1) {
      for (int c = 0; c < chunks; c++) {
        task.run(c, RowChunks.start(c), RowChunks.end(c, n));
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    Runnable loop = () -> {
      int c;
      while (!failed.get() && (c = next.getAndIncrement()) < chunks) {
        try {
          task.run(c, RowChunks.start(c), RowChunks.end(c, n));
        } catch (RuntimeException | Error e) {
          failed.set(true);
          throw e;
        }
      }
    };
    List<Future<?>> futures = new ArrayList<>(helpers);
    for (int h = 0; h < Math.min(helpers, chunks - 1); h++) {
      futures.add(pool.submit(loop));
    }
    Throwable failure = null;
    try {
      loop.run();
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    // Every helper must be done before the segments can be reused or freed.
    boolean interrupted = false;
    for (Future<?> f : futures) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = e.getCause();
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
  }

  /** Ends the helper threads and waits for them. */
  @Override
  public void close() {
    if (pool != null) {
      pool.close();
    }
  }
}
