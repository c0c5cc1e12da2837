package org.slq4j;

/**
 * Thrown when the QL iteration reaches its iteration cap before every eigenvalue has
 * converged. The solver never returns a partially converged result.
 */
public final class NoConvergenceException extends ArithmeticException {

  private static final long serialVersionUID = 1L;

  private final int eigenvalueIndex;
  private final int iterations;
  private final long totalIterations;

  public NoConvergenceException(int eigenvalueIndex, int size, int iterations, long totalIterations,
      long cap) {
    super("QL did not converge: eigenvalue " + eigenvalueIndex + " of " + size
        + " (position in the partially reduced matrix) still unconverged after " + iterations
        + " QL iterations on it; " + totalIterations + " iterations in total reached the cap of "
        + cap);
    this.eigenvalueIndex = eigenvalueIndex;
    this.iterations = iterations;
    this.totalIterations = totalIterations;
  }

  /** Position (0-based, before sorting) of the eigenvalue that was being iterated on. */
  public int eigenvalueIndex() {
    return eigenvalueIndex;
  }

  /** QL iterations spent on that eigenvalue. */
  public int iterations() {
    return iterations;
  }

  /** QL iterations spent on the whole matrix when the cap was reached. */
  public long totalIterations() {
    return totalIterations;
  }
}
