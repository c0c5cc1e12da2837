package org.slq4j.internal.deflation;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * x &lt;- (I - V V') x for l orthonormal vectors V (vector j at double offset j * n of one
 * segment), applied to one vector or to the columns of an interleaved block (entry i of column k
 * of a block of c vectors at index i * c + k).
 *
 * <p>The rows are taken in chunks of {@value #CHUNK}. A first sweep adds, chunk by chunk, each
 * chunk's dot products v_j . x to the coefficients c_j; a second subtracts c_j v_j from each
 * chunk, j in order. For a block, each chunk's columns are first gathered into a small scratch
 * (cache-resident), so every chunk of V is read from memory once for all the columns. The
 * arithmetic of a column (the same
 * vectorized dot and axpy on the same chunks, in the same order) does not depend on how many
 * columns travel with it, so a column of a block is projected bit for bit as the same vector
 * alone, and a block product stays bit-exact column by column.
 */
final class Projector {

  /** Rows per chunk: a chunk of a few columns stays in the first-level caches. */
  static final int CHUNK = 2048;

  private final MemorySegment vectors;
  private final long n;
  private final int count;

  Projector(MemorySegment vectors, long n, int count) {
    this.vectors = vectors;
    this.n = n;
    this.count = count;
  }

  int count() {
    return count;
  }

  /** Projects the {@code columns} interleaved vectors of {@code x} in place. */
  void project(MemorySegment x, int columns) {
    if (count == 0) {
      return;
    }
    if (columns == 1) {
      projectColumns(x, 1, x);
      return;
    }
    try (Arena arena = Arena.ofConfined()) {
      projectColumns(x, columns, arena.allocate((long) columns * CHUNK * Double.BYTES, 64));
    }
  }

  /**
   * The two sweeps. With one column the chunks are worked on in place ({@code scratch} is x
   * itself, chunk rows at their own offsets); with several, each chunk's columns are gathered
   * into {@code scratch} (column k at offset k * CHUNK) and scattered back after the update.
   */
  private void projectColumns(MemorySegment x, int columns, MemorySegment scratch) {
    int l = count;
    boolean inPlace = columns == 1;
    double[] c = new double[columns * l];
    for (long i0 = 0; i0 < n; i0 += CHUNK) {
      int len = (int) Math.min(CHUNK, n - i0);
      if (!inPlace) {
        gather(x, columns, i0, len, scratch);
      }
      for (int k = 0; k < columns; k++) {
        long at = inPlace ? i0 : (long) k * CHUNK;
        for (int j = 0; j < l; j++) {
          c[k * l + j] += VectorKernels.dot(vectors, j * n + i0, scratch, at, len);
        }
      }
    }
    for (long i0 = 0; i0 < n; i0 += CHUNK) {
      int len = (int) Math.min(CHUNK, n - i0);
      if (!inPlace) {
        gather(x, columns, i0, len, scratch);
      }
      for (int k = 0; k < columns; k++) {
        long at = inPlace ? i0 : (long) k * CHUNK;
        for (int j = 0; j < l; j++) {
          VectorKernels.axpy(-c[k * l + j], vectors, j * n + i0, scratch, at, len);
        }
      }
      if (!inPlace) {
        scatter(scratch, columns, i0, len, x);
      }
    }
  }

  /**
   * Copies rows i0 .. i0 + len of the block into scratch, column k at offset k * CHUNK: one
   * bulk copy of the rows to the heap, the transpose there, one bulk copy back.
   */
  private static void gather(MemorySegment x, int columns, long i0, int len,
      MemorySegment scratch) {
    double[] rows = new double[len * columns];
    MemorySegment.copy(x, JAVA_DOUBLE, i0 * columns * Double.BYTES, rows, 0, rows.length);
    double[] cols = new double[columns * CHUNK];
    for (int t = 0; t < len; t++) {
      for (int k = 0; k < columns; k++) {
        cols[k * CHUNK + t] = rows[t * columns + k];
      }
    }
    MemorySegment.copy(cols, 0, scratch, JAVA_DOUBLE, 0, cols.length);
  }

  /** The inverse of {@link #gather}. */
  private static void scatter(MemorySegment scratch, int columns, long i0, int len,
      MemorySegment x) {
    double[] cols = new double[columns * CHUNK];
    MemorySegment.copy(scratch, JAVA_DOUBLE, 0, cols, 0, cols.length);
    double[] rows = new double[len * columns];
    for (int t = 0; t < len; t++) {
      for (int k = 0; k < columns; k++) {
        rows[t * columns + k] = cols[k * CHUNK + t];
      }
    }
    MemorySegment.copy(rows, 0, x, JAVA_DOUBLE, i0 * columns * Double.BYTES, rows.length);
  }
}
