package org.slq4j.internal.vectorization;

import static org.slq4j.internal.vectorization.PanamaConstants.DOUBLES;
import static org.slq4j.internal.vectorization.PanamaConstants.LANES;
import static org.slq4j.internal.vectorization.PanamaConstants.STORE_DOUBLES;
import static org.slq4j.internal.vectorization.PanamaConstants.STORE_LANES;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Hand-vectorized kernels (Vector API) over off-heap doubles. Loaded by {@link KernelProvider}
 * only when {@code jdk.incubator.vector} is readable.
 *
 * <p>Every streaming kernel has the same shape (as in Lucene's PanamaVectorUtilSupport): a body
 * unrolled over independent accumulators so that FMA latency (4 cycles, 2 ports on Zen 4) is
 * hidden, a one-vector tail, one reduction, then a scalar tail of fewer than {@code LANES}
 * elements. Loop bounds come from {@code n - n % step}, which C2 turns into a counted loop.
 */
public final class PanamaKernelSupport implements KernelSupport {

  private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
  private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
  private static final long VBYTES = (long) LANES * Double.BYTES;
  private static final long SBYTES = (long) STORE_LANES * Double.BYTES;

  /**
   * Bytes of basis (k row-slices of one tile) that the fused update+projection pass re-reads from
   * cache: half of the 512 KiB L2 per core of this machine, so the tile survives between the update and the
   * projection that follows it in the same tile.
   */
  static final long FUSED_TILE_BYTES = 256 * 1024;

  /** Rows of w per tile in the single-use passes: 16 KiB of w stays in the 32 KiB L1. */
  static final long STREAM_TILE_ROWS = 2048;

  /**
   * Kernel shapes: basis vectors per load of w, times accumulators per basis vector in the
   * projection (the update kernel only depends on the first number).
   */
  static final int SHAPE_1X2 = 0;
  static final int SHAPE_2X2 = 1;
  static final int SHAPE_4X2 = 2;

  /**
   * Projection sweep: 4 basis vectors per load of w, 2 accumulators each (8 chains), like
   * OpenBLAS' Haswell dgemv_t kernel. GramSchmidtBenchmark, k = 80, n = 1e6, same run
   * (2026-11-26 09:08): 1x2 (one vector at a time) 50.0 ms, 2x2 40.4 ms, 4x2 32.9 ms (19.4 GB/s;
   * NumPy/OpenBLAS V.T @ w 30.1 ms in the same session). 4x1 (one chain per vector) measured
   * 111 ms: C2 emits far worse code for that loop, so it was dropped (see BENCHMARKS.md). Four
   * concurrent streams keep more DRAM misses in flight than one; the tile height hardly matters
   * (2048: 32.9, 16384: 33.3, 65536: 35.9 ms), so w stays an L1 tile.
   */
  static final int PROJECT_SHAPE = SHAPE_4X2;

  /** Rows of w per tile in the projection sweep. */
  static final long PROJECT_TILE_ROWS = 2048;

  /**
   * Update sweep: 4 basis vectors per load/store of w (same run: 1x 50.9 ms, 2x 37.5 ms,
   * 4x 32.1 ms = 19.9 GB/s; OpenBLAS V @ h 32.4 ms). The updated w is bit-identical for every
   * shape and tile (same FMA sequence per element).
   */
  static final int UPDATE_SHAPE = SHAPE_4X2;

  /** Rows of w per tile in the update sweep. */
  static final long UPDATE_TILE_ROWS = 2048;

  /** Smallest tile, so that each basis vector is still streamed in runs of >= 2 KiB. */
  static final long MIN_TILE_ROWS = 256;

  private static final double SUMSQ_LOW = ScalarKernelSupport.SUMSQ_LOW;

  /** Public for {@link KernelProvider}'s reflective instantiation. */
  public PanamaKernelSupport() {}

  @Override
  public String name() {
    return "panama";
  }

  @Override
  public int laneCount() {
    return LANES;
  }

  private static DoubleVector load(MemorySegment s, long byteOffset) {
    return DoubleVector.fromMemorySegment(DOUBLES, s, byteOffset, NATIVE);
  }

  private static double get(MemorySegment s, long index) {
    return s.getAtIndex(D, index);
  }

  // ---------------------------------------------------------------------------------------------
  // Level-1 kernels

  /*
   * dot and sumSquares first cut the operands down to zero-based slices of exactly n doubles and
   * then walk byte offsets from 0. The slices are scalar-replaced by C2; what they buy is a
   * simpler range-check elimination (offsets from 0 against a length of exactly 8n bytes): on the
   * 2-core AVX2 guest (min of 30 rounds, same JVM) dot at n = 1000 went from 291 to 251 ns and at
   * n = 96 from 78 to 58 ns, with a bit-identical result (same accumulators, same order). 8
   * accumulators (= FMA latency x 2 ports) and an outer loop of fixed 64-double blocks measured
   * slower; gcc -O3 AVX2 intrinsics reach ~205 ns here, because this guest sustains ~1.25 256-bit
   * loads per cycle (see BENCHMARKS.md).
   *
   * dot then runs its loop on int byte offsets up to n = 2^16 (where a fixed cost per call
   * still matters), on long offsets beyond. The loop bodies are the same (4 loads and 4 FMAs
   * per trip, seen in the disassembly); what the int loop saves is C2's long-loop machinery
   * around it (a strip-mined outer loop whose peeled first trip recomputes the range-check
   * limits with a chain of cmovs). Same-JVM probe, min of 50 rounds: n = 1000 241 -> 230 ns,
   * n = 200 74 -> 64 ns; JMH, two sessions (BENCHMARKS.md): 247 -> 213 and 253 -> 238 ns. The
   * loops add in the same order, so the result does not depend on which one runs
   * (DotLoopFormsTest).
   */

  /**
   * Longest n for the int loop. Its saving is a fixed ~10 ns per call, under 0.1% beyond this
   * size; at n = 1e7 the int loop measured 2-5% slower than the long one in two JMH sessions
   * (within or just beyond the error bars), so large n keep the long loop that reaches 98% of the
   * two-stream read bandwidth. 8n stays far below Integer.MAX_VALUE.
   */
  static final long INT_LOOP_MAX = 1 << 16;

  @Override
  public double dot(MemorySegment x0, long xo, MemorySegment y0, long yo, long n) {
    return n <= INT_LOOP_MAX ? dotInt(x0, xo, y0, yo, (int) n) : dotLong(x0, xo, y0, yo, n);
  }

  /** dot with int byte offsets: same accumulators and order as {@link #dotLong}, bit for bit. */
  static double dotInt(MemorySegment x0, long xo, MemorySegment y0, long yo, int n) {
    MemorySegment x = x0.asSlice(xo * Double.BYTES, (long) n * Double.BYTES);
    MemorySegment y = y0.asSlice(yo * Double.BYTES, (long) n * Double.BYTES);
    final int vb = (int) VBYTES;
    int o = 0;
    double sum = 0;
    if (n >= LANES) {
      DoubleVector a0 = DoubleVector.zero(DOUBLES);
      DoubleVector a1 = a0;
      DoubleVector a2 = a0;
      DoubleVector a3 = a0;
      int end4 = (n - n % (4 * LANES)) * Double.BYTES;
      for (; o < end4; o += 4 * vb) {
        a0 = load(x, o).fma(load(y, o), a0);
        a1 = load(x, o + vb).fma(load(y, o + vb), a1);
        a2 = load(x, o + 2 * vb).fma(load(y, o + 2 * vb), a2);
        a3 = load(x, o + 3 * vb).fma(load(y, o + 3 * vb), a3);
      }
      int end = (n - n % LANES) * Double.BYTES;
      for (; o < end; o += vb) {
        a0 = load(x, o).fma(load(y, o), a0);
      }
      sum = PanamaConstants.sumLanes(a0.add(a1).add(a2.add(a3)));
    }
    for (int i = o / Double.BYTES; i < n; i++) {
      sum = Math.fma(get(x, i), get(y, i), sum);
    }
    return sum;
  }

  /** dot with long byte offsets, for n beyond {@link #INT_LOOP_MAX} (any n up to 2^63). */
  static double dotLong(MemorySegment x0, long xo, MemorySegment y0, long yo, long n) {
    MemorySegment x = x0.asSlice(xo * Double.BYTES, n * Double.BYTES);
    MemorySegment y = y0.asSlice(yo * Double.BYTES, n * Double.BYTES);
    long o = 0;
    double sum = 0;
    if (n >= LANES) {
      // Four accumulators: at n beyond L1 the loads bound the loop, and in L1 this guest's load
      // ports (not FMA latency) are the limit, so eight measured slower (longer tail).
      DoubleVector a0 = DoubleVector.zero(DOUBLES);
      DoubleVector a1 = a0;
      DoubleVector a2 = a0;
      DoubleVector a3 = a0;
      long end4 = (n - n % (4L * LANES)) * Double.BYTES;
      for (; o < end4; o += 4 * VBYTES) {
        a0 = load(x, o).fma(load(y, o), a0);
        a1 = load(x, o + VBYTES).fma(load(y, o + VBYTES), a1);
        a2 = load(x, o + 2 * VBYTES).fma(load(y, o + 2 * VBYTES), a2);
        a3 = load(x, o + 3 * VBYTES).fma(load(y, o + 3 * VBYTES), a3);
      }
      long end = (n - n % LANES) * Double.BYTES;
      for (; o < end; o += VBYTES) {
        a0 = load(x, o).fma(load(y, o), a0);
      }
      sum = PanamaConstants.sumLanes(a0.add(a1).add(a2.add(a3)));
    }
    for (long i = o / Double.BYTES; i < n; i++) {
      sum = Math.fma(get(x, i), get(y, i), sum);
    }
    return sum;
  }

  /** Sum of squares, unscaled (may under- or overflow; {@link #nrm2} checks). */
  private static double sumSquares(MemorySegment x0, long xo, long n) {
    MemorySegment x = x0.asSlice(xo * Double.BYTES, n * Double.BYTES);
    long o = 0;
    double sum = 0;
    if (n >= LANES) {
      DoubleVector a0 = DoubleVector.zero(DOUBLES);
      DoubleVector a1 = a0;
      DoubleVector a2 = a0;
      DoubleVector a3 = a0;
      long end4 = (n - n % (4L * LANES)) * Double.BYTES;
      for (; o < end4; o += 4 * VBYTES) {
        DoubleVector v0 = load(x, o);
        DoubleVector v1 = load(x, o + VBYTES);
        DoubleVector v2 = load(x, o + 2 * VBYTES);
        DoubleVector v3 = load(x, o + 3 * VBYTES);
        a0 = v0.fma(v0, a0);
        a1 = v1.fma(v1, a1);
        a2 = v2.fma(v2, a2);
        a3 = v3.fma(v3, a3);
      }
      long end = (n - n % LANES) * Double.BYTES;
      for (; o < end; o += VBYTES) {
        DoubleVector v = load(x, o);
        a0 = v.fma(v, a0);
      }
      sum = PanamaConstants.sumLanes(a0.add(a1).add(a2.add(a3)));
    }
    for (long i = o / Double.BYTES; i < n; i++) {
      double v = get(x, i);
      sum = Math.fma(v, v, sum);
    }
    return sum;
  }

  /**
   * One fast unscaled pass; only when its sum of squares is outside the range where no square
   * can have under- or overflowed, a second pass scaled by a power of two near max|x| (the
   * strategy of OpenBLAS' and Blue's dnrm2, in two passes instead of three accumulators).
   */
  @Override
  public double nrm2(MemorySegment x, long xo, long n) {
    double s = sumSquares(x, xo, n);
    if (inRange(s)) {
      return Math.sqrt(s);
    }
    if (Double.isNaN(s)) {
      return Double.NaN;
    }
    return scaledNorm(x, xo, n, maxAbs(x, xo, n));
  }

  private static double maxAbs(MemorySegment x, long xo, long n) {
    long xb = xo * Double.BYTES;
    long i = 0;
    double max = 0;
    if (n >= LANES) {
      DoubleVector m = DoubleVector.zero(DOUBLES);
      long bound = n - n % LANES;
      for (; i < bound; i += LANES) {
        m = m.max(load(x, xb + i * Double.BYTES).abs());
      }
      max = m.reduceLanes(VectorOperators.MAX);
    }
    for (; i < n; i++) {
      max = Math.max(max, Math.abs(get(x, xo + i)));
    }
    return max;
  }

  /** sqrt(sum (x/2^e)^2) * 2^e with 2^e ~ max: no square over- or underflows significantly. */
  static double scaledNorm(MemorySegment x, long xo, long n, double max) {
    if (max == 0 || Double.isInfinite(max) || Double.isNaN(max)) {
      return max;
    }
    int e = Math.getExponent(max);
    double down = Math.scalb(1.0, -e);
    long xb = xo * Double.BYTES;
    long i = 0;
    double sum = 0;
    if (n >= LANES) {
      DoubleVector a0 = DoubleVector.zero(DOUBLES);
      DoubleVector a1 = a0;
      long bound2 = n - n % (2L * LANES);
      for (; i < bound2; i += 2L * LANES) {
        long xi = xb + i * Double.BYTES;
        DoubleVector v0 = load(x, xi).mul(down);
        DoubleVector v1 = load(x, xi + VBYTES).mul(down);
        a0 = v0.fma(v0, a0);
        a1 = v1.fma(v1, a1);
      }
      long bound = n - n % LANES;
      for (; i < bound; i += LANES) {
        DoubleVector v = load(x, xb + i * Double.BYTES).mul(down);
        a0 = v.fma(v, a0);
      }
      sum = PanamaConstants.sumLanes(a0.add(a1));
    }
    for (; i < n; i++) {
      double v = get(x, xo + i) * down;
      sum = Math.fma(v, v, sum);
    }
    // Two steps: 2^e alone may be subnormal-exact but sqrt(sum) * 2^e must not round early.
    return Math.scalb(Math.sqrt(sum), e);
  }

  private static DoubleVector loadS(MemorySegment s, long byteOffset) {
    return DoubleVector.fromMemorySegment(STORE_DOUBLES, s, byteOffset, NATIVE);
  }

  @Override
  public void axpy(double a, MemorySegment x0, long xo, MemorySegment y0, long yo, long n) {
    // Exact-size zero-based slices, as in dot: at small n the cheaper range-check elimination
    // decides the race against the C2-autovectorized scalar loop (the long-offset form lost to
    // it at n = 24..40: 76 vs 48 ns at n = 33; slices 44 ns). Per element the same single FMA.
    MemorySegment x = x0.asSlice(xo * Double.BYTES, n * Double.BYTES);
    MemorySegment y = y0.asSlice(yo * Double.BYTES, n * Double.BYTES);
    DoubleVector av = DoubleVector.broadcast(STORE_DOUBLES, a);
    // At most 256-bit vectors (see STORE_DOUBLES), two per iteration.
    long end2 = (n - n % (2L * STORE_LANES)) * Double.BYTES;
    long o = 0;
    for (; o < end2; o += 2 * SBYTES) {
      DoubleVector r0 = loadS(x, o).fma(av, loadS(y, o));
      DoubleVector r1 = loadS(x, o + SBYTES).fma(av, loadS(y, o + SBYTES));
      r0.intoMemorySegment(y, o, NATIVE);
      r1.intoMemorySegment(y, o + SBYTES, NATIVE);
    }
    for (long i = o / Double.BYTES; i < n; i++) {
      y.setAtIndex(D, i, Math.fma(a, get(x, i), get(y, i)));
    }
  }

  @Override
  public void scal(double a, MemorySegment x, long xo, long n) {
    DoubleVector av = DoubleVector.broadcast(STORE_DOUBLES, a);
    long xb = xo * Double.BYTES;
    long i = 0;
    long bound = n - n % STORE_LANES;
    for (; i < bound; i += STORE_LANES) {
      long xi = xb + i * Double.BYTES;
      loadS(x, xi).mul(av).intoMemorySegment(x, xi, NATIVE);
    }
    for (; i < n; i++) {
      x.setAtIndex(D, xo + i, a * get(x, xo + i));
    }
  }

  @Override
  public void copy(MemorySegment src, long so, MemorySegment dst, long d, long n) {
    // memmove: the JDK's bulk copy is already the fastest loop there is.
    MemorySegment.copy(src, D, so * Double.BYTES, dst, D, d * Double.BYTES, n);
  }

  @Override
  public void fill(double value, MemorySegment x, long xo, long n) {
    if (value == 0 && Double.doubleToRawLongBits(value) == 0) {
      x.asSlice(xo * Double.BYTES, n * Double.BYTES).fill((byte) 0);
      return;
    }
    DoubleVector v = DoubleVector.broadcast(DOUBLES, value);
    long xb = xo * Double.BYTES;
    long i = 0;
    long bound = n - n % LANES;
    for (; i < bound; i += LANES) {
      v.intoMemorySegment(x, xb + i * Double.BYTES, NATIVE);
    }
    for (; i < n; i++) {
      x.setAtIndex(D, xo + i, value);
    }
  }

  /**
   * Two passes, the minimum for this contract: alpha = w.v must be complete before any element
   * of w changes. The second pass fuses both subtractions (reads w, v, u; writes w once).
   */
  @Override
  public double lanczosUpdate(
      MemorySegment w, long wo, MemorySegment v, long vo, MemorySegment u, long uo, double beta,
      long n) {
    double alpha = dot(w, wo, v, vo, n);
    long wb = wo * Double.BYTES;
    long vb = vo * Double.BYTES;
    long ub = uo * Double.BYTES;
    DoubleVector na = DoubleVector.broadcast(STORE_DOUBLES, -alpha);
    DoubleVector nb = DoubleVector.broadcast(STORE_DOUBLES, -beta);
    long i = 0;
    long bound = n - n % STORE_LANES;
    for (; i < bound; i += STORE_LANES) {
      long o = i * Double.BYTES;
      DoubleVector r = loadS(v, vb + o).fma(na, loadS(w, wb + o));
      loadS(u, ub + o).fma(nb, r).intoMemorySegment(w, wb + o, NATIVE);
    }
    for (; i < n; i++) {
      double r = Math.fma(-alpha, get(v, vo + i), get(w, wo + i));
      w.setAtIndex(D, wo + i, Math.fma(-beta, get(u, uo + i), r));
    }
    return alpha;
  }

  // ---------------------------------------------------------------------------------------------
  // Blocked Gram-Schmidt

  /**
   * Classical Gram-Schmidt with DGKS reorthogonalization, row-tiled for memory traffic. w is
   * processed in tiles of rows that stay in L1 (2048 rows) or L2 (fused pass); inside a tile the
   * basis vectors are streamed 4 at a time against the cached w tile (OpenBLAS' dgemv shape).
   * One core keeps more DRAM misses in flight over 4 concurrent streams than over one: on a
   * Zen 4 guest a pass went from 100.9 ms (one vector at a time, 12.7 GB/s of V) to 65.0 ms
   * (19.7 GB/s), on par with OpenBLAS dgemv_t + dgemv_n (62.6-66.7 ms); see the shape constants
   * and GramSchmidtBenchmark. Passes over the basis V (each one DRAM pass when k*n exceeds the
   * caches):
   * <ol>
   *   <li>projection c = V^T w (and ||w||^2 from the same tiles);
   *   <li>update w -= V c, with ||w||^2 of the result; when Pythagoras (||w - Vc||^2 =
   *       ||w||^2 - ||c||^2) predicts a second DGKS pass, the same tile is also projected again,
   *       c2 = V^T w, while its k row-slices are still in L2 (the "fuse the update of pass 1 with
   *       the projection of pass 2" trick);
   *   <li>only when the measured norm asks for it: update w -= V c2.
   * </ol>
   * So 2 passes over V when w was nearly orthogonal already (the Lanczos case), 3 for a full
   * CGS2, and 4 only when the prediction missed (cancellation between 1/2 and the
   * Pythagorean estimate; rare and never wrong, only slower).
   */
  @Override
  public int orthogonalize(
      MemorySegment basis, long bo, int k, long n, MemorySegment w, long wo, double[] h) {
    return orthogonalize(basis, bo, k, n, w, wo, h, true);
  }

  /** {@code allowFuse = false} forces the unfused second pass (tests reach that path). */
  int orthogonalize(
      MemorySegment basis, long bo, int k, long n, MemorySegment w, long wo, double[] h,
      boolean allowFuse) {
    Arrays.fill(h, 0, k, 0.0);
    if (k == 0 || n == 0) {
      return 1;
    }
    double[] c = new double[k];
    double norm0sq = project(basis, bo, k, n, w, wo, c);
    // Squared norms from the tiles are exact enough inside the safe range; outside it (huge or
    // tiny w) an extra scaled pass over w (never over V) gives the norm.
    double norm0 = inRange(norm0sq) ? Math.sqrt(norm0sq) : nrm2(w, wo, n);
    double csq = 0;
    for (int j = 0; j < k; j++) {
      csq += c[j] * c[j];
      h[j] = c[j];
    }
    // Pythagoras predicts ||w1||^2 = ||w0||^2 - ||c||^2; when that is near or below the DGKS
    // threshold (1/2 in squares), project again inside the update pass.
    boolean fuse = allowFuse && !(norm0sq - csq > 0.6 * norm0sq);
    double[] c2 = fuse ? new double[k] : null;
    double norm1sq = update(basis, bo, k, n, w, wo, c, c2);
    double norm1 = inRange(norm1sq) ? Math.sqrt(norm1sq) : nrm2(w, wo, n);
    // DGKS, eta = 1/sqrt(2). NaN compares false: another pass cannot repair a NaN.
    if (!(norm1 < ScalarKernelSupport.DGKS_ETA * norm0)) {
      return 1;
    }
    if (!fuse) {
      c2 = new double[k];
      project(basis, bo, k, n, w, wo, c2);
    }
    update(basis, bo, k, n, w, wo, c2, null);
    for (int j = 0; j < k; j++) {
      h[j] += c2[j];
    }
    return 2;
  }

  private static boolean inRange(double sumSquares) {
    return sumSquares >= SUMSQ_LOW && sumSquares <= Double.MAX_VALUE;
  }

  /** Tile height for a pass that reuses the tile's k basis row-slices from L2. */
  private static long fusedTileRows(int k) {
    long rows = FUSED_TILE_BYTES / ((long) k * Double.BYTES);
    rows = Math.max(MIN_TILE_ROWS, Math.min(STREAM_TILE_ROWS, rows));
    return rows - rows % (4L * LANES);
  }

  private static double project(
      MemorySegment v, long bo, int k, long n, MemorySegment w, long wo, double[] c) {
    return projectSweep(v, bo, k, n, w, wo, c, PROJECT_TILE_ROWS, PROJECT_SHAPE);
  }

  private static double update(
      MemorySegment v, long bo, int k, long n, MemorySegment w, long wo, double[] c,
      double[] c2) {
    return updateSweep(v, bo, k, n, w, wo, c, c2, UPDATE_TILE_ROWS, UPDATE_SHAPE);
  }

  /**
   * c = V^T w over all rows, row-tiled: per-vector lane accumulators persist across tiles in
   * {@code acc}, so each tile costs one vector load/store per basis vector instead of a
   * horizontal reduction. Returns ||w||^2. Package-private with the tile height and kernel
   * shape as arguments so that GramSchmidtBenchmark can compare them in one run.
   */
  static double projectSweep(
      MemorySegment v, long bo, int k, long n, MemorySegment w, long wo, double[] c,
      long tileRows, int shape) {
    long nv = n - n % LANES;
    double[] acc = new double[k * LANES];
    double wsq = 0;
    for (long r0 = 0; r0 < nv; r0 += tileRows) {
      long r1 = Math.min(nv, r0 + tileRows);
      wsq += projectTile(v, bo, k, n, w, wo, r0, r1, acc, shape);
    }
    finishProjection(v, bo, k, n, w, wo, nv, acc, c);
    for (long i = nv; i < n; i++) {
      double x = get(w, wo + i);
      wsq = Math.fma(x, x, wsq);
    }
    return wsq;
  }

  /** Reduces lane accumulators into c and adds the scalar rows [nv, n). */
  private static void finishProjection(
      MemorySegment v, long bo, int k, long n, MemorySegment w, long wo, long nv, double[] acc,
      double[] c) {
    for (int j = 0; j < k; j++) {
      double s = acc[j * LANES];
      for (int l = 1; l < LANES; l++) {
        s += acc[j * LANES + l];
      }
      long vj = bo + j * n;
      for (long i = nv; i < n; i++) {
        s = Math.fma(get(v, vj + i), get(w, wo + i), s);
      }
      c[j] = s;
    }
  }

  /**
   * Projection of rows [r0, r1) (multiples of LANES) into acc; returns sum w^2 of the tile.
   * Basis vectors go in groups of the shape's width (the rest one by one), so the summation
   * order depends only on (k, n, shape, tile): results are bit-reproducible.
   */
  private static double projectTile(
      MemorySegment v, long bo, int k, long n, MemorySegment w, long wo, long r0, long r1,
      double[] acc, int shape) {
    int j = 0;
    if (shape == SHAPE_4X2) {
      for (; j + 4 <= k; j += 4) {
        projectTile4x2(v, bo, j, n, w, wo, r0, r1, acc);
      }
    } else if (shape == SHAPE_2X2) {
      for (; j + 2 <= k; j += 2) {
        projectTile2x2(v, bo, j, n, w, wo, r0, r1, acc);
      }
    }
    for (; j < k; j++) {
      projectTile1x2(v, bo, j, n, w, wo, r0, r1, acc);
    }
    // ||w||^2 of the tile while it is in cache.
    return sumSquares(w, wo + r0, r1 - r0);
  }

  /*
   * No DoubleVector crosses a method boundary in the tile kernels below: a vector passed in or
   * returned is boxed, and a boxed vector flowing into a loop phi made C2 allocate in the loop.
   */

  private static void projectTile1x2(
      MemorySegment v, long bo, int j, long n, MemorySegment w, long wo, long r0, long r1,
      double[] acc) {
    long wb = (wo + r0) * Double.BYTES;
    long end = (r1 - r0) * Double.BYTES;
    long b = (bo + j * n + r0) * Double.BYTES;
    DoubleVector a0 = DoubleVector.fromArray(DOUBLES, acc, j * LANES);
    DoubleVector a1 = DoubleVector.zero(DOUBLES);
    long o = 0;
    long end2 = end - end % (2 * VBYTES);
    for (; o < end2; o += 2 * VBYTES) {
      a0 = load(v, b + o).fma(load(w, wb + o), a0);
      a1 = load(v, b + o + VBYTES).fma(load(w, wb + o + VBYTES), a1);
    }
    for (; o < end; o += VBYTES) {
      a0 = load(v, b + o).fma(load(w, wb + o), a0);
    }
    a0.add(a1).intoArray(acc, j * LANES);
  }

  private static void projectTile2x2(
      MemorySegment v, long bo, int j, long n, MemorySegment w, long wo, long r0, long r1,
      double[] acc) {
    long wb = (wo + r0) * Double.BYTES;
    long end = (r1 - r0) * Double.BYTES;
    long b0 = (bo + j * n + r0) * Double.BYTES;
    long b1 = b0 + n * Double.BYTES;
    DoubleVector a0 = DoubleVector.fromArray(DOUBLES, acc, j * LANES);
    DoubleVector a1 = DoubleVector.fromArray(DOUBLES, acc, (j + 1) * LANES);
    DoubleVector e0 = DoubleVector.zero(DOUBLES);
    DoubleVector e1 = e0;
    long o = 0;
    long end2 = end - end % (2 * VBYTES);
    for (; o < end2; o += 2 * VBYTES) {
      DoubleVector x = load(w, wb + o);
      DoubleVector y = load(w, wb + o + VBYTES);
      a0 = load(v, b0 + o).fma(x, a0);
      a1 = load(v, b1 + o).fma(x, a1);
      e0 = load(v, b0 + o + VBYTES).fma(y, e0);
      e1 = load(v, b1 + o + VBYTES).fma(y, e1);
    }
    for (; o < end; o += VBYTES) {
      DoubleVector x = load(w, wb + o);
      a0 = load(v, b0 + o).fma(x, a0);
      a1 = load(v, b1 + o).fma(x, a1);
    }
    a0.add(e0).intoArray(acc, j * LANES);
    a1.add(e1).intoArray(acc, (j + 1) * LANES);
  }

  private static void projectTile4x2(
      MemorySegment v, long bo, int j, long n, MemorySegment w, long wo, long r0, long r1,
      double[] acc) {
    long wb = (wo + r0) * Double.BYTES;
    long end = (r1 - r0) * Double.BYTES;
    long nb = n * Double.BYTES;
    long b0 = (bo + j * n + r0) * Double.BYTES;
    long b1 = b0 + nb;
    long b2 = b1 + nb;
    long b3 = b2 + nb;
    DoubleVector a0 = DoubleVector.fromArray(DOUBLES, acc, j * LANES);
    DoubleVector a1 = DoubleVector.fromArray(DOUBLES, acc, (j + 1) * LANES);
    DoubleVector a2 = DoubleVector.fromArray(DOUBLES, acc, (j + 2) * LANES);
    DoubleVector a3 = DoubleVector.fromArray(DOUBLES, acc, (j + 3) * LANES);
    DoubleVector e0 = DoubleVector.zero(DOUBLES);
    DoubleVector e1 = e0;
    DoubleVector e2 = e0;
    DoubleVector e3 = e0;
    long o = 0;
    long end2 = end - end % (2 * VBYTES);
    for (; o < end2; o += 2 * VBYTES) {
      DoubleVector x = load(w, wb + o);
      a0 = load(v, b0 + o).fma(x, a0);
      a1 = load(v, b1 + o).fma(x, a1);
      a2 = load(v, b2 + o).fma(x, a2);
      a3 = load(v, b3 + o).fma(x, a3);
      DoubleVector y = load(w, wb + o + VBYTES);
      e0 = load(v, b0 + o + VBYTES).fma(y, e0);
      e1 = load(v, b1 + o + VBYTES).fma(y, e1);
      e2 = load(v, b2 + o + VBYTES).fma(y, e2);
      e3 = load(v, b3 + o + VBYTES).fma(y, e3);
    }
    for (; o < end; o += VBYTES) {
      DoubleVector x = load(w, wb + o);
      a0 = load(v, b0 + o).fma(x, a0);
      a1 = load(v, b1 + o).fma(x, a1);
      a2 = load(v, b2 + o).fma(x, a2);
      a3 = load(v, b3 + o).fma(x, a3);
    }
    a0.add(e0).intoArray(acc, j * LANES);
    a1.add(e1).intoArray(acc, (j + 1) * LANES);
    a2.add(e2).intoArray(acc, (j + 2) * LANES);
    a3.add(e3).intoArray(acc, (j + 3) * LANES);
  }

  /**
   * w -= V c over all rows; when {@code c2} is non-null, also c2 = V^T w(updated), tile by tile
   * while the tile's basis slices are in L2. Returns ||w||^2 after the update. Every element of
   * w gets the same sequence of FMAs (j = 0, 1, ..., k-1) whatever the tile or shape, so the
   * updated w does not depend on them.
   */
  static double updateSweep(
      MemorySegment v, long bo, int k, long n, MemorySegment w, long wo, double[] c,
      double[] c2, long tileRows, int shape) {
    long nv = n - n % LANES;
    long tile = c2 == null ? tileRows : fusedTileRows(k);
    double[] acc = c2 == null ? null : new double[k * LANES];
    double wsq = 0;
    for (long r0 = 0; r0 < nv; r0 += tile) {
      long r1 = Math.min(nv, r0 + tile);
      updateTile(v, bo, k, n, w, wo, r0, r1, c, shape);
      if (c2 == null) {
        wsq += sumSquares(w, wo + r0, r1 - r0);
      } else {
        wsq += projectTile(v, bo, k, n, w, wo, r0, r1, acc, shape);
      }
    }
    // Scalar rows [nv, n): update first, so the projection below sees the final w.
    for (long i = nv; i < n; i++) {
      double s = get(w, wo + i);
      for (int j = 0; j < k; j++) {
        s = Math.fma(-c[j], get(v, bo + j * n + i), s);
      }
      w.setAtIndex(D, wo + i, s);
    }
    for (long i = nv; i < n; i++) {
      double x = get(w, wo + i);
      wsq = Math.fma(x, x, wsq);
    }
    if (c2 != null) {
      finishProjection(v, bo, k, n, w, wo, nv, acc, c2);
    }
    return wsq;
  }

  /**
   * w[r0, r1) -= sum_j c_j V_j[r0, r1): groups of the shape's width (1, 2 or 4) basis vectors
   * per load/store of w (iterations are independent, so FMA latency overlaps without unrolling).
   */
  private static void updateTile(
      MemorySegment v, long bo, int k, long n, MemorySegment w, long wo, long r0, long r1,
      double[] c, int shape) {
    int j = 0;
    if (shape == SHAPE_4X2) {
      for (; j + 4 <= k; j += 4) {
        updateTile4(v, bo, j, n, w, wo, r0, r1, c);
      }
    } else if (shape == SHAPE_2X2) {
      for (; j + 2 <= k; j += 2) {
        updateTile2(v, bo, j, n, w, wo, r0, r1, c);
      }
    }
    for (; j < k; j++) {
      updateTile1(v, bo, j, n, w, wo, r0, r1, c);
    }
  }

  private static void updateTile1(
      MemorySegment v, long bo, int j, long n, MemorySegment w, long wo, long r0, long r1,
      double[] c) {
    long wb = (wo + r0) * Double.BYTES;
    long end = (r1 - r0) * Double.BYTES;
    long b = (bo + j * n + r0) * Double.BYTES;
    DoubleVector c0 = DoubleVector.broadcast(DOUBLES, -c[j]);
    for (long o = 0; o < end; o += VBYTES) {
      load(v, b + o).fma(c0, load(w, wb + o)).intoMemorySegment(w, wb + o, NATIVE);
    }
  }

  private static void updateTile2(
      MemorySegment v, long bo, int j, long n, MemorySegment w, long wo, long r0, long r1,
      double[] c) {
    long wb = (wo + r0) * Double.BYTES;
    long end = (r1 - r0) * Double.BYTES;
    long b0 = (bo + j * n + r0) * Double.BYTES;
    long b1 = b0 + n * Double.BYTES;
    DoubleVector c0 = DoubleVector.broadcast(DOUBLES, -c[j]);
    DoubleVector c1 = DoubleVector.broadcast(DOUBLES, -c[j + 1]);
    for (long o = 0; o < end; o += VBYTES) {
      DoubleVector x = load(v, b0 + o).fma(c0, load(w, wb + o));
      load(v, b1 + o).fma(c1, x).intoMemorySegment(w, wb + o, NATIVE);
    }
  }

  private static void updateTile4(
      MemorySegment v, long bo, int j, long n, MemorySegment w, long wo, long r0, long r1,
      double[] c) {
    long wb = (wo + r0) * Double.BYTES;
    long end = (r1 - r0) * Double.BYTES;
    long nb = n * Double.BYTES;
    long b0 = (bo + j * n + r0) * Double.BYTES;
    long b1 = b0 + nb;
    long b2 = b1 + nb;
    long b3 = b2 + nb;
    DoubleVector c0 = DoubleVector.broadcast(DOUBLES, -c[j]);
    DoubleVector c1 = DoubleVector.broadcast(DOUBLES, -c[j + 1]);
    DoubleVector c2 = DoubleVector.broadcast(DOUBLES, -c[j + 2]);
    DoubleVector c3 = DoubleVector.broadcast(DOUBLES, -c[j + 3]);
    for (long o = 0; o < end; o += VBYTES) {
      DoubleVector x = load(v, b0 + o).fma(c0, load(w, wb + o));
      x = load(v, b1 + o).fma(c1, x);
      x = load(v, b2 + o).fma(c2, x);
      load(v, b3 + o).fma(c3, x).intoMemorySegment(w, wb + o, NATIVE);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Lanczos step with delayed reorthogonalization

  /**
   * Rows per tile of the Lanczos sweep: the w tile (8 KiB) stays in L1 while the stored vectors
   * stream past it 4 at a time.
   */
  static final long SWEEP_TILE_ROWS = 1024;

  /**
   * One pass over the stored vectors per Lanczos step: each tile first gets the three-term step
   * (w from y and the two newest vectors), then every group of 4 stored vectors is loaded once
   * and used twice, to remove its known (small) parts from the w tile, which stays in L1, and to
   * project that w. DRAM traffic: the k stored vectors read once, y read and w written once.
   */
  @Override
  public double lanczosSweep(
      MemorySegment basis, long bo, int k, long n, double sigma, double a1, double a2,
      double[] known, double[] p) {
    return lanczosSweep(basis, bo, k, n, sigma, a1, a2, known, p, SWEEP_TILE_ROWS);
  }

  /** With the tile height as an argument, for tests and benchmarks. */
  static double lanczosSweep(
      MemorySegment basis, long bo, int k, long n, double sigma, double a1, double a2,
      double[] known, double[] p, long tileRows) {
    long wo = bo + k * n;
    long z1 = bo + (k - 1) * n;
    long z2 = k >= 2 ? bo + (k - 2) * n : -1;
    long nv = n - n % LANES;
    double[] acc = new double[k * LANES];
    double wsq = 0;
    for (long r0 = 0; r0 < nv; r0 += tileRows) {
      long r1 = Math.min(nv, r0 + tileRows);
      threeTermTile(basis, wo, z1, z2, r0, r1, sigma, a1, a2);
      int j = 0;
      for (; j + 4 <= k; j += 4) {
        sweepTile4(basis, bo, j, n, wo, r0, r1, known, acc);
      }
      for (; j < k; j++) {
        sweepTile1(basis, bo, j, n, wo, r0, r1, known, acc);
      }
      wsq += sumSquares(basis, wo + r0, r1 - r0);
    }
    // Scalar rows [nv, n): w in the order of ScalarKernelSupport, each projection taken at the
    // same point of the subtractions as in the tiles (after its group of 4, or its own, single).
    double[] tail = new double[k];
    for (long i = nv; i < n; i++) {
      double w = Math.fma(-a1, get(basis, z1 + i), sigma * get(basis, wo + i));
      if (z2 >= 0) {
        w = Math.fma(-a2, get(basis, z2 + i), w);
      }
      int j = 0;
      for (; j < k; ) {
        int group = j + 4 <= k ? 4 : 1;
        for (int l = j; l < j + group; l++) {
          w = Math.fma(-known[l], get(basis, bo + l * n + i), w);
        }
        for (int l = j; l < j + group; l++) {
          tail[l] = Math.fma(get(basis, bo + l * n + i), w, tail[l]);
        }
        j += group;
      }
      basis.setAtIndex(D, wo + i, w);
      wsq = Math.fma(w, w, wsq);
    }
    for (int j = 0; j < k; j++) {
      double t = acc[j * LANES];
      for (int l = 1; l < LANES; l++) {
        t += acc[j * LANES + l];
      }
      p[j] = t + tail[j];
    }
    return wsq;
  }

  /** w = sigma*y - a1*z_{k-1} - a2*z_{k-2} on rows [r0, r1) (y and w share slot k). */
  private static void threeTermTile(
      MemorySegment m, long wo, long z1, long z2, long r0, long r1, double sigma, double a1,
      double a2) {
    long wb = (wo + r0) * Double.BYTES;
    long b1 = (z1 + r0) * Double.BYTES;
    long end = (r1 - r0) * Double.BYTES;
    DoubleVector s = DoubleVector.broadcast(DOUBLES, sigma);
    DoubleVector n1 = DoubleVector.broadcast(DOUBLES, -a1);
    if (z2 < 0) {
      for (long o = 0; o < end; o += VBYTES) {
        load(m, b1 + o).fma(n1, load(m, wb + o).mul(s)).intoMemorySegment(m, wb + o, NATIVE);
      }
      return;
    }
    long b2 = (z2 + r0) * Double.BYTES;
    DoubleVector n2 = DoubleVector.broadcast(DOUBLES, -a2);
    for (long o = 0; o < end; o += VBYTES) {
      DoubleVector w = load(m, b1 + o).fma(n1, load(m, wb + o).mul(s));
      load(m, b2 + o).fma(n2, w).intoMemorySegment(m, wb + o, NATIVE);
    }
  }

  /**
   * Stored vectors j..j+3 on rows [r0, r1): each loaded once, then used to remove its known part
   * from the w tile (updated in place) and to project that w (acc).
   */
  private static void sweepTile4(
      MemorySegment v, long bo, int j, long n, long wo, long r0, long r1, double[] known,
      double[] acc) {
    long wb = (wo + r0) * Double.BYTES;
    long end = (r1 - r0) * Double.BYTES;
    long nb = n * Double.BYTES;
    long b0 = (bo + j * n + r0) * Double.BYTES;
    long b1 = b0 + nb;
    long b2 = b1 + nb;
    long b3 = b2 + nb;
    DoubleVector a0 = DoubleVector.fromArray(DOUBLES, acc, j * LANES);
    DoubleVector a1 = DoubleVector.fromArray(DOUBLES, acc, (j + 1) * LANES);
    DoubleVector a2 = DoubleVector.fromArray(DOUBLES, acc, (j + 2) * LANES);
    DoubleVector a3 = DoubleVector.fromArray(DOUBLES, acc, (j + 3) * LANES);
    DoubleVector d0 = DoubleVector.broadcast(DOUBLES, -known[j]);
    DoubleVector d1 = DoubleVector.broadcast(DOUBLES, -known[j + 1]);
    DoubleVector d2 = DoubleVector.broadcast(DOUBLES, -known[j + 2]);
    DoubleVector d3 = DoubleVector.broadcast(DOUBLES, -known[j + 3]);
    for (long o = 0; o < end; o += VBYTES) {
      DoubleVector p0 = load(v, b0 + o);
      DoubleVector p1 = load(v, b1 + o);
      DoubleVector p2 = load(v, b2 + o);
      DoubleVector p3 = load(v, b3 + o);
      DoubleVector w = p0.fma(d0, load(v, wb + o));
      w = p1.fma(d1, w);
      w = p2.fma(d2, w);
      w = p3.fma(d3, w);
      w.intoMemorySegment(v, wb + o, NATIVE);
      a0 = p0.fma(w, a0);
      a1 = p1.fma(w, a1);
      a2 = p2.fma(w, a2);
      a3 = p3.fma(w, a3);
    }
    a0.intoArray(acc, j * LANES);
    a1.intoArray(acc, (j + 1) * LANES);
    a2.intoArray(acc, (j + 2) * LANES);
    a3.intoArray(acc, (j + 3) * LANES);
  }

  /** One stored vector j on rows [r0, r1), as {@link #sweepTile4}. */
  private static void sweepTile1(
      MemorySegment v, long bo, int j, long n, long wo, long r0, long r1, double[] known,
      double[] acc) {
    long wb = (wo + r0) * Double.BYTES;
    long end = (r1 - r0) * Double.BYTES;
    long b0 = (bo + j * n + r0) * Double.BYTES;
    DoubleVector a0 = DoubleVector.fromArray(DOUBLES, acc, j * LANES);
    DoubleVector d0 = DoubleVector.broadcast(DOUBLES, -known[j]);
    for (long o = 0; o < end; o += VBYTES) {
      DoubleVector p0 = load(v, b0 + o);
      DoubleVector w = p0.fma(d0, load(v, wb + o));
      w.intoMemorySegment(v, wb + o, NATIVE);
      a0 = p0.fma(w, a0);
    }
    a0.intoArray(acc, j * LANES);
  }
}
