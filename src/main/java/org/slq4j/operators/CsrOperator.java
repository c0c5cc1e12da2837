package org.slq4j.operators;

import org.slq4j.internal.memory.OperatorMemory;
import org.slq4j.internal.vectorization.MatvecKernels;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slq4j.SymmetricOperator;

/**
 * A sparse symmetric matrix in compressed sparse row (CSR) form, off-heap in an {@link Arena}
 * this operator owns ({@link #close()} frees it). Row pointers are longs, so the number of stored
 * entries may exceed 2^31; column indices are 32-bit ints, so n is at most
 * {@code Integer.MAX_VALUE} (halving the index traffic of the matvec, which is memory-bound).
 *
 * <p><b>Storage: both triangles (expanded).</b> A symmetric matrix given by one triangle is
 * expanded by the {@link Builder}. Using one triangle directly would move fewer matrix bytes
 * (about 6 instead of 12 per off-diagonal entry) but the transposed half turns every product into
 * a read-modify-write scatter y[j] += a_ij x_i at random j, which costs as much as the random
 * gather it replaces, cannot be vectorized without conflict detection and makes the loop
 * carry a memory dependence; with full rows each y_i is a plain dot product written once. Rows
 * are sorted by column with duplicates summed.
 *
 * <p>The matvec is scalar (the Vector API has no gather from a {@link MemorySegment}); its time
 * is set by the memory system, not by arithmetic. <b>Two layouts</b>, chosen at build time:
 * <ul>
 *   <li><b>plain CSR</b>, rows with two accumulators each, when the x accesses of a row-by-row
 *       pass mostly hit the cache (banded, locality-ordered, or x small);
 *   <li><b>cache-blocked</b> tiles of 65536 rows x 16384 columns with 16-bit offsets, each in
 *       column order (12 bytes an entry, as CSR), when the columns are scattered so that plain
 *       CSR would take a DRAM miss per entry: each row block keeps its y slice in L2 and streams
 *       x once (one sequential pass over x per 65536 rows instead of a miss per entry). The
 *       choice replays the gathers through a 1 MiB cache model (one pass over the columns). The
 *       system property {@code slq4j.csr.layout} ({@code auto}, the default, {@code plain} or
 *       {@code blocked}) overrides it for diagnosis and benchmarks.
 * </ul>
 * Only one layout is kept, so memory stays 12 bytes an entry (the build needs scratch memory of
 * about twice that for the blocked layout).
 *
 * <p>Immutable and thread-safe until closed.
 */
public final class CsrOperator implements SymmetricOperator, AutoCloseable {

  private final long n;
  private final long nnz;
  private final Arena arena;
  private final MemorySegment rowPointers;
  private final MemorySegment columns;
  private final MemorySegment values;
  /** The cache-blocked layout, or null when the plain CSR arrays above are used. */
  private final BlockedCsr blocked;

  private CsrOperator(long n, long nnz, Arena arena, MemorySegment rowPointers,
      MemorySegment columns, MemorySegment values, BlockedCsr blocked) {
    this.n = n;
    this.nnz = nnz;
    this.arena = arena;
    this.rowPointers = rowPointers;
    this.columns = columns;
    this.values = values;
    this.blocked = blocked;
  }

