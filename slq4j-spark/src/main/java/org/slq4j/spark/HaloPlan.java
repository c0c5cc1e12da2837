package org.slq4j.spark;

import java.util.Arrays;

/**
 * Which entries of a vector split by rows one task needs from the others, and which of its own
 * the others need from it: the halo exchange of a row-partitioned product y = H x. Task p owns
 * rows [bounds[p], bounds[p + 1]) of H and of every vector; its rows reference columns outside
 * that range, the halo, owned by other tasks.
 *
 * <p>Built once per task: {@link #build} finds the block's halo (sorted distinct remote
 * columns) and rewrites the block's columns into indices of the extended vector, own rows
 * first ({@code 0 .. rows - 1}) and then the halo ({@code rows + k} for halo entry k). The
 * tasks then exchange their {@link #request()}s once; {@link #connect} derives from all of
 * them the task's export (the sorted union of its rows any other task needs) and, for every
 * owner, where each halo entry sits in that owner's export. Per product each task publishes its
 * export's values ({@link #exportValues}) and reads its halo from the others' exports
 * ({@link #importValues}). An export is sent to every task (the barrier's allGather is a
 * broadcast), so each entry a task owns crosses the network once per product however many
 * tasks need it.
 */
final class HaloPlan {

  private final long[] bounds;
  private final int part;
  private final int rows;
  /** Sorted distinct global columns of the block outside its rows. */
  private final long[] halo;
  /** Halo entries owned by task q: haloStart[q] .. haloStart[q + 1] - 1. */
  private final int[] haloStart;
  /** Own rows (local indices, ascending) that some other task needs. */
  private int[] export;
  /** importAt[q][k]: where halo entry haloStart[q] + k sits in task q's export. */
  private int[][] importAt;

  private HaloPlan(long[] bounds, int part, int rows, long[] halo, int[] haloStart) {
    this.bounds = bounds;
    this.part = part;
    this.rows = rows;
    this.halo = halo;
    this.haloStart = haloStart;
  }

  /** The halo of {@code block} (task {@code part} of {@code bounds}); rewrites its columns. */
  static HaloPlan build(long[] bounds, int part, RowBlock block) {
    long lo = bounds[part];
    long hi = bounds[part + 1];
    if (block.lo != lo || block.hi != hi) {
      throw new IllegalArgumentException("block of rows " + block.lo + " .. " + block.hi
          + " is not part " + part + " (" + lo + " .. " + hi + ")");
    }
    long[] global = block.globalColumns;
    long[] remote = new long[16];
    int count = 0;
    for (long c : global) {
      if (c < lo || c >= hi) {
        if (count == remote.length) {
          remote = Arrays.copyOf(remote, count * 2);
        }
        remote[count++] = c;
      }
    }
    Arrays.sort(remote, 0, count);
    int distinct = 0;
    for (int k = 0; k < count; k++) {
      if (distinct == 0 || remote[k] != remote[distinct - 1]) {
        remote[distinct++] = remote[k];
      }
    }
    long[] halo = Arrays.copyOf(remote, distinct);
    int rows = block.rows();
    if ((long) rows + distinct > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("rows " + lo + " .. " + (hi - 1) + " and their halo "
          + "of " + distinct + " entries exceed 2^31: use more partitions");
    }
    int parts = bounds.length - 1;
    int[] haloStart = new int[parts + 1];
    for (int q = 0; q <= parts; q++) {
      haloStart[q] = lowerBound(halo, bounds[q]);
    }
    int[] local = new int[global.length];
    for (int k = 0; k < global.length; k++) {
      long c = global[k];
      local[k] = c >= lo && c < hi ? (int) (c - lo) : rows + Arrays.binarySearch(halo, c);
    }
    block.columns = local;
    block.globalColumns = null;
    return new HaloPlan(bounds, part, rows, halo, haloStart);
  }

  /** The number of halo entries. */
  int haloSize() {
    return halo.length;
  }

