package org.slq4j.operators;

import org.slq4j.internal.memory.OperatorMemory;
import org.slq4j.internal.memory.OwnedMemory;
import org.slq4j.internal.vectorization.MatvecKernels;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.Objects;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.plan.RowRangeOperator;

/**
 * A sparse symmetric matrix in compressed sparse row (CSR) form, off-heap in memory this
 * operator owns: {@link #close()} frees it at once (afterwards {@link #apply} throws
 * {@link IllegalStateException}); an operator never closed is freed once unreachable. Row
 * pointers are longs, so the number of stored entries may exceed 2^31; column indices are
 * 32-bit ints, so n is at most {@code Integer.MAX_VALUE} (halving the index traffic of the
 * matvec, which is memory-bound).
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
 *       x once (one sequential pass over x per 65536 rows instead of a miss per entry).
 * </ul>
 * The choice is automatic: it replays the gathers through a 1 MiB cache model (one pass over
 * the columns). Tests and benchmarks in this package force a layout through a package-private
 * builder method; no global setting changes it. Only one layout is kept, so memory stays 12
 * bytes an entry (the build needs scratch memory of about twice that for the blocked layout).
 *
 * <p>Immutable and thread-safe until closed.
 */
public final class CsrOperator implements SymmetricOperator, RowRangeOperator, AutoCloseable {

  private final long n;
  private final long nnz;
  private final OwnedMemory memory;
  private final MemorySegment rowPointers;
  private final MemorySegment columns;
  private final MemorySegment values;
  /** The cache-blocked layout, or null when the plain CSR arrays above are used. */
  private final BlockedCsr blocked;

  private CsrOperator(long n, long nnz, OwnedMemory memory, MemorySegment rowPointers,
      MemorySegment columns, MemorySegment values, BlockedCsr blocked) {
    this.n = n;
    this.nnz = nnz;
    this.memory = memory;
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
    memory.ensureOpen(this);
    double a;
    if (blocked != null) {
      a = blocked.get(i, j);
    } else {
      long k = find(rowPointers.getAtIndex(JAVA_LONG, i),
          rowPointers.getAtIndex(JAVA_LONG, i + 1), (int) j, columns);
      a = k < 0 ? 0.0 : values.getAtIndex(JAVA_DOUBLE, k);
    }
    Reference.reachabilityFence(this);
    return a;
  }

  @Override
  public void apply(MemorySegment x, MemorySegment y) {
    memory.ensureOpen(this);
    OperatorMemory.checkApply(n, x, y);
    if (blocked != null) {
      blocked.multiply(x, y);
    } else {
      MatvecKernels.csrPlain(n, rowPointers, columns, values, x, y);
    }
    Reference.reachabilityFence(this); // no cleaner may free the memory mid-kernel
  }

  /**
   * Rows [from, to) of y = A x, each y_i by the operations of {@link #apply}. In the
   * cache-blocked layout the rows of a row block can only be computed together (its entries go
   * in column order), so a range that cuts a block computes the whole block and writes its part:
   * ranges aligned to the 65536-row blocks, as the estimator's row chunks are, cost nothing
   * extra.
   */
  @Override
  public void applyRows(MemorySegment x, MemorySegment y, long from, long to) {
    memory.ensureOpen(this);
    OperatorMemory.checkApplyRows(n, x, y, from, to);
    if (blocked != null) {
      blocked.multiplyRows(x, y, from, to);
    } else {
      MatvecKernels.csrPlainRows(from, to, rowPointers, columns, values, x, y);
    }
    Reference.reachabilityFence(this);
  }

  /**
   * Y = A X for {@code count} interleaved vectors, reading the matrix once per group of up to
   * 16 vectors in the cache-blocked layout, once in all in plain CSR. Each column of Y is
   * bit-for-bit what {@link #apply} gives for that column (same products, same summation order,
   * no FMA), whichever layout is in use.
   */
  @Override
  public void applyBlock(MemorySegment x, MemorySegment y, int count) {
    memory.ensureOpen(this);
    OperatorMemory.checkApplyBlock(n, x, y, count);
    if (count == 1) {
      apply(x, y);
    } else if (blocked != null) {
      blocked.multiplyBlock(x, y, count);
    } else {
      MatvecKernels.csrPlainBlock(n, rowPointers, columns, values, x, y, count);
    }
    Reference.reachabilityFence(this);
  }

