package org.slq4j.operators;

import org.slq4j.internal.vectorization.MatvecKernels;
import static java.lang.foreign.ValueLayout.JAVA_CHAR;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.slq4j.internal.memory.OffHeap;
import org.slq4j.internal.memory.OwnedMemory;

/**
 * A cache-blocked copy of a sparse matrix for y = A x when x is far larger than the L2 cache and
 * the columns are scattered (random sparsity), where a row-by-row CSR matvec spends its time
 * waiting for a DRAM miss per gathered x[col].
 *
 * <p><b>Layout.</b> Rows are cut into blocks of {@code rowBlock} rows (y slice of 512 KiB by
 * default, so it stays in L2), columns into panels of {@code panelWidth} columns (16384 by
 * default). Each
 * (row block, panel) tile holds its entries ordered by <em>column</em>, then row, as 16-bit row
 * and column offsets within the tile plus the value: 12 bytes an entry, as plain CSR with int
 * columns, and tile starts are longs. Tiles are stored row block by row block.
 *
 * <p><b>Why column order within a row block.</b> A row block is processed with its y slice
 * resident in L2 (zeroed first, then updated y[r] += a_rc x[c]); walking its tiles in column
 * order reads x monotonically, so the hardware prefetcher streams it and the random accesses
 * land on the L2-resident y slice. The cost is one sequential pass over x per row block (8 MB
 * x n/rowBlock for n = 1e6) instead of one DRAM miss per entry. Consecutive entries rarely share
 * a row, so the read-modify-writes of y do not chain. Measured alternatives (row order within
 * tiles with the x slice in L2, with or without a touch pass; column panels with a y
 * read-modify-write pass per panel; segmented rows per panel; panels with x slices in L3) were
 * 10-40% slower or much worse on the target machine.
 *
 * <p>Each y_i is the sum of its row's products in increasing column order, one accumulator.
 */
final class BlockedCsr {

  /** The largest row block or panel: offsets within a tile are 16-bit. */
  static final int MAX_SPAN = 1 << 16;
  /** Default rows per block: a 512 KiB y slice (L2-resident while the block's tiles stream). */
  static final int ROW_BLOCK = 1 << 16;
  /**
   * Default columns per panel: x is streamed through a heap buffer of this many doubles
   * (128 KiB), small enough to sit in L2 beside the y slice.
   */
  static final int PANEL_WIDTH = 1 << 14;
  /** Entries copied to heap buffers at a time (24 KiB). */
  private static final int CHUNK = 2048;

  /** Modelled cache for the layout choice: 2^14 lines of 64 bytes (1 MiB, direct-mapped). */
  private static final int MODEL_LINES = 1 << 14;
  /** Below this miss rate (misses per entry) in the model, plain CSR is kept. */
  static final double MISS_RATE_THRESHOLD = 0.2;

  private final long n;
  private final int rowBlock;
  private final int panelWidth;
  private final int blocks;
  private final int panels;
  private final MemorySegment tileStarts;
  private final MemorySegment rows;
  private final MemorySegment cols;
  private final MemorySegment vals;

  private BlockedCsr(long n, int rowBlock, int panelWidth, MemorySegment tileStarts,
      MemorySegment rows, MemorySegment cols, MemorySegment vals) {
    this.n = n;
    this.rowBlock = rowBlock;
    this.panelWidth = panelWidth;
    this.blocks = (int) ((n + rowBlock - 1) / rowBlock);
    this.panels = (int) ((n + panelWidth - 1) / panelWidth);
    this.tileStarts = tileStarts;
    this.rows = rows;
    this.cols = cols;
    this.vals = vals;
  }

