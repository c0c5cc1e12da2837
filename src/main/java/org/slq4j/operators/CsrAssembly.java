package org.slq4j.operators;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slq4j.internal.memory.OffHeap;

/**
 * The (row, column, value) triplets of a {@link CsrOperator.Builder}, kept on the heap in
 * chunks, and their assembly into CSR arrays: a counting sort by row, a sort by column within
 * each row, duplicates summed, and, without symmetric expansion, the symmetry check with mirrored
 * pairs averaged (see the builder for the contract).
 */
final class CsrAssembly {

  private static final int CHUNK = 1 << 20;

  /** Sorted, duplicate-free CSR arrays of nnz entries, in the scratch arena given. */
  record Csr(MemorySegment rowPointers, MemorySegment columns, MemorySegment values, long nnz) {}

  private final int n;
  private final List<int[]> rowChunks = new ArrayList<>();
  private final List<int[]> colChunks = new ArrayList<>();
  private final List<double[]> valChunks = new ArrayList<>();
  private int fill = CHUNK;
  private long size;

  CsrAssembly(int n) {
    this.n = n;
  }

  /** The number of triplets added so far. */
  long size() {
    return size;
  }

  /** Appends a triplet; the indices are already checked to lie in [0, n). */
  void add(int row, int column, double value) {
    if (fill == CHUNK) {
      rowChunks.add(new int[CHUNK]);
      colChunks.add(new int[CHUNK]);
      valChunks.add(new double[CHUNK]);
      fill = 0;
    }
    int c = rowChunks.size() - 1;
    rowChunks.get(c)[fill] = row;
    colChunks.get(c)[fill] = column;
    valChunks.get(c)[fill] = value;
    fill++;
    size++;
  }

