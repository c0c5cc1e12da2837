package org.slq4j.internal.deflation;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.eigen.ThickRestartLanczos;
import org.slq4j.internal.lanczos.StartVectors;
import org.slq4j.internal.memory.OffHeap;

/**
 * The pre-pass of a deflated estimate: extreme eigenpairs of H by thick-restart Lanczos within
 * a budget of products, of which only the converged ones are kept, with their vectors off-heap.
 *
 * <p>Only pairs whose explicitly computed residual ||H y - theta y|| is at most {@code
 * tolerance * ||H||} are deflated: an unconverged Ritz pair would bias the estimate twice, once
 * through its value (counted with weight 1/n) and once through the part of the true eigenvector
 * left in the deflated operator. For a converged pair the value is within residual^2 / gap of
 * an eigenvalue, and the leftover coupling is at most the residual, far below what the runs
 * resolve. Which pairs converged does not need to be a prefix: any set of eigenpairs can be
 * deflated, the spectrum of H being their eigenvalues plus that of the deflated operator.
 *
 * <p>The vectors (count * n doubles, the kept ones first) live in a shared arena owned by this
 * object and freed by {@link #close}; the pre-pass's own basis is freed before {@link #find}
 * returns.
 */
public final class Deflation implements AutoCloseable {

  /**
   * A converged eigenvalue counts as separated when it lies at least this fraction of ||H||
   * beyond the inner edge of what the pre-pass left (see {@link #separated}).
   */
  static final double SEPARATION = 0.1;

  private final Arena arena;
  private final Projector projector;
  private final double[] values;
  private final long matvecs;
  private final boolean separated;

  private Deflation(Arena arena, Projector projector, double[] values, long matvecs,
      boolean separated) {
    this.arena = arena;
    this.projector = projector;
    this.values = values;
    this.matvecs = matvecs;
    this.separated = separated;
  }

  /**
   * Runs the pre-pass: {@code high} pairs from the top and {@code low} from the bottom, at most
   * {@code budget} products in all (the residual checks included), with a basis of at most
   * {@code basis} vectors between restarts; fewer pairs when their basis and checks would not
   * leave room for a restart. Whether the pre-pass is worth its products is the caller's
   * decision ({@link RitzProbe}).
   *
   * @param threads threads of the vector work (the result does not depend on them)
   */
  public static Deflation find(SymmetricOperator operator, int high, int low, double tolerance,
      long budget, int basis, long seed, int threads) {
    long n = operator.dimension();
    int extra = basis - high - low;
    // The pass needs room for its basis (count + extra) and its checks (count).
    high = (int) Math.min(high, (budget - extra) / 2 - low);
    if (high < 1) {
      return new Deflation(Arena.ofShared(), new Projector(MemorySegment.NULL, n, 0),
          new double[0], 0, false);
    }
    int count = high + low;
    int m = ThickRestartLanczos.basisSize(n, count + extra);
    long lanczosBudget = budget - count;
    Arena arena = Arena.ofShared();
    try {
      MemorySegment vectors = OffHeap.allocateDoubles(arena, (long) count * n);
      ThickRestartLanczos.Outcome o = ThickRestartLanczos.solve(operator,
          new ThickRestartLanczos.Problem(high, low, tolerance, lanczosBudget, seed, m,
              threads, false), vectors);
      double[] all = o.values();
      boolean[] converged = o.converged();
      int kept = 0;
      double[] deflated = new double[all.length];
      for (int q = 0; q < all.length; q++) {
        if (converged[q]) {
          if (q != kept) {
            MemorySegment.copy(vectors, (long) q * n * Double.BYTES, vectors,
                (long) kept * n * Double.BYTES, n * Double.BYTES);
          }
          deflated[kept++] = all[q];
        }
      }
      deflated = Arrays.copyOf(deflated, kept);
      Arrays.sort(deflated);
      return new Deflation(arena, new Projector(vectors, n, kept), deflated,
          o.lanczosMatvecs() + o.checkMatvecs(), separated(all, converged, high, low, o.normEstimate()));
    } catch (RuntimeException | Error e) {
      arena.close();
      throw e;
    }
  }

  /**
   * Whether a converged value stands apart from what is left: at least {@link #SEPARATION}
   * of the ||H|| estimate (the largest |Ritz value| the pre-pass met) beyond the inner edge of
   * its end, which is the innermost unconverged value returned at that end or, when all
   * converged, the innermost one. The values come as the pre-pass returns them: the {@code
   * high} top ones descending, then the {@code low} bottom ones, the extreme one last.
   *
   * <p>||H|| rather than the spectral width, which the pre-pass does not see: the two agree
   * within a factor of 2 unless the spectrum sits far from 0 compared with its width, where
   * distances look small and AUTO stays classic.
   */
  static boolean separated(double[] values, boolean[] converged, int high, int low,
      double norm) {
    if (!(norm > 0)) {
      return false;
    }
    if (high > 0) {
      double edge = Double.NEGATIVE_INFINITY;
      for (int q = 0; q < high; q++) {
        if (!converged[q]) {
          edge = Math.max(edge, values[q]);
        }
      }
      if (edge == Double.NEGATIVE_INFINITY) {
        edge = values[high - 1];
      }
      for (int q = 0; q < high; q++) {
        if (converged[q] && values[q] - edge >= SEPARATION * norm) {
          return true;
        }
      }
    }
    if (low > 0) {
      double edge = Double.POSITIVE_INFINITY;
      for (int q = high; q < high + low; q++) {
        if (!converged[q]) {
          edge = Math.min(edge, values[q]);
        }
      }
      if (edge == Double.POSITIVE_INFINITY) {
        edge = values[high];
      }
      for (int q = high; q < high + low; q++) {
        if (converged[q] && edge - values[q] >= SEPARATION * norm) {
          return true;
        }
      }
    }
    return false;
  }

  /** Number of deflated pairs l. */
  public int count() {
    return values.length;
  }

  /** The deflated eigenvalues, ascending (a copy). */
  public double[] values() {
    return values.clone();
  }

  /** Products the pre-pass used, its residual checks included. */
  public long matvecs() {
    return matvecs;
  }

  /** Whether a deflated eigenvalue is separated from the rest of the spectrum (see AUTO). */
  public boolean separated() {
    return separated;
  }

  /** The deflated operator (I - VV') H (I - VV') for the runs; see {@link DeflatedOperator}. */
  public SymmetricOperator deflate(SymmetricOperator operator) {
    return new DeflatedOperator(operator, projector);
  }

  /**
   * Writes the start vector of a deflated run: the Rademacher vector of {@code seed}, projected
   * onto range(I - VV') twice (the second pass removes what rounding left of the first), not
   * normalized (the Lanczos run normalizes it).
   */
  public void writeStart(long seed, MemorySegment target, long n) {
    StartVectors.rademacher(seed, target, n);
    projector.project(target, 1);
    projector.project(target, 1);
  }

  @Override
  public void close() {
    arena.close();
  }
}