  /**
   * Whether the blocked layout should pay off for this CSR matrix: replays the x accesses of a
   * row-by-row matvec through a 1 MiB direct-mapped cache model of 64-byte lines and blocks
   * when more than {@link #MISS_RATE_THRESHOLD} of the entries miss. Banded and
   * locality-ordered matrices (and any n whose x fits the model) miss rarely and keep plain
   * CSR; random sparsity misses on almost every entry. One pass over the column indices.
   */
  static boolean pays(long n, long nnz, MemorySegment columns) {
    if (n <= ROW_BLOCK || nnz == 0) {
      return false; // x fits in 512 KiB: row-by-row CSR gathers hit the cache anyway.
    }
    int[] tags = new int[MODEL_LINES];
    Arrays.fill(tags, -1);
    long misses = 0;
    for (long k = 0; k < nnz; k++) {
      int line = columns.getAtIndex(JAVA_INT, k) >>> 3;
      int slot = line & (MODEL_LINES - 1);
      if (tags[slot] != line) {
        tags[slot] = line;
        misses++;
      }
    }
    return misses > MISS_RATE_THRESHOLD * nnz;
  }

  /**
   * Builds the blocked copy of the n x n CSR matrix (rp, columns, values) into {@code memory}.
   * A counting sort by column (the transpose, with rows increasing within a column) in scratch
   * memory, then a stable distribution of the columns' entries into tiles, so each tile ends
   * up in (column, row) order. Works for any sparsity pattern (symmetry is not assumed).
   *
   * @param rowBlock rows per block, 1..65536
   * @param panelWidth columns per panel, 1..65536
   */
  static BlockedCsr build(long n, MemorySegment rp, MemorySegment columns,
      MemorySegment values, int rowBlock, int panelWidth, OwnedMemory memory) {
    if (rowBlock < 1 || rowBlock > MAX_SPAN) {
      throw new IllegalArgumentException("rowBlock must be in [1, " + MAX_SPAN + "], got "
          + rowBlock);
    }
    if (panelWidth < 1 || panelWidth > MAX_SPAN) {
      throw new IllegalArgumentException("panelWidth must be in [1, " + MAX_SPAN + "], got "
          + panelWidth);
    }
    long nnz = rp.getAtIndex(JAVA_LONG, n);
    long blockCount = (n + rowBlock - 1) / rowBlock;
    long panelCount = (n + panelWidth - 1) / panelWidth;
    long tiles = blockCount * panelCount;
    MemorySegment starts = memory.allocate((tiles + 1) * Long.BYTES);
    MemorySegment rowsOut = memory.allocate(nnz * Character.BYTES);
    MemorySegment colsOut = memory.allocate(nnz * Character.BYTES);
    MemorySegment valsOut = memory.allocateDoubles(nnz);
    try (Arena scratch = Arena.ofConfined()) {
      // 1. Column counts and tile counts in one pass over the rows.
      MemorySegment cp = OffHeap.allocate(scratch, (n + 1) * Long.BYTES);
      for (long i = 0; i < n; i++) {
        long tileRow = (i / rowBlock) * panelCount;
        long end = rp.getAtIndex(JAVA_LONG, i + 1);
        for (long k = rp.getAtIndex(JAVA_LONG, i); k < end; k++) {
          int c = columns.getAtIndex(JAVA_INT, k);
          cp.setAtIndex(JAVA_LONG, c + 1L, cp.getAtIndex(JAVA_LONG, c + 1L) + 1);
          long t = tileRow + c / panelWidth + 1;
          starts.setAtIndex(JAVA_LONG, t, starts.getAtIndex(JAVA_LONG, t) + 1);
        }
      }
      for (long c = 0; c < n; c++) {
        cp.setAtIndex(JAVA_LONG, c + 1, cp.getAtIndex(JAVA_LONG, c + 1)
            + cp.getAtIndex(JAVA_LONG, c));
      }
      for (long t = 0; t < tiles; t++) {
        starts.setAtIndex(JAVA_LONG, t + 1, starts.getAtIndex(JAVA_LONG, t + 1)
            + starts.getAtIndex(JAVA_LONG, t));
      }
      // 2. Transpose (rows increase within each column because rows are visited in order).
      MemorySegment next = OffHeap.allocate(scratch, n * Long.BYTES);
      MemorySegment.copy(cp, 0, next, 0, n * Long.BYTES);
      MemorySegment tRows = OffHeap.allocate(scratch, nnz * Integer.BYTES);
      MemorySegment tVals = OffHeap.allocateDoubles(scratch, nnz);
      for (long i = 0; i < n; i++) {
        long end = rp.getAtIndex(JAVA_LONG, i + 1);
        for (long k = rp.getAtIndex(JAVA_LONG, i); k < end; k++) {
          int c = columns.getAtIndex(JAVA_INT, k);
          long q = next.getAtIndex(JAVA_LONG, c);
          next.setAtIndex(JAVA_LONG, c, q + 1);
          tRows.setAtIndex(JAVA_INT, q, (int) i);
          tVals.setAtIndex(JAVA_DOUBLE, q, values.getAtIndex(JAVA_DOUBLE, k));
        }
      }
      // 3. Columns in order into their tiles: each tile ends up sorted by (column, row).
      MemorySegment fill = OffHeap.allocate(scratch, tiles * Long.BYTES);
      MemorySegment.copy(starts, 0, fill, 0, tiles * Long.BYTES);
      for (long c = 0; c < n; c++) {
        long panel = c / panelWidth;
        char cOff = (char) (c - panel * panelWidth);
        long end = cp.getAtIndex(JAVA_LONG, c + 1);
        for (long k = cp.getAtIndex(JAVA_LONG, c); k < end; k++) {
          int r = tRows.getAtIndex(JAVA_INT, k);
          long block = r / rowBlock;
          long t = block * panelCount + panel;
          long q = fill.getAtIndex(JAVA_LONG, t);
          fill.setAtIndex(JAVA_LONG, t, q + 1);
          rowsOut.setAtIndex(JAVA_CHAR, q, (char) (r - block * rowBlock));
          colsOut.setAtIndex(JAVA_CHAR, q, cOff);
          valsOut.setAtIndex(JAVA_DOUBLE, q, tVals.getAtIndex(JAVA_DOUBLE, k));
        }
      }
    }
    return new BlockedCsr(n, rowBlock, panelWidth, starts.asReadOnly(), rowsOut.asReadOnly(),
        colsOut.asReadOnly(), valsOut.asReadOnly());
  }