  /**
   * Assembles the CSR arrays in {@code scratch} and releases the triplets.
   *
   * @param expand whether each off-diagonal triplet also stands for its mirror
   * @throws NotSymmetricException without expansion, if the matrix is not symmetric
   * @throws IllegalArgumentException if summing duplicates overflows
   */
  Csr assemble(Arena scratch, boolean expand) {
    // 1. Count entries per row (mirrors included), prefix sums -> provisional row pointers.
    MemorySegment rp = OffHeap.allocate(scratch, (n + 1L) * Long.BYTES);
    forEach((i, j, v) -> {
      increment(rp, i + 1L);
      if (expand && i != j) {
        increment(rp, j + 1L);
      }
    });
    for (long i = 0; i < n; i++) {
      rp.setAtIndex(JAVA_LONG, i + 1,
          rp.getAtIndex(JAVA_LONG, i + 1) + rp.getAtIndex(JAVA_LONG, i));
    }
    long total = rp.getAtIndex(JAVA_LONG, n);
    // 2. Scatter into rows.
    MemorySegment next = OffHeap.allocate(scratch, n * (long) Long.BYTES);
    MemorySegment.copy(rp, 0, next, 0, n * (long) Long.BYTES);
    MemorySegment col = OffHeap.allocate(scratch, total * Integer.BYTES);
    MemorySegment val = OffHeap.allocateDoubles(scratch, total);
    forEach((i, j, v) -> {
      put(next, i, j, v, col, val);
      if (expand && i != j) {
        put(next, j, i, v, col, val);
      }
    });
    rowChunks.clear();
    colChunks.clear();
    valChunks.clear();
    // 3. Sort each row by column, sum duplicates, compact in place (write <= read).
    long write = 0;
    long start = 0;
    for (long i = 0; i < n; i++) {
      long end = rp.getAtIndex(JAVA_LONG, i + 1);
      sortRow(col, val, start, end);
      rp.setAtIndex(JAVA_LONG, i, write);
      for (long k = start; k < end; k++) {
        int c = col.getAtIndex(JAVA_INT, k);
        double v = val.getAtIndex(JAVA_DOUBLE, k);
        if (write > rp.getAtIndex(JAVA_LONG, i)
            && col.getAtIndex(JAVA_INT, write - 1) == c) {
          val.setAtIndex(JAVA_DOUBLE, write - 1, val.getAtIndex(JAVA_DOUBLE, write - 1) + v);
        } else {
          col.setAtIndex(JAVA_INT, write, c);
          val.setAtIndex(JAVA_DOUBLE, write, v);
          write++;
        }
      }
      start = end;
    }
    rp.setAtIndex(JAVA_LONG, n, write);
    long nnz = write;
    for (long k = 0; k < nnz; k++) {
      double v = val.getAtIndex(JAVA_DOUBLE, k);
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("summing duplicates at row " + rowOf(rp, k)
            + ", column " + col.getAtIndex(JAVA_INT, k) + " overflowed to " + v);
      }
    }
    if (!expand) {
      symmetrize(rp, col, val);
    }
    return new Csr(rp, col, val, nnz);
  }

  private long rowOf(MemorySegment rp, long k) {
    long lo = 0;
    long hi = n;
    while (hi - lo > 1) {
      long mid = (lo + hi) >>> 1;
      if (rp.getAtIndex(JAVA_LONG, mid) <= k) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Checks |a_ij - a_ji| against the tolerance, then averages mirrored pairs. */
  private void symmetrize(MemorySegment rp, MemorySegment columns, MemorySegment values) {
    double maxAbs = 0;
    long nnz = rp.getAtIndex(JAVA_LONG, n);
    for (long k = 0; k < nnz; k++) {
      maxAbs = Math.max(maxAbs, Math.abs(values.getAtIndex(JAVA_DOUBLE, k)));
    }
    Asymmetry asymmetry = new Asymmetry();
    for (int i = 0; i < n; i++) {
      long end = rp.getAtIndex(JAVA_LONG, i + 1);
      for (long k = rp.getAtIndex(JAVA_LONG, i); k < end; k++) {
        int j = columns.getAtIndex(JAVA_INT, k);
        if (j == i) {
          continue;
        }
        double aij = values.getAtIndex(JAVA_DOUBLE, k);
        long m = CsrOperator.find(rp.getAtIndex(JAVA_LONG, j), rp.getAtIndex(JAVA_LONG, j + 1),
            i, columns);
        if (m < 0) {
          // a_ji is absent (zero); reported from whichever side holds the entry.
          asymmetry.note(i, j, Math.abs(aij));
        } else if (j > i) {
          double aji = values.getAtIndex(JAVA_DOUBLE, m);
          asymmetry.note(i, j, Math.abs(aij - aji));
          if (aij != aji) {
            double avg = Asymmetry.average(aij, aji);
            values.setAtIndex(JAVA_DOUBLE, k, avg);
            values.setAtIndex(JAVA_DOUBLE, m, avg);
          }
        }
      }
    }
    asymmetry.check(maxAbs);
  }

  private interface TripletVisitor {
    void visit(int i, int j, double v);
  }

  private void forEach(TripletVisitor visitor) {
    for (int c = 0; c < rowChunks.size(); c++) {
      int[] rows = rowChunks.get(c);
      int[] cols = colChunks.get(c);
      double[] vals = valChunks.get(c);
      int count = c == rowChunks.size() - 1 ? fill : CHUNK;
      for (int k = 0; k < count; k++) {
        visitor.visit(rows[k], cols[k], vals[k]);
      }
    }
  }

  private static void increment(MemorySegment s, long index) {
    s.setAtIndex(JAVA_LONG, index, s.getAtIndex(JAVA_LONG, index) + 1);
  }

  private static void put(MemorySegment next, int i, int j, double v, MemorySegment col,
      MemorySegment val) {
    long k = next.getAtIndex(JAVA_LONG, i);
    next.setAtIndex(JAVA_LONG, i, k + 1);
    col.setAtIndex(JAVA_INT, k, j);
    val.setAtIndex(JAVA_DOUBLE, k, v);
  }

  /** Sorts entries [from, to) by column: insertion sort for short rows, else packed keys. */
  private static void sortRow(MemorySegment col, MemorySegment val, long from, long to) {
    long len = to - from;
    if (len <= 32) {
      for (long k = from + 1; k < to; k++) {
        int c = col.getAtIndex(JAVA_INT, k);
        double v = val.getAtIndex(JAVA_DOUBLE, k);
        long m = k - 1;
        while (m >= from && col.getAtIndex(JAVA_INT, m) > c) {
          col.setAtIndex(JAVA_INT, m + 1, col.getAtIndex(JAVA_INT, m));
          val.setAtIndex(JAVA_DOUBLE, m + 1, val.getAtIndex(JAVA_DOUBLE, m));
          m--;
        }
        col.setAtIndex(JAVA_INT, m + 1, c);
        val.setAtIndex(JAVA_DOUBLE, m + 1, v);
      }
      return;
    }
    if (len > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a row holds " + len + " triplets (with duplicates); "
          + "at most " + (Integer.MAX_VALUE - 8) + " are supported");
    }
    int l = (int) len;
    long[] keys = new long[l];
    double[] vals = new double[l];
    for (int k = 0; k < l; k++) {
      // Column in the high half, original position in the low half: sorting the keys sorts
      // by column and keeps duplicates in input order.
      keys[k] = ((long) col.getAtIndex(JAVA_INT, from + k) << 32) | k;
      vals[k] = val.getAtIndex(JAVA_DOUBLE, from + k);
    }
    Arrays.sort(keys);
    for (int k = 0; k < l; k++) {
      col.setAtIndex(JAVA_INT, from + k, (int) (keys[k] >>> 32));
      val.setAtIndex(JAVA_DOUBLE, from + k, vals[(int) keys[k]]);
    }
  }
}
