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
 * <p>The vectors live in a shared arena owned by this object and freed by {@link #close}; the
 * pre-pass's own basis is freed before {@link #find} returns.
 */
public final class Deflation implements AutoCloseable {

  /**
   * A converged eigenvalue counts as separated when the gap to its neighbour towards the
   * interior of the spectrum is at least this fraction of the spectral width.
   */
  static final double SEPARATION = 0.05;

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
   * {@code budget} products in all (the residual checks included).
   *
   * @param threads threads of the vector work (the result does not depend on them)
   */
  public static Deflation find(SymmetricOperator operator, int high, int low, double tolerance,
      long budget, long seed, int threads) {
    long n = operator.dimension();
    int count = high + low;
    int m = ThickRestartLanczos.basisSize(n, Math.max(2 * count + 1, count + 20));
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
      double[] keptValues = new double[all.length];
      for (int q = 0; q < all.length; q++) {
        if (converged[q]) {
          if (q != kept) {
            MemorySegment.copy(vectors, (long) q * n * Double.BYTES, vectors,
                (long) kept * n * Double.BYTES, n * Double.BYTES);
          }
          keptValues[kept++] = all[q];
        }
      }
      double[] deflated = Arrays.copyOf(keptValues, kept);
      Arrays.sort(deflated);
      return new Deflation(arena, new Projector(vectors, n, kept), deflated,
          o.lanczosMatvecs() + o.checkMatvecs(), separated(all, converged, high, low));
    } catch (RuntimeException | Error e) {
      arena.close();
      throw e;
    }
  }

  /**
   * Whether a converged value is separated from the rest: its gap to the next returned value
   * towards the interior is at least {@link #SEPARATION} of the width spanned by the returned
   * values. The innermost value of each end is not judged: its interior neighbour was not
   * computed. The values come in descending order, the top ones first.
   */
  static boolean separated(double[] values, boolean[] converged, int high, int low) {
    if (values.length < 2) {
      return false;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double width = sorted[sorted.length - 1] - sorted[0];
    if (!(width > 0)) {
      return false;
    }
    // Top values: descending from index 0 to high - 1, each judged against the next one.
    for (int q = 0; q + 1 < high; q++) {
      if (converged[q] && values[q] - values[q + 1] >= SEPARATION * width) {
        return true;
      }
    }
    // Bottom values: the last low entries, descending, so the extreme one is last.
    for (int q = values.length - 1; q > values.length - low; q--) {
      if (converged[q] && values[q - 1] - values[q] >= SEPARATION * width) {
        return true;
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