  /** y = A x; x and y hold at least n doubles (checked by the caller) and do not overlap. */
  void multiply(MemorySegment x, MemorySegment y) {
    multiply(n, rowBlock, panelWidth, panels, tileStarts, rows, cols, vals, x, y, 0, n);
  }

  /**
   * Rows [from, to) of y = A x (0 <= from <= to <= n, checked by the caller): every row block
   * that meets the range is computed whole, as by {@link #multiply}, and only the range's rows
   * are written.
   */
  void multiplyRows(MemorySegment x, MemorySegment y, long from, long to) {
    if (from < to) {
      multiply(n, rowBlock, panelWidth, panels, tileStarts, rows, cols, vals, x, y, from, to);
    }
  }

  /**
   * The kernel. The hot loop runs on heap arrays filled by bulk copies (one liveness and bounds
   * check per copy): measured on JDK 25, element-wise {@link MemorySegment} accesses in this
   * loop ran about 4x slower (150-200 ms instead of 35-45 ms for n = 1e6) as soon as segments
   * of more than one arena kind (confined and shared) had gone through the JDK's memory-access
   * code anywhere in the process, which is the normal case (the estimator's vectors are
   * confined, the operator's arrays shared). Per row block: y slice accumulated in a heap
   * buffer (L2-resident) and copied out once; per tile, its x slice copied into a heap buffer
   * (a sequential read, which also streams x); entries copied in chunks.
   */
  private static void multiply(long n, int rowBlock, int panelWidth, int panels,
      MemorySegment tileStarts, MemorySegment rows, MemorySegment cols, MemorySegment vals,
      MemorySegment x, MemorySegment y, long from, long to) {
    double[] yb = new double[(int) Math.min(rowBlock, n)];
    double[] xb = new double[(int) Math.min(panelWidth, n)];
    char[] rb = new char[CHUNK];
    char[] cb = new char[CHUNK];
    double[] vb = new double[CHUNK];
    int firstBlock = (int) (from / rowBlock);
    int endBlock = (int) ((to - 1) / rowBlock) + 1;
    for (int b = firstBlock; b < endBlock; b++) {
      long r0 = (long) b * rowBlock;
      int rlen = (int) Math.min(rowBlock, n - r0);
      Arrays.fill(yb, 0, rlen, 0.0);
      for (int p = 0; p < panels; p++) {
        long t = (long) b * panels + p;
        long k0 = tileStarts.getAtIndex(JAVA_LONG, t);
        long k1 = tileStarts.getAtIndex(JAVA_LONG, t + 1);
        if (k0 == k1) {
          continue;
        }
        long c0 = (long) p * panelWidth;
        int clen = (int) Math.min(panelWidth, n - c0);
        MemorySegment.copy(x, JAVA_DOUBLE, c0 * Double.BYTES, xb, 0, clen);
        for (long k = k0; k < k1; k += CHUNK) {
          int m = (int) Math.min(CHUNK, k1 - k);
          MemorySegment.copy(rows, JAVA_CHAR, k * Character.BYTES, rb, 0, m);
          MemorySegment.copy(cols, JAVA_CHAR, k * Character.BYTES, cb, 0, m);
          MemorySegment.copy(vals, JAVA_DOUBLE, k * Double.BYTES, vb, 0, m);
          chunk(rb, cb, vb, m, xb, yb);
        }
      }
      long lo = Math.max(from, r0);
      long hi = Math.min(to, r0 + rlen);
      MemorySegment.copy(yb, (int) (lo - r0), y, JAVA_DOUBLE, lo * Double.BYTES, (int) (hi - lo));
    }
  }

