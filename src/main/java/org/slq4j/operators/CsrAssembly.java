package org.slq4j.operators;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slq4j.InsufficientMemoryException;
import org.slq4j.internal.memory.OffHeap;
import org.slq4j.internal.memory.OwnedMemory;
import org.slq4j.internal.memory.PhysicalMemory;

/**
 * The (row, column, value) triplets of a {@link CsrOperator.Builder} and their assembly into CSR
 * arrays: a counting sort by row, a sort by column within each row, duplicates summed, and,
 * without symmetric expansion, the symmetry check with mirrored pairs averaged (see the builder
 * for the contract).
 *
 * <p>Triplets are gathered in a heap chunk of up to 2^20 and moved, when it is full, to off-heap
 * memory of their own (16 bytes a triplet): the heap holds one chunk whatever the matrix, so a
 * large file needs no large -Xmx, and each chunk is freed as soon as the assembly has
 * scattered it. Nothing is sized by n before the triplets are in; then the row pointers and
 * the entries are allocated once, after a check that they fit in the memory available.
 */
final class CsrAssembly {

  private static final int CHUNK = 1 << 20;

  /** Sorted, duplicate-free CSR arrays of nnz entries, in the memory given to assemble. */
  record Csr(MemorySegment rowPointers, MemorySegment columns, MemorySegment values, long nnz) {}

  /** A full chunk of triplets, off-heap: rows, columns (ints), values (doubles). */
  private record Chunk(OwnedMemory memory, MemorySegment rows, MemorySegment columns,
      MemorySegment values, int count) {}

