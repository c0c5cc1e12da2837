package org.slq4j.spark;

import java.io.IOException;
import java.util.Arrays;

/**
 * Rows [lo, hi) of a sparse symmetric matrix in compressed sparse row form, as one task of a
 * row-partitioned estimate holds them: row pointers (int: a block holds fewer than 2^31
 * entries), the columns as global indices until a {@link HaloPlan} rewrites them into indices of
 * the task's extended vector, and the values. Entries of a row keep the order they arrived in;
 * duplicates stay separate terms of the row's sum.
 */
final class RowBlock {

  final long lo;
  final long hi;
  final int[] rowStart;
  /** Global column indices; replaced by {@link HaloPlan} with local ones. */
  long[] globalColumns;
  /** Columns as indices into the extended vector (own rows, then the halo); set by the plan. */
  int[] columns;
  final double[] values;

  private RowBlock(long lo, long hi, int[] rowStart, long[] globalColumns, double[] values) {
    this.lo = lo;
    this.hi = hi;
    this.rowStart = rowStart;
    this.globalColumns = globalColumns;
    this.values = values;
  }

  int rows() {
    return (int) (hi - lo);
  }

  int nonzeros() {
    return values.length;
  }

  /**
   * Rows [lo, hi) of {@code matrix}.
   *
   * @throws IllegalArgumentException when the block has 2^31 rows or entries or more, or an
   *     entry lies outside the block's rows or the matrix
   */
  static RowBlock load(RowEntries matrix, long lo, long hi) throws IOException {
    long n = matrix.dimension();
    if (hi - lo >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a row block holds fewer than 2^31 rows, got "
          + (hi - lo) + ": use more partitions");
    }
    Builder b = new Builder(lo, hi, n);
    matrix.rows(lo, hi, b::add);
    return b.build();
  }

  /** Triplets in growing arrays; rows in order need no sort. */
  static final class Builder {
    private final long lo;
    private final long hi;
    private final long n;
    private int[] rows = new int[1024];
    private long[] cols = new long[1024];
    private double[] vals = new double[1024];
    private int size;
    private boolean sorted = true;

    Builder(long lo, long hi, long n) {
      this.lo = lo;
      this.hi = hi;
      this.n = n;
    }

    void add(long row, long column, double value) {
      if (row < lo || row >= hi || column < 0 || column >= n) {
        throw new IllegalArgumentException("entry (" + row + ", " + column + ") is outside rows "
            + lo + " .. " + (hi - 1) + " of the " + n + " x " + n + " matrix");
      }
      if (size == vals.length) {
        if (size == Integer.MAX_VALUE - 8) {
          throw new IllegalArgumentException("rows " + lo + " .. " + (hi - 1) + " hold 2^31 "
              + "entries or more: use more partitions");
        }
        int grown = (int) Math.min(Integer.MAX_VALUE - 8, size + (size >> 1) + 16L);
        rows = Arrays.copyOf(rows, grown);
        cols = Arrays.copyOf(cols, grown);
        vals = Arrays.copyOf(vals, grown);
      }
      int r = (int) (row - lo);
      if (size > 0 && r < rows[size - 1]) {
        sorted = false;
      }
      rows[size] = r;
      cols[size] = column;
      vals[size] = value;
      size++;
    }

    RowBlock build() {
      int count = (int) (hi - lo);
      int[] start = new int[count + 1];
      for (int k = 0; k < size; k++) {
        start[rows[k] + 1]++;
      }
      for (int r = 0; r < count; r++) {
        start[r + 1] += start[r];
      }
      long[] c;
      double[] v;
      if (sorted) {
        c = size == cols.length ? cols : Arrays.copyOf(cols, size);
        v = size == vals.length ? vals : Arrays.copyOf(vals, size);
      } else {
        // A stable counting sort by row: a row's entries keep their order of arrival.
        c = new long[size];
        v = new double[size];
        int[] next = Arrays.copyOf(start, count);
        for (int k = 0; k < size; k++) {
          int at = next[rows[k]]++;
          c[at] = cols[k];
          v[at] = vals[k];
        }
      }
      rows = null;
      cols = null;
      vals = null;
      return new RowBlock(lo, hi, start, c, v);
    }
  }

  /** y[0 .. rows) = this block's rows times the extended vector x (own rows, then the halo). */
  void multiply(double[] x, double[] y) {
    int[] start = rowStart;
    int[] col = columns;
    double[] val = values;
    int rows = rows();
    for (int r = 0; r < rows; r++) {
      double s = 0;
      for (int k = start[r], end = start[r + 1]; k < end; k++) {
        s += val[k] * x[col[k]];
      }
      y[r] = s;
    }
  }
}