  /**
   * Y = A X for {@code count} interleaved vectors (entry i of vector k at index i * count + k);
   * the caller has checked the sizes. Each column is bit-for-bit {@link #multiply} of that
   * column: the same tiles in the same order, so each y_i is still the sum of its row's products
   * v * x (rounded, then added: no FMA) in increasing column order, one accumulator from +0.0,
   * lane by lane.
   *
   * <p>The vectors go in lane groups of at most {@link #MAX_GROUP}, one pass over the tiles
   * per group. Per row block the group's y slice (rowBlock x g doubles, 4 MiB for g = 8) is
   * accumulated in a heap buffer that stays in L3, and x is read straight from the caller's
   * segment: within a tile the entries go in column order, so those reads stream x; copying the
   * x panel to the heap first (as the single-vector kernel does) cost 1.7x more here, because a
   * panel of g-vector rows no longer fits in L2 and is read only sparsely (0.6 entries per
   * column per tile). The time per vector is set by the streaming of x (once per row block) and
   * the random read-modify-writes of the L3-resident y slice; both grow with g, so larger groups
   * gain nothing and above 8 vectors the slice spills out of L3 (measured: 16 vectors in one
   * group cost 1.5x per vector).
   */
  void multiplyBlock(MemorySegment x, MemorySegment y, int count) {
    for (int l0 = 0; l0 < count; l0 += MAX_GROUP) {
      int g = Math.min(MAX_GROUP, count - l0);
      multiplyGroup(n, rowBlock, panelWidth, blocks, panels, tileStarts, rows, cols, vals, x, y,
          count, l0, g);
    }
  }

  /** Most vectors per pass over the tiles. */
  static final int MAX_GROUP = 16;

