package org.slq4j;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Objects;

/**
 * The eigenpairs computed by {@link EigenSolver#solve}: eigenvalues, unit eigenvectors held
 * off-heap, explicit residual norms, and what the computation cost.
 *
 * <p>Pair i has eigenvalue {@link #eigenvalue(int) theta_i} (the Rayleigh quotient y_i' H y_i of
 * its unit vector y_i) and {@link #residualNorm(int) r_i} = ||H y_i - theta_i y_i||, computed
 * with one product after the iteration. Some eigenvalue lambda of H lies within r_i of theta_i:
 * |lambda - theta_i| &lt;= r_i (and within r_i^2 / gap when theta_i is separated from the rest of
 * the spectrum by that gap). Pairs are in descending order of eigenvalue for
 * {@link EigenSolver.Which#LARGEST} and {@link EigenSolver.Which#BOTH}, ascending for
 * {@link EigenSolver.Which#SMALLEST}: pair 0 is the most extreme one asked for.
 *
 * <p>The eigenvectors live in an arena owned by this object: {@link #close()} frees them at once
 * (a second close does nothing), after which {@link #eigenvector(int)} throws
 * {@link IllegalStateException}; the eigenvalues, residuals and counts stay readable. Close it
 * with try-with-resources. The vectors of different pairs are orthonormal to rounding.
 */
public final class Eigenpairs implements AutoCloseable {

  private final Arena arena;
  private final MemorySegment vectors;
  private final long n;
  private final EigenSolver.Which which;
  private final double tolerance;
  private final double[] values;
  private final double[] residuals;
  private final boolean[] converged;
  private final long matvecs;
  private final long lanczosMatvecs;
  private final int restarts;
  private final int phases;
  private final double normEstimate;
  private final boolean capReached;
  private final Duration wallTime;
  private final Duration matvecTime;
  private volatile boolean closed;

  Eigenpairs(Arena arena, MemorySegment vectors, long n, EigenSolver.Which which,
      double tolerance, double[] values, double[] residuals, boolean[] converged, long matvecs,
      long lanczosMatvecs, int restarts, int phases, double normEstimate, boolean capReached,
      Duration wallTime, Duration matvecTime) {
    this.arena = arena;
    this.vectors = vectors;
    this.n = n;
    this.which = which;
    this.tolerance = tolerance;
    this.values = values;
    this.residuals = residuals;
    this.converged = converged;
    this.matvecs = matvecs;
    this.lanczosMatvecs = lanczosMatvecs;
    this.restarts = restarts;
    this.phases = phases;
    this.normEstimate = normEstimate;
    this.capReached = capReached;
    this.wallTime = wallTime;
    this.matvecTime = matvecTime;
  }

  /** The number of pairs, k. */
  public int count() {
    return values.length;
  }

  /** The operator dimension n: the length of each eigenvector. */
  public long dimension() {
    return n;
  }

  /** Which end of the spectrum was asked for. */
  public EigenSolver.Which which() {
    return which;
  }

  /** Eigenvalue i (the Rayleigh quotient of eigenvector i). */
  public double eigenvalue(int i) {
    Objects.checkIndex(i, values.length);
    return values[i];
  }

  /** All eigenvalues, in the order of the pairs (a copy). */
  public double[] eigenvalues() {
    return values.clone();
  }

  /** ||H y_i - theta_i y_i||, computed explicitly; bounds |lambda - theta_i| for some lambda. */
  public double residualNorm(int i) {
    Objects.checkIndex(i, residuals.length);
    return residuals[i];
  }

  /** All residual norms, in the order of the pairs (a copy). */
  public double[] residualNorms() {
    return residuals.clone();
  }

  /** Whether pair i met the tolerance: residualNorm(i) &lt;= tolerance * normEstimate(). */
  public boolean converged(int i) {
    Objects.checkIndex(i, converged.length);
    return converged[i];
  }

  /** Whether every pair converged. */
  public boolean allConverged() {
    for (boolean c : converged) {
      if (!c) {
        return false;
      }
    }
    return true;
  }

  /**
   * Unit eigenvector i: a read-only view of n native-order doubles, valid until
   * {@link #close()}.
   *
   * @throws IllegalStateException after close
   */
  public MemorySegment eigenvector(int i) {
    Objects.checkIndex(i, values.length);
    checkOpen();
    return vectors.asSlice(i * n * Double.BYTES, n * Double.BYTES).asReadOnly();
  }

  /**
   * Eigenvector i copied to a new array.
   *
   * @throws IllegalStateException after close
   * @throws UnsupportedOperationException when n exceeds the largest Java array
   */
  public double[] eigenvectorArray(int i) {
    MemorySegment v = eigenvector(i);
    if (n > Integer.MAX_VALUE - 8) {
      throw new UnsupportedOperationException("n = " + n + " does not fit in a Java array; "
          + "use eigenvector(i)");
    }
    return v.toArray(JAVA_DOUBLE);
  }

  /** The tolerance the pairs were checked against (relative to {@link #normEstimate()}). */
  public double tolerance() {
    return tolerance;
  }

  /**
   * The estimate of ||H||: the largest |Ritz value| met, a lower bound of ||H|| (equal to it
   * once the pair of largest magnitude has converged).
   */
  public double normEstimate() {
    return normEstimate;
  }

  /**
   * Every operator product: the Lanczos steps, one per pair for the residual check, and two
   * for the symmetry probe when it was on.
   */
  public long matvecs() {
    return matvecs;
  }

  /** The products of the Lanczos iteration alone (what maxMatvecs caps). */
  public long lanczosMatvecs() {
    return lanczosMatvecs;
  }

  /** Thick restarts done. */
  public int restarts() {
    return restarts;
  }

  /**
   * Lanczos sequences started: 1, plus one per verification restart from a fresh vector (see
   * {@link EigenSolver.Builder#multiplicityCheck}).
   */
  public int phases() {
    return phases;
  }

  /** Whether the iteration stopped because it reached maxMatvecs. */
  public boolean matvecCapReached() {
    return capReached;
  }

  /** Wall-clock time of the solve. */
  public Duration wallTime() {
    return wallTime;
  }

  /**
   * Time spent in the operator's products (the Lanczos steps and the residual checks; not the
   * symmetry probe); the rest of {@link #wallTime()} is the solver's own vector work.
   */
  public Duration matvecTime() {
    return matvecTime;
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return closed;
  }

  /** Frees the eigenvectors; idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      arena.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the Eigenpairs are closed: their eigenvectors were "
          + "freed");
    }
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Eigenpairs[n=").append(n).append(", ").append(which)
        .append(", matvecs=").append(matvecs).append(", values=[");
    for (int i = 0; i < values.length; i++) {
      b.append(i > 0 ? ", " : "").append(values[i]).append(converged[i] ? "" : " (not converged)");
    }
    return b.append("]]").toString();
  }
}