  /**
   * A builder for an n x n matrix from (row, column, value) triplets (0-based).
   *
   * @throws IllegalArgumentException if n &lt; 1 or n &gt; Integer.MAX_VALUE
   */
  public static Builder builder(long n) {
    OperatorMemory.checkDimension("n", n);
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("n must be <= " + Integer.MAX_VALUE
          + " (32-bit column indices), got " + n);
    }
    return new Builder((int) n);
  }

  @Override
  public long dimension() {
    return n;
  }

  /** The number of stored entries, both triangles counted (explicit zeros included). */
  public long nnz() {
    return nnz;
  }

  /** The stored entry a_ij (0-based), 0 when not stored; binary search within row i. */
  public double get(long i, long j) {
    Objects.checkIndex(i, n);
    Objects.checkIndex(j, n);
    if (blocked != null) {
      return blocked.get(i, j);
    }
    long k = find(rowPointers.getAtIndex(JAVA_LONG, i), rowPointers.getAtIndex(JAVA_LONG, i + 1),
        (int) j, columns);
    return k < 0 ? 0.0 : values.getAtIndex(JAVA_DOUBLE, k);
  }

  @Override
  public void apply(MemorySegment x, MemorySegment y) {
    OperatorMemory.checkApply(n, x, y);
    if (blocked != null) {
      blocked.multiply(x, y);
    } else {
      MatvecKernels.csrPlain(n, rowPointers, columns, values, x, y);
    }
  }

  /**
   * Y = A X for {@code count} interleaved vectors, reading the matrix once per group of up to
   * 16 vectors in the cache-blocked layout, once in all in plain CSR. Each column of Y is
   * bit-for-bit what {@link #apply} gives for that column (same products, same summation order,
   * no FMA), whichever layout is in use.
   */
  @Override
  public void applyBlock(MemorySegment x, MemorySegment y, int count) {
    OperatorMemory.checkApplyBlock(n, x, y, count);
    if (count == 1) {
      apply(x, y);
    } else if (blocked != null) {
      blocked.multiplyBlock(x, y, count);
    } else {
      MatvecKernels.csrPlainBlock(n, rowPointers, columns, values, x, y, count);
    }
  }

  /**
   * 4: the blocked kernel's time per vector is flat from 4 to 8 vectors alone (random n = 1e6
   * matrix, OperatorBenchmark: 20.6-22.7 ms a vector at 4, 21.1-26.0 at 8, 62-69
   * for apply), but its y slice (65536 rows x the padded lane count) lives in the shared L3, and
   * two threads with 4 MiB slices each (8 vectors) fill it. In whole SLQ jobs (10 runs,
   * SlqEndToEnd) two threads took 31.7 s in blocks of 4 (4 + 1 per thread) against
   * 53.2 s in blocks of 5 (padded to 8 lanes) and 39.1-39.4 s one run at a time; one thread
   * took 52.4-55.7 s in blocks of 4 (4 + 4 + 2) and 54.3 s in blocks of 8 (8 + 2).
   */
  @Override
  public int preferredBlockSize() {
    return PREFERRED_BLOCK;
  }

  static final int PREFERRED_BLOCK = 4;

  /** Whether the cache-blocked layout is in use (for tests). */
  boolean isBlocked() {
    return blocked != null;
  }

  @Override
  public boolean isThreadSafe() {
    return true;
  }

  /** Frees the off-heap arrays. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (arena.scope().isAlive()) {
        arena.close();
      }
    }
  }

  @Override
  public String toString() {
    return "CsrOperator[n=" + n + ", nnz=" + nnz + ", layout=" + (blocked != null ? "blocked"
        : "plain") + "]";
  }

  /** Index of column c in [from, to) of sorted columns, or -1. */
  private static long find(long from, long to, int c, MemorySegment columns) {
    long lo = from;
    long hi = to - 1;
    while (lo <= hi) {
      long mid = (lo + hi) >>> 1;
      int v = columns.getAtIndex(JAVA_INT, mid);
      if (v < c) {
        lo = mid + 1;
      } else if (v > c) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /**
   * Collects (row, column, value) triplets (0-based) on the heap in chunks, then builds the CSR
   * off-heap: a counting sort by row, a sort by column within each row, duplicates summed.
   *
   * <p>Without symmetric expansion (the default) the triplets must describe the whole matrix,
   * which must be symmetric within {@link Operators#SYMMETRY_TOLERANCE} relative to max|a_ij|
   * (else {@link NotSymmetricException}); mirrored pairs that differ are replaced by their
   * average so the operator is exactly symmetric. With {@link #symmetricExpansion(boolean)} each
   * off-diagonal triplet (i, j, v) also stands for (j, i, v), as in a Matrix Market
   * {@code symmetric} file: give one triangle only (an entry given in both triangles is counted
   * twice). A builder is single-use and not thread-safe.
   */
  public static final class Builder {

    private static final int CHUNK = 1 << 20;
    private static final String LAYOUT_PROPERTY = "slq4j.csr.layout";

    private final int n;
    private final List<int[]> rowChunks = new ArrayList<>();
    private final List<int[]> colChunks = new ArrayList<>();
    private final List<double[]> valChunks = new ArrayList<>();
    private int fill = CHUNK;
    private long size;
    private boolean expand;
    private boolean built;
    private Boolean forceBlocked;
    private int rowBlock = BlockedCsr.ROW_BLOCK;
    private int panelWidth = BlockedCsr.PANEL_WIDTH;

    private Builder(int n) {
      this.n = n;
    }

    /** Whether each off-diagonal triplet also stands for its mirror (default false). */
    public Builder symmetricExpansion(boolean expand) {
      this.expand = expand;
      return this;
    }

    /**
     * Forces the layout (null: automatic) and sets the tile shape of the blocked layout; for
     * tests, which need small tiles to exercise block and panel edges.
     */
    Builder layout(Boolean blocked, int rowBlock, int panelWidth) {
      this.forceBlocked = blocked;
      this.rowBlock = rowBlock;
      this.panelWidth = panelWidth;
      return this;
    }

    /** The number of triplets added so far. */
    public long size() {
      return size;
    }

    /**
     * Adds a_ij += value (duplicates are summed).
     *
     * @throws IllegalArgumentException if an index is outside [0, n) or the value is not finite
     */
    public Builder add(long row, long column, double value) {
      if (built) {
        throw new IllegalStateException("build() was already called");
      }
      if (row < 0 || row >= n) {
        throw new IllegalArgumentException("row index " + row + " outside [0, " + n + ")");
      }
      if (column < 0 || column >= n) {
        throw new IllegalArgumentException("column index " + column + " outside [0, " + n
            + ")");
      }
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("value at (" + row + ", " + column
            + ") is not finite: " + value);
      }
      if (fill == CHUNK) {
        rowChunks.add(new int[CHUNK]);
        colChunks.add(new int[CHUNK]);
        valChunks.add(new double[CHUNK]);
        fill = 0;
      }
      int c = rowChunks.size() - 1;
      rowChunks.get(c)[fill] = (int) row;
      colChunks.get(c)[fill] = (int) column;
      valChunks.get(c)[fill] = value;
      fill++;
      size++;
      return this;
    }

    /**
     * Builds the operator (which the caller must close). The triplets are released.
     *
     * @throws NotSymmetricException without symmetric expansion, if the matrix is not symmetric
     */
    public CsrOperator build() {
      if (built) {
        throw new IllegalStateException("build() was already called");
      }
      built = true;
      Arena arena = Arena.ofShared();
      try (Arena scratch = Arena.ofConfined()) {
        // 1. Count entries per row (mirrors included), prefix sums -> provisional row pointers.
        MemorySegment rp = OperatorMemory.allocate(scratch, (n + 1L) * Long.BYTES);
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
        MemorySegment next = OperatorMemory.allocate(scratch, n * (long) Long.BYTES);
        MemorySegment.copy(rp, 0, next, 0, n * (long) Long.BYTES);
        MemorySegment col = OperatorMemory.allocate(scratch, total * Integer.BYTES);
        MemorySegment val = OperatorMemory.allocateDoubles(scratch, total);
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
        // 4. Keep one layout in the operator's arena; the scratch copies are freed on return.
        if (useBlocked(nnz, col)) {
          BlockedCsr tiles = BlockedCsr.build(n, rp, col, val, rowBlock, panelWidth, arena);
          return new CsrOperator(n, nnz, arena, null, null, null, tiles);
        }
        MemorySegment rowPointers = OperatorMemory.allocate(arena, (n + 1L) * Long.BYTES);
        MemorySegment columns = OperatorMemory.allocate(arena, nnz * Integer.BYTES);
        MemorySegment values = OperatorMemory.allocateDoubles(arena, nnz);
        MemorySegment.copy(rp, 0, rowPointers, 0, (n + 1L) * Long.BYTES);
        MemorySegment.copy(col, 0, columns, 0, nnz * Integer.BYTES);
        MemorySegment.copy(val, 0, values, 0, nnz * Double.BYTES);
        return new CsrOperator(n, nnz, arena, rowPointers.asReadOnly(), columns.asReadOnly(),
            values.asReadOnly(), null);
      } catch (RuntimeException | Error e) {
        arena.close();
        throw e;
      }
    }

    /** The forced layout, else the system property, else the cache model's choice. */
    private boolean useBlocked(long nnz, MemorySegment col) {
      if (forceBlocked != null) {
        return forceBlocked;
      }
      String p = System.getProperty(LAYOUT_PROPERTY, "auto");
      return switch (p) {
        case "plain" -> false;
        case "blocked" -> true;
        case "auto" -> BlockedCsr.pays(n, nnz, col);
        default -> throw new IllegalArgumentException("system property " + LAYOUT_PROPERTY
            + " must be auto, plain or blocked, got '" + p + "'");
      };
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
      double worst = 0;
      long worstI = 0;
      long worstJ = 0;
      for (int i = 0; i < n; i++) {
        long end = rp.getAtIndex(JAVA_LONG, i + 1);
        for (long k = rp.getAtIndex(JAVA_LONG, i); k < end; k++) {
          int j = columns.getAtIndex(JAVA_INT, k);
          if (j == i) {
            continue;
          }
          double aij = values.getAtIndex(JAVA_DOUBLE, k);
          long m = find(rp.getAtIndex(JAVA_LONG, j), rp.getAtIndex(JAVA_LONG, j + 1), i, columns);
          if (m < 0) {
            // a_ji is absent (zero); reported from whichever side holds the entry.
            if (Math.abs(aij) > worst) {
              worst = Math.abs(aij);
              worstI = i;
              worstJ = j;
            }
          } else if (j > i) {
            double aji = values.getAtIndex(JAVA_DOUBLE, m);
            double d = Math.abs(aij - aji);
            if (d > worst) {
              worst = d;
              worstI = i;
              worstJ = j;
            }
            if (aij != aji) {
              double avg = 0.5 * aij + 0.5 * aji;
              values.setAtIndex(JAVA_DOUBLE, k, avg);
              values.setAtIndex(JAVA_DOUBLE, m, avg);
            }
          }
        }
      }
      if (worst > Operators.SYMMETRY_TOLERANCE * maxAbs) {
        throw new NotSymmetricException(worstI, worstJ, worst, maxAbs,
            Operators.SYMMETRY_TOLERANCE);
      }
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
}