  private static void multiplyGroup(long n, int rowBlock, int panelWidth, int blocks,
      int panels, MemorySegment tileStarts, MemorySegment rows, MemorySegment cols,
      MemorySegment vals, MemorySegment x, MemorySegment y, int count, int l0, int g) {
    int rmax = (int) Math.min(rowBlock, n);
    int w = MatvecKernels.blockStride(g);
    double[] yb = new double[rmax * w];
    double[] tmp = w == count ? null : new double[rmax * count];
    char[] rb = new char[CHUNK];
    char[] cb = new char[CHUNK];
    double[] vb = new double[CHUNK];
    long xStride = (long) count * Double.BYTES;
    for (int b = 0; b < blocks; b++) {
      long r0 = (long) b * rowBlock;
      int rlen = (int) Math.min(rowBlock, n - r0);
      Arrays.fill(yb, 0, rlen * w, 0.0);
      for (int p = 0; p < panels; p++) {
        long t = (long) b * panels + p;
        long k0 = tileStarts.getAtIndex(JAVA_LONG, t);
        long k1 = tileStarts.getAtIndex(JAVA_LONG, t + 1);
        if (k0 == k1) {
          continue;
        }
        long xBase = (long) p * panelWidth * xStride + (long) l0 * Double.BYTES;
        for (long k = k0; k < k1; k += CHUNK) {
          int m = (int) Math.min(CHUNK, k1 - k);
          MemorySegment.copy(rows, JAVA_CHAR, k * Character.BYTES, rb, 0, m);
          MemorySegment.copy(cols, JAVA_CHAR, k * Character.BYTES, cb, 0, m);
          MemorySegment.copy(vals, JAVA_DOUBLE, k * Double.BYTES, vb, 0, m);
          MatvecKernels.csrBlockChunk(rb, cb, vb, m, x, xBase, xStride, yb, w, g);
        }
      }
      long yOff = r0 * xStride;
      if (w == count) {
        MemorySegment.copy(yb, 0, y, JAVA_DOUBLE, yOff, rlen * count);
      } else {
        if (g != count) {
          // Other lane groups' results are already in y: read-modify-write whole rows.
          MemorySegment.copy(y, JAVA_DOUBLE, yOff, tmp, 0, rlen * count);
        }
        for (int i = 0; i < rlen; i++) {
          int s = i * w;
          int d = i * count + l0;
          for (int l = 0; l < g; l++) {
            tmp[d + l] = yb[s + l];
          }
        }
        MemorySegment.copy(tmp, 0, y, JAVA_DOUBLE, yOff, rlen * count);
      }
    }
  }

  /** y[r] += v x[c] over one chunk of entries (a small method: compiled on its own). */
  private static void chunk(char[] r, char[] c, double[] v, int m, double[] x, double[] y) {
    for (int q = 0; q < m; q++) {
      y[r[q]] += v[q] * x[c[q]];
    }
  }

  /** The stored a_ij, 0 when absent: binary search on (column, row) within its tile. */
  double get(long i, long j) {
    long block = i / rowBlock;
    long panel = j / panelWidth;
    long t = block * panels + panel;
    int key = (int) (j - panel * panelWidth) << 16 | (int) (i - block * rowBlock);
    long lo = tileStarts.getAtIndex(JAVA_LONG, t);
    long hi = tileStarts.getAtIndex(JAVA_LONG, t + 1) - 1;
    while (lo <= hi) {
      long mid = (lo + hi) >>> 1;
      int v = cols.getAtIndex(JAVA_CHAR, mid) << 16 | rows.getAtIndex(JAVA_CHAR, mid);
      // Unsigned comparison: a column offset >= 2^15 sets the sign bit.
      int cmp = Integer.compareUnsigned(v, key);
      if (cmp < 0) {
        lo = mid + 1;
      } else if (cmp > 0) {
        hi = mid - 1;
      } else {
        return vals.getAtIndex(JAVA_DOUBLE, mid);
      }
    }
    return 0.0;
  }

  int rowBlock() {
    return rowBlock;
  }

  int panelWidth() {
    return panelWidth;
  }
}