  private final int n;
  private final List<Chunk> chunks = new ArrayList<>();
  /** The heap chunk, grown up to CHUNK triplets. */
  private int[] rows = new int[1024];
  private int[] cols = new int[1024];
  private double[] vals = new double[1024];
  private int fill;
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
    if (fill == rows.length) {
      if (fill < CHUNK) {
        rows = Arrays.copyOf(rows, 2 * fill);
        cols = Arrays.copyOf(cols, 2 * fill);
        vals = Arrays.copyOf(vals, 2 * fill);
      } else {
        flush();
      }
    }
    rows[fill] = row;
    cols[fill] = column;
    vals[fill] = value;
    fill++;
    size++;
  }

  /** Moves the heap chunk's triplets off-heap. */
  private void flush() {
    if (fill == 0) {
      return;
    }
    OwnedMemory memory = new OwnedMemory();
    try {
      MemorySegment r = memory.allocate((long) fill * Integer.BYTES);
      MemorySegment c = memory.allocate((long) fill * Integer.BYTES);
      MemorySegment v = memory.allocateDoubles(fill);
      MemorySegment.copy(rows, 0, r, JAVA_INT, 0, fill);
      MemorySegment.copy(cols, 0, c, JAVA_INT, 0, fill);
      MemorySegment.copy(vals, 0, v, JAVA_DOUBLE, 0, fill);
      chunks.add(new Chunk(memory, r, c, v, fill));
    } catch (RuntimeException | Error e) {
      memory.close();
      throw e;
    }
    fill = 0;
  }

  /** Frees the triplets not yet consumed (after a failed assembly, or instead of one). */
  void release() {
    for (Chunk c : chunks) {
      c.memory().close();
    }
    chunks.clear();
    fill = 0;
  }

  /**
   * Assembles the CSR arrays in {@code target} (working memory in {@code scratch}) and
   * releases the triplets, each chunk as soon as it is scattered.
   *
   * @param expand whether each off-diagonal triplet also stands for its mirror
   * @throws InsufficientMemoryException if the arrays need more memory than is available
   * @throws NotSymmetricException without expansion, if the matrix is not symmetric
   * @throws IllegalArgumentException if summing duplicates overflows
   */
  Csr assemble(Arena scratch, OwnedMemory target, boolean expand) {
    flush();
    requireFits(expand ? 2 * size : size);
    // 1. Count entries per row (mirrors included) in the confined scratch (each access to the
    // operator's shared memory costs a liveness check), prefix sums -> row pointers.
    MemorySegment next = OffHeap.allocate(scratch, (n + 1L) * Long.BYTES);
    for (Chunk c : chunks) {
      int count = c.count();
      MemorySegment.copy(c.rows(), JAVA_INT, 0, rows, 0, count);
      MemorySegment.copy(c.columns(), JAVA_INT, 0, cols, 0, count);
      for (int k = 0; k < count; k++) {
        int i = rows[k];
        int j = cols[k];
        increment(next, i + 1L);
        if (expand && i != j) {
          increment(next, j + 1L);
        }
      }
    }
    MemorySegment rp = target.allocate((n + 1L) * Long.BYTES);
    long sum = 0;
    for (long i = 0; i < n; i++) {
      next.setAtIndex(JAVA_LONG, i, sum); // where row i's next entry goes
      sum += next.getAtIndex(JAVA_LONG, i + 1);
      rp.setAtIndex(JAVA_LONG, i, next.getAtIndex(JAVA_LONG, i));
    }
    rp.setAtIndex(JAVA_LONG, n, sum);
    long total = sum;
    // 2. Scatter into rows.
    MemorySegment col = target.allocate(total * Integer.BYTES);
    MemorySegment val = target.allocateDoubles(total);
    for (Chunk c : chunks) {
      int count = c.count();
      MemorySegment.copy(c.rows(), JAVA_INT, 0, rows, 0, count);
      MemorySegment.copy(c.columns(), JAVA_INT, 0, cols, 0, count);
      MemorySegment.copy(c.values(), JAVA_DOUBLE, 0, vals, 0, count);
      c.memory().close();
      for (int k = 0; k < count; k++) {
        int i = rows[k];
        int j = cols[k];
        double v = vals[k];
        put(next, i, j, v, col, val);
        if (expand && i != j) {
          put(next, j, i, v, col, val);
        }
      }
    }
    chunks.clear();
    rows = new int[0];
    cols = new int[0];
    vals = new double[0];
    // 3. Sort each row by column, sum duplicates, compact in place (write <= read). Until the
    // first duplicate nothing moves, and a row already sorted without duplicates (rows written
    // in order, and their mirrors, arrive so) is only read.
    long write = 0;
    long start = 0;
    boolean summed = false;
    for (long i = 0; i < n; i++) {
      long end = rp.getAtIndex(JAVA_LONG, i + 1);
      if (write == start && strictlyIncreasing(col, start, end)) {
        write = end;
        start = end;
        continue;
      }
      sortRow(col, val, start, end);
      rp.setAtIndex(JAVA_LONG, i, write);
      for (long k = start; k < end; k++) {
        int c = col.getAtIndex(JAVA_INT, k);
        double v = val.getAtIndex(JAVA_DOUBLE, k);
        if (write > rp.getAtIndex(JAVA_LONG, i)
            && col.getAtIndex(JAVA_INT, write - 1) == c) {
          val.setAtIndex(JAVA_DOUBLE, write - 1, val.getAtIndex(JAVA_DOUBLE, write - 1) + v);
          summed = true;
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
    // The builder admits finite values only; a sum of duplicates may still overflow.
    for (long k = 0; summed && k < nnz; k++) {
      double v = val.getAtIndex(JAVA_DOUBLE, k);
      if (!Double.isFinite(v)) {
        throw new DuplicateOverflowException(rowOf(rp, k), col.getAtIndex(JAVA_INT, k), v);
      }
    }
    if (!expand) {
      symmetrize(rp, col, val);
    }
    return new Csr(rp, col.asSlice(0, nnz * Integer.BYTES),
        val.asSlice(0, nnz * Double.BYTES), nnz);
  }

  /**
   * Refuses an assembly whose arrays (row pointers and their scatter copy, 16 bytes a row; 12
   * bytes an entry, at most {@code entries}) exceed the memory available now: n comes from the
   * caller (a file's size line, say) and may be far larger than its entries suggest.
   */
  private void requireFits(long entries) {
    long bytes = 16L * (n + 1L) + 12L * entries;
    long available = PhysicalMemory.availableBytes();
    if (bytes > available) {
      throw new InsufficientMemoryException(String.format(Locale.ROOT, "assembling the sparse "
          + "matrix (n = %d, up to %d entries) needs %.2f GiB (16 bytes a row, 12 bytes an "
          + "entry), more than the %.2f GiB of memory available", n, entries,
          bytes / (double) (1L << 30), available / (double) (1L << 30)), bytes, available);
    }
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

  /** Whether the columns [from, to) increase strictly: sorted, no duplicates. */
  private static boolean strictlyIncreasing(MemorySegment col, long from, long to) {
    for (long k = from + 1; k < to; k++) {
      if (col.getAtIndex(JAVA_INT, k - 1) >= col.getAtIndex(JAVA_INT, k)) {
        return false;
      }
    }
    return true;
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
