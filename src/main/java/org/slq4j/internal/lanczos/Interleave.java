package org.slq4j.internal.lanczos;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;

/**
 * Moves m vectors of length n into and out of the interleaved layout of
 * {@link org.slq4j.SymmetricOperator#applyBlock} (entry i of vector k at index i * m + k). Rows
 * are moved in chunks through two small heap buffers with bulk copies, so the off-heap side is
 * read and written sequentially and the strided shuffling stays in L1.
 */
final class Interleave {

  /** Rows per chunk: the row buffer holds CHUNK * m doubles (64 KiB at m = 16). */
  private static final int CHUNK = 512;

  private final double[] column = new double[CHUNK];
  private final double[] rows;

  Interleave(int maxCount) {
    rows = new double[CHUNK * maxCount];
  }

  /** block[i * m + k] = vectors[k][i] for i < n, k < m. */
  void pack(MemorySegment[] vectors, int m, long n, MemorySegment block) {
    double[] col = column;
    double[] buf = rows;
    for (long i0 = 0; i0 < n; i0 += CHUNK) {
      int len = (int) Math.min(CHUNK, n - i0);
      for (int k = 0; k < m; k++) {
        MemorySegment.copy(vectors[k], JAVA_DOUBLE, i0 * Double.BYTES, col, 0, len);
        for (int i = 0, t = k; i < len; i++, t += m) {
          buf[t] = col[i];
        }
      }
      MemorySegment.copy(buf, 0, block, JAVA_DOUBLE, i0 * m * Double.BYTES, len * m);
    }
  }

  /** vectors[k][i] = block[i * m + k] for i < n, k < m. */
  void unpack(MemorySegment block, int m, long n, MemorySegment[] vectors) {
    double[] col = column;
    double[] buf = rows;
    for (long i0 = 0; i0 < n; i0 += CHUNK) {
      int len = (int) Math.min(CHUNK, n - i0);
      MemorySegment.copy(block, JAVA_DOUBLE, i0 * m * Double.BYTES, buf, 0, len * m);
      for (int k = 0; k < m; k++) {
        for (int i = 0, t = k; i < len; i++, t += m) {
          col[i] = buf[t];
        }
        MemorySegment.copy(col, 0, vectors[k], JAVA_DOUBLE, i0 * Double.BYTES, len);
      }
    }
  }
}
