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
 * them, for every other task, which of its own rows that task reads. Per product each task
 * sends every other task exactly those entries ({@link #sendValues}), in the order of the
 * receiver's halo, so the receiver copies them into place ({@link #importValues}): an entry
 * crosses the network once per task that reads it, and a task exchanges entries only with the
 * tasks whose rows its rows touch (its neighbours, for a banded or grid matrix).
 */
final class HaloPlan {

  private final long[] bounds;
  private final int part;
  private final int rows;
  /** Sorted distinct global columns of the block outside its rows. */
  private final long[] halo;
  /** Halo entries owned by task q: haloStart[q] .. haloStart[q + 1] - 1. */
  private final int[] haloStart;
  /** sendTo[q]: own rows (local indices, ascending) that task q needs. */
  private int[][] sendTo;
  /** The entries sent per product, over all tasks. */
  private int exportSize;

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

  /** The number of own entries sent per product, over all tasks. */
  int exportSize() {
    return exportSize;
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

  /** Derives what to send to each task from every task's {@link #request()}. */
  void connect(double[][] requests) {
    int parts = bounds.length - 1;
    if (requests.length != parts) {
      throw new IllegalStateException(requests.length + " halo requests for " + parts
          + " tasks");
    }
    if (haloStart[part + 1] > haloStart[part]) {
      throw new IllegalStateException("part " + part + " lists its own rows in its halo");
    }
    long lo = bounds[part];
    long hi = bounds[part + 1];
    sendTo = new int[parts][];
    exportSize = 0;
    for (int q = 0; q < parts; q++) {
      double[] asked = q == part ? new double[0] : requests[q];
      int a = lowerBound(asked, lo);
      int b = lowerBound(asked, hi);
      int[] rowsOf = new int[b - a];
      for (int k = 0; k < rowsOf.length; k++) {
        rowsOf[k] = (int) ((long) asked[a + k] - lo);
      }
      sendTo[q] = rowsOf;
      exportSize += rowsOf.length;
    }
  }

  /** The number of entries sent to task q per product. */
  int sendSize(int q) {
    return sendTo[q].length;
  }

  /**
   * Writes the entries of the own slice {@code v} that task q needs into {@code out} from
   * {@code offset}, in the order of q's halo.
   */
  void sendValues(double[] v, int q, double[] out, int offset) {
    int[] rowsOf = sendTo[q];
    for (int k = 0; k < rowsOf.length; k++) {
      out[offset + k] = v[rowsOf[k]];
    }
  }

  /**
   * Fills the halo of the extended vector {@code x} (from index rows) with {@code scale} times
   * the values the other tasks sent: {@code received[q]} holds, from {@code offset}, the
   * entries of task q this task's rows read, in halo order.
   */
  void importValues(double[][] received, int offset, double scale, double[] x) {
    for (int q = 0; q < received.length; q++) {
      int from = haloStart[q];
      int count = haloStart[q + 1] - from;
      if (count == 0) {
        continue;
      }
      double[] m = received[q];
      if (m.length - offset != count) {
        throw new IllegalStateException("task " + part + ": " + (m.length - offset)
            + " halo entries from task " + q + ", expected " + count);
      }
      int base = rows + from;
      for (int k = 0; k < count; k++) {
        x[base + k] = m[offset + k] * scale;
      }
    }
  }

  /**
   * The first index of {@code a} (ascending, distinct: a halo list, or one sent as doubles)
   * whose value is >= key.
   */
  private static int lowerBound(double[] a, long key) {
    int at = Arrays.binarySearch(a, (double) key);
    return at >= 0 ? at : -at - 1;
  }

  /** {@link #lowerBound(double[], long)} for a list of longs. */
  private static int lowerBound(long[] a, long key) {
    int at = Arrays.binarySearch(a, key);
    return at >= 0 ? at : -at - 1;
  }
}