  /**
   * 4: the blocked kernel's time per vector is flat from 4 to 8 vectors alone (random n = 1e6
   * matrix, OperatorBenchmark: 20.6-22.7 ms a vector at 4, 21.1-26.0 at 8, 62-69 for apply),
   * but its y slice (65536 rows x the padded lane count) lives in the shared L3, and two
   * threads with 4 MiB slices each (8 vectors) fill it. In whole SLQ jobs (10 runs,
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
    memory.close();
  }

  @Override
  public String toString() {
    return "CsrOperator[n=" + n + ", nnz=" + nnz + ", layout=" + (blocked != null ? "blocked"
        : "plain") + "]";
  }

  /** Index of column c in [from, to) of sorted columns, or -1. */
  static long find(long from, long to, int c, MemorySegment columns) {
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
   * Collects (row, column, value) triplets (0-based) on the heap, then builds the CSR off-heap
   * ({@link CsrAssembly}: a counting sort by row, a sort by column within each row, duplicates
   * summed) in the layout that suits its sparsity.
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

    private final int n;
    private final CsrAssembly triplets;
    private boolean expand;
    private boolean built;
    private Boolean forceBlocked;
    private int rowBlock = BlockedCsr.ROW_BLOCK;
    private int panelWidth = BlockedCsr.PANEL_WIDTH;

    private Builder(int n) {
      this.n = n;
      this.triplets = new CsrAssembly(n);
    }

    /** Whether each off-diagonal triplet also stands for its mirror (default false). */
    public Builder symmetricExpansion(boolean expand) {
      this.expand = expand;
      return this;
    }

    /**
     * Forces the layout (true: blocked, false: plain, null: automatic) and sets the tile shape
     * of the blocked layout: the hook through which tests and benchmarks in this package get a
     * given layout, and small tiles that exercise block and panel edges.
     */
    Builder layout(Boolean blocked, int rowBlock, int panelWidth) {
      this.forceBlocked = blocked;
      this.rowBlock = rowBlock;
      this.panelWidth = panelWidth;
      return this;
    }

    /** The number of triplets added so far. */
    public long size() {
      return triplets.size();
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
      triplets.add((int) row, (int) column, value);
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
      // The plain arrays are assembled in memory of their own: it becomes the operator's
      // memory as it is when the plain layout is kept (no copy: the peak is one set of
      // arrays), and is freed once the tiles are built when the blocked layout is chosen.
      OwnedMemory plain = new OwnedMemory();
      OwnedMemory tiled = null;
      try (Arena scratch = Arena.ofConfined()) {
        CsrAssembly.Csr csr = triplets.assemble(scratch, plain, expand);
        long nnz = csr.nnz();
        if (useBlocked(nnz, csr.columns())) {
          tiled = new OwnedMemory();
          BlockedCsr tiles = BlockedCsr.build(n, csr.rowPointers(), csr.columns(), csr.values(),
              rowBlock, panelWidth, tiled);
          plain.close();
          return new CsrOperator(n, nnz, tiled, null, null, null, tiles);
        }
        return new CsrOperator(n, nnz, plain, csr.rowPointers().asReadOnly(),
            csr.columns().asReadOnly(), csr.values().asReadOnly(), null);
      } catch (RuntimeException | Error e) {
        triplets.release();
        plain.close();
        if (tiled != null) {
          tiled.close();
        }
        throw e;
      }
    }

    /** The forced layout, else the cache model's choice. */
    private boolean useBlocked(long nnz, MemorySegment columns) {
      return forceBlocked != null ? forceBlocked : BlockedCsr.pays(n, nnz, columns);
    }
  }
}
