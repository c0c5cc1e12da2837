package org.slq4j.internal.parallel;

/**
 * The fixed row chunks that make a run's vector work splittable over threads without changing
 * a bit. Every reduction over the rows of a vector (a dot product, a sum of squares, the
 * projections of the reorthogonalization sweep) is computed chunk by chunk, each chunk's
 * partial by the same kernel call, and the partials are added in chunk order, on one thread as
 * on many: the result depends on n and this constant only. For n up to {@link #ROWS} there is
 * one chunk and the arithmetic is that of a single kernel call over the whole vector.
 *
 * <p>2^16 rows (512 KiB of doubles), because it is the row block of the cache-blocked sparse
 * layout, whose rows can only be computed a whole block at a time; the speed barely depends on
 * it otherwise. One run at n = 1e7 on a diagonal operator (80 steps without
 * reorthogonalization on 1 and on 2 threads, 40 steps with full reorthogonalization on 2) took
 * the same time within 11% with chunks of 2^14, 2^16 and 2^18 rows, no size the fastest in all
 * three cases (best of 3 each, EPYC Zen 4, 2 cores). The product of a chunk and the chunk's
 * dot product run back to back, so the dot product rereads the chunk from cache. At n = 1e7
 * there are 153 chunks: enough to balance any thread count, few enough that claiming one (an
 * atomic increment) costs nothing.
 */
public final class RowChunks {

  /** Rows per chunk. */
  public static final int ROWS = 1 << 16;

  private RowChunks() {}

  /** The number of chunks of a vector of n rows, n >= 1 (at least 1). */
  public static int count(long n) {
    return (int) Math.max(1, (n + ROWS - 1) / ROWS);
  }

  /** The first row of chunk c. */
  public static long start(int c) {
    return (long) c * ROWS;
  }

  /** The row after the last of chunk c of a vector of n rows. */
  public static long end(int c, long n) {
    return Math.min(n, start(c) + ROWS);
  }
}