  /** The length of the extended vector: own rows, then the halo. */
  int extendedLength() {
    return rows + halo.length;
  }

  /** The number of own entries published per product. */
  int exportSize() {
    return export.length;
  }

  /**
   * What this task needs from the others (its halo), for the one-time exchange: global
   * indices as doubles (exact below 2^53).
   */
  double[] request() {
    double[] r = new double[halo.length];
    for (int k = 0; k < r.length; k++) {
      r[k] = halo[k];
    }
    return r;
  }

  /** Derives the exports and import positions from every task's {@link #request()}. */
  void connect(double[][] requests) {
    int parts = bounds.length - 1;
    if (requests.length != parts) {
      throw new IllegalStateException(requests.length + " halo requests for " + parts
          + " tasks");
    }
    long[][] asked = new long[parts][];
    for (int r = 0; r < parts; r++) {
      asked[r] = new long[requests[r].length];
      for (int k = 0; k < asked[r].length; k++) {
        asked[r][k] = (long) requests[r][k];
      }
    }
    importAt = new int[parts][];
    for (int q = 0; q < parts; q++) {
      if (q == part && haloStart[q + 1] > haloStart[q]) {
        throw new IllegalStateException("part " + q + " lists its own rows in its halo");
      }
      long[] exported = exportOf(asked, q);
      if (q == part) {
        export = new int[exported.length];
        for (int k = 0; k < exported.length; k++) {
          export[k] = (int) (exported[k] - bounds[part]);
        }
        importAt[q] = new int[0];
        continue;
      }
      int from = haloStart[q];
      int[] at = new int[haloStart[q + 1] - from];
      for (int k = 0; k < at.length; k++) {
        at[k] = Arrays.binarySearch(exported, halo[from + k]);
        if (at[k] < 0) {
          throw new IllegalStateException("halo entry " + halo[from + k]
              + " is missing from the export of part " + q);
        }
      }
      importAt[q] = at;
    }
  }

  /** The sorted union of the rows of task q that the other tasks asked for. */
  private long[] exportOf(long[][] asked, int q) {
    long lo = bounds[q];
    long hi = bounds[q + 1];
    int total = 0;
    for (int r = 0; r < asked.length; r++) {
      if (r != q) {
        total += lowerBound(asked[r], hi) - lowerBound(asked[r], lo);
      }
    }
    long[] all = new long[total];
    int size = 0;
    for (int r = 0; r < asked.length; r++) {
      if (r != q) {
        int a = lowerBound(asked[r], lo);
        int b = lowerBound(asked[r], hi);
        System.arraycopy(asked[r], a, all, size, b - a);
        size += b - a;
      }
    }
    Arrays.sort(all);
    int distinct = 0;
    for (int k = 0; k < size; k++) {
      if (distinct == 0 || all[k] != all[distinct - 1]) {
        all[distinct++] = all[k];
      }
    }
    return Arrays.copyOf(all, distinct);
  }

  /**
   * Writes the export's values of the own slice {@code v} into {@code out} from {@code offset}.
   */
  void exportValues(double[] v, double[] out, int offset) {
    int[] e = export;
    for (int k = 0; k < e.length; k++) {
      out[offset + k] = v[e[k]];
    }
  }

  /**
   * Fills the halo of the extended vector {@code x} (from index rows) with {@code scale} times
   * the other tasks' exported values: {@code exports[q]} holds task q's export from
   * {@code offset}.
   */
  void importValues(double[][] exports, int offset, double scale, double[] x) {
    for (int q = 0; q < importAt.length; q++) {
      int[] at = importAt[q];
      if (at.length == 0) {
        continue;
      }
      double[] m = exports[q];
      int base = rows + haloStart[q];
      for (int k = 0; k < at.length; k++) {
        x[base + k] = m[offset + at[k]] * scale;
      }
    }
  }

  /** The first index of sorted {@code a} whose value is >= key. */
  private static int lowerBound(long[] a, long key) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
