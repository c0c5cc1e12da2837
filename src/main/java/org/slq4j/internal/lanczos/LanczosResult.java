package org.slq4j.internal.lanczos;

import java.util.Arrays;

/**
 * The tridiagonal matrix T of one Lanczos run (diagonal alpha, off-diagonal beta) and what it
 * cost. When the run found an invariant subspace before the requested number of steps, T is
 * shorter than requested and {@link #invariantSubspace()} is true.
 */
public final class LanczosResult {

  private final double[] alpha;
  private final double[] beta;
  private final boolean invariantSubspace;
  private final long matvecs;
  private final long matvecNanos;
  private final long reorthogonalizationNanos;
  private final int secondPasses;

  LanczosResult(double[] alpha, double[] beta, boolean invariantSubspace, long matvecs,
      long matvecNanos, long reorthogonalizationNanos, int secondPasses) {
    this.alpha = alpha;
    this.beta = beta;
    this.invariantSubspace = invariantSubspace;
    this.matvecs = matvecs;
    this.matvecNanos = matvecNanos;
    this.reorthogonalizationNanos = reorthogonalizationNanos;
    this.secondPasses = secondPasses;
  }

  /** Number of steps taken: the order of T. */
  public int steps() {
    return alpha.length;
  }

  /** Diagonal of T (a copy). */
  public double[] alpha() {
    return alpha.clone();
  }

  /** Off-diagonal of T, length steps() - 1 (a copy). */
  public double[] beta() {
    return beta.clone();
  }

  /** True when beta fell to rounding level before the requested number of steps. */
  public boolean invariantSubspace() {
    return invariantSubspace;
  }

  /** Operator applications made by this run. */
  public long matvecs() {
    return matvecs;
  }

  /** Time spent in the operator, nanoseconds. */
  public long matvecNanos() {
    return matvecNanos;
  }

  /** Time spent orthogonalizing and normalizing, nanoseconds. */
  public long reorthogonalizationNanos() {
    return reorthogonalizationNanos;
  }

  /**
   * Steps that could not delay their correction (the DGKS test refused a single projection, or a
   * norm left the safe range) and orthogonalized at once with extra sweeps over the basis; 0
   * without reorthogonalization.
   */
  public int secondPasses() {
    return secondPasses;
  }

  @Override
  public String toString() {
    return "LanczosResult[steps=" + steps() + ", invariantSubspace=" + invariantSubspace
        + ", alpha=" + Arrays.toString(alpha) + ", beta=" + Arrays.toString(beta) + "]";
  }
}
