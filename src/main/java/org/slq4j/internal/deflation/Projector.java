package org.slq4j.internal.deflation;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;

/**
 * x &lt;- (I - V V') x for l orthonormal vectors V (vector j at double offset j * n of one
 * segment), on a vector stored with a stride: entry i of the vector is the double at index
 * {@code i * stride + column}. A plain vector is stride 1, column 0; column k of an interleaved
 * block of c vectors is stride c, column k.
 *
 * <p>Each coefficient v_j'x is summed in row order, and each entry's correction sum_j c_j
 * v_j[i] in j order, whatever the stride: a column of a block is projected bit for bit as the
 * same vector alone, so a block product stays bit-exact column by column. One sweep over the
 * rows computes all l coefficients at once (l independent sums), and one more applies them.
 */
final class Projector {

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

  /** Projects {@code columns} interleaved vectors of {@code x} (stride = columns) in place. */
  void project(MemorySegment x, int columns) {
    if (count == 0) {
      return;
    }
    int l = count;
    double[] c = new double[columns * l];
    for (long i = 0; i < n; i++) {
      long row = i * columns;
      for (int k = 0; k < columns; k++) {
        double xi = x.getAtIndex(JAVA_DOUBLE, row + k);
        int base = k * l;
        for (int j = 0; j < l; j++) {
          c[base + j] += vectors.getAtIndex(JAVA_DOUBLE, j * n + i) * xi;
        }
      }
    }
    for (long i = 0; i < n; i++) {
      long row = i * columns;
      for (int k = 0; k < columns; k++) {
        int base = k * l;
        double s = 0;
        for (int j = 0; j < l; j++) {
          s += c[base + j] * vectors.getAtIndex(JAVA_DOUBLE, j * n + i);
        }
        x.setAtIndex(JAVA_DOUBLE, row + k, x.getAtIndex(JAVA_DOUBLE, row + k) - s);
      }
    }
  }
}
