package org.slq4j.internal.trace;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.slq4j.NonFiniteValueException;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.lanczos.ProbeSeeds;
import org.slq4j.internal.lanczos.StartVectors;
import org.slq4j.internal.memory.OffHeap;
import org.slq4j.internal.parallel.DaemonPool;
import org.slq4j.internal.parallel.RowChunks;
import org.slq4j.internal.plan.RowRangeOperator;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * Estimates of tr(H) from products with random sign vectors.
 *
 * <p>Every probe is the unit Rademacher vector z of {@link StartVectors#rademacher} for
 * {@link ProbeSeeds#of}(seed, i) (probe or sketch column i; distinct seeds share no probe), so
 * n z'Hz is an unbiased sample of tr(H) with
 * variance 2 (||H||_F^2 - sum_i H_ii^2).
 *
 * <p>Hutch++ (Meyer, Musco, Musco and Woodruff, "Hutch++: Optimal Stochastic Trace
 * Estimation", SOSA 2021, Algorithm 1) spends k = floor(M / 3) products on H S for a sketch S of
 * k probes, orthonormalizes Q = orth(H S), spends k more on tr(Q'HQ), which it takes exactly,
 * and the remaining M - 2k on Hutchinson's estimator of tr((I - QQ')H(I - QQ')). The top
 * eigenvectors that dominate ||H||_F are mostly in range(Q), so the residual has a much smaller
 * variance: for a spectrum decaying like i^-2 the error falls like 1/M rather than 1/sqrt(M).
 * Given Q, the residual samples are unbiased for tr(H) - tr(Q'HQ) whatever Q is, so their
 * standard error is an honest (conditional) standard error of the whole estimate.
 *
 * <p>Products are split over threads by row chunks when the operator computes row ranges (and
 * is thread-safe); each chunk writes its own rows the same way, so the result is the same bits
 * for any thread count.
 */
public final class TraceEngine {

  /** A column of H S whose norm drops below this fraction of its own in orthogonalization is
   * dependent on the kept columns (to rounding) and is dropped: Q may have fewer than k columns,
   * which only leaves more of the trace to the unbiased residual estimator. */
  static final double DEPENDENT = 1e-10;

  /**
   * The samples of one estimate.
   *
   * @param exactPart tr(Q'HQ) for Hutch++, 0 for Hutchinson
   * @param samples the residual samples n g'(I - QQ')H(I - QQ')g (Hutchinson: n z'Hz)
   * @param sketchRank columns of Q kept (0 for Hutchinson)
   * @param matvecs products with H used
   */
  public record Outcome(double exactPart, double[] samples, int sketchRank, long matvecs) {}

  private TraceEngine() {}

  /** Hutchinson's estimator with {@code probes} products. */
  public static Outcome hutchinson(SymmetricOperator op, int probes, long seed, int threads) {
    long n = op.dimension();
    try (Arena arena = Arena.ofShared(); Products products = new Products(op, n, threads)) {
      MemorySegment z = OffHeap.allocateDoubles(arena, n);
      MemorySegment hz = OffHeap.allocateDoubles(arena, n);
      double[] samples = new double[probes];
      for (int i = 0; i < probes; i++) {
        StartVectors.rademacher(ProbeSeeds.of(seed, i), z, n);
        products.apply(z, hz);
        samples[i] = finite(n * VectorKernels.dot(z, 0, hz, 0, n), i, "z'Hz");
      }
      return new Outcome(0, samples, 0, probes);
    }
  }

  /**
   * Hutch++ with {@code matvecs} >= 3 products: floor(M/3) for the sketch, as many for
   * tr(Q'HQ), the rest for the residual.
   */
  public static Outcome hutchPlusPlus(SymmetricOperator op, int matvecs, long seed,
      int threads) {
    long n = op.dimension();
    int k = matvecs / 3;
    int probes = matvecs - 2 * k;
    try (Arena arena = Arena.ofShared(); Products products = new Products(op, n, threads)) {
      MemorySegment q = OffHeap.allocateDoubles(arena, Math.multiplyExact((long) k, n));
      MemorySegment z = OffHeap.allocateDoubles(arena, n);
      MemorySegment w = OffHeap.allocateDoubles(arena, n);
      int rank = 0;
      for (int j = 0; j < k; j++) {
        StartVectors.rademacher(ProbeSeeds.of(seed, j), z, n);
        long at = rank * n;
        products.apply(z, q.asSlice(at * Double.BYTES, n * Double.BYTES));
        if (orthogonalize(q, rank, n, j)) {
          rank++;
        }
      }
      double exact = 0;
      for (int i = 0; i < rank; i++) {
        products.apply(q.asSlice(i * n * Double.BYTES, n * Double.BYTES), w);
        exact += VectorKernels.dot(q, i * n, w, 0, n);
      }
      finite(exact, -1, "tr(Q'HQ)");
      double[] samples = new double[probes];
      for (int p = 0; p < probes; p++) {
        StartVectors.rademacher(ProbeSeeds.of(seed, (long) k + p), z, n);
        project(q, rank, n, z);
        products.apply(z, w);
        samples[p] = finite(n * VectorKernels.dot(z, 0, w, 0, n), p, "g'(I-QQ')H(I-QQ')g");
      }
      // The products on Q columns that were dropped are not spent: 2k - (k - rank) + probes.
      return new Outcome(exact, samples, rank, (long) k + rank + probes);
    }
  }

  /**
   * Orthonormalizes column {@code rank} of q (doubles from rank * n) against columns
   * [0, rank) by modified Gram-Schmidt, twice ("twice is enough", Giraud, Langou and Rozloznik
   * 2005: orthogonal to working precision). Returns false, leaving the column as garbage, when
   * it is dependent on the others (or zero).
   */
  static boolean orthogonalize(MemorySegment q, int rank, long n, int column) {
    long at = rank * n;
    double original = VectorKernels.nrm2(q, at, n);
    if (!Double.isFinite(original)) {
      throw new NonFiniteValueException(-1, column, "the product H s of sketch column "
          + column + " contains NaN or infinity");
    }
    if (original == 0) {
      return false;
    }
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < rank; i++) {
        double h = VectorKernels.dot(q, i * n, q, at, n);
        VectorKernels.axpy(-h, q, i * n, q, at, n);
      }
    }
    double norm = VectorKernels.nrm2(q, at, n);
    if (!(norm > DEPENDENT * original)) {
      return false;
    }
    VectorKernels.scal(1.0 / norm, q, at, n);
    return true;
  }

  /** z -= Q (Q'z), twice, for the orthonormal columns [0, rank) of q. */
  static void project(MemorySegment q, int rank, long n, MemorySegment z) {
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < rank; i++) {
        double h = VectorKernels.dot(q, i * n, z, 0, n);
        VectorKernels.axpy(-h, q, i * n, z, 0, n);
      }
    }
  }

  private static double finite(double value, int probe, String what) {
    if (!Double.isFinite(value)) {
      throw new NonFiniteValueException(-1, Math.max(probe, 0), what + " is " + value
          + (probe >= 0 ? " for probe " + probe : "") + "; the operator returned NaN or "
          + "infinity, or its entries overflow");
    }
    return value;
  }

  /**
   * y = H x, by row chunks over helper threads when the operator allows it (daemon threads
   * owned by this object, ended and waited for by {@link #close()}), else one call on the
   * caller's thread.
   */
  private static final class Products implements AutoCloseable {
    private final SymmetricOperator op;
    private final long n;
    private final int chunks;
    private final DaemonPool pool;

    Products(SymmetricOperator op, long n, int threads) {
      this.op = op;
      this.n = n;
      this.chunks = RowChunks.count(n);
      int helpers = Math.min(threads, chunks) - 1;
      this.pool = helpers > 0 && op instanceof RowRangeOperator && op.isThreadSafe()
          ? new DaemonPool(helpers, "slq4j-trace-helper")
          : null;
    }

    void apply(MemorySegment x, MemorySegment y) {
      MemorySegment xs = x.asSlice(0, n * Double.BYTES);
      MemorySegment ys = y.asSlice(0, n * Double.BYTES);
      if (pool == null) {
        op.apply(xs, ys);
        return;
      }
      RowRangeOperator rows = (RowRangeOperator) op;
      List<Future<?>> futures = new ArrayList<>(chunks);
      for (int c = 1; c < chunks; c++) {
        long from = RowChunks.start(c);
        long to = RowChunks.end(c, n);
        futures.add(pool.submit(() -> rows.applyRows(xs, ys, from, to)));
      }
      RuntimeException failure = null;
      try {
        rows.applyRows(xs, ys, RowChunks.start(0), RowChunks.end(0, n));
      } catch (RuntimeException e) {
        failure = e;
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          futures.forEach(g -> g.cancel(true));
          throw new IllegalStateException("interrupted during a product", e);
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = e.getCause() instanceof RuntimeException r ? r
                : new IllegalStateException(e.getCause());
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }

    /** Ends the helper threads and waits for them, so no product outlives the arena. */
    @Override
    public void close() {
      if (pool == null) {
        return;
      }
      pool.close();
    }
  }
}
