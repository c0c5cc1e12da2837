package org.slq4j.internal.tridiagonal;

/**
 * Eigenvalues (ascending) and normalized eigenvectors of a symmetric tridiagonal matrix, as
 * computed by {@link SymmetricTridiagonalEigen#eigensystem}. The sign of each eigenvector is fixed
 * so that its first nonzero component is positive. Immutable.
 */
public final class Eigensystem {

  private final double[] eigenvalues;
  /** vectors[k] is the eigenvector of eigenvalues[k]. */
  private final double[][] vectors;

  private final GaussRule rule;

  Eigensystem(double[] eigenvalues, double[][] vectors, GaussRule rule) {
    this.eigenvalues = eigenvalues;
    this.vectors = vectors;
    this.rule = rule;
  }

  /** Dimension m. */
  public int size() {
    return eigenvalues.length;
  }

  /** The eigenvalues, ascending (a copy). */
  public double[] eigenvalues() {
    return eigenvalues.clone();
  }

  /** Eigenvalue k. */
  public double eigenvalue(int k) {
    return eigenvalues[k];
  }

  /** Component i of the eigenvector of eigenvalue k. */
  public double eigenvector(int k, int i) {
    return vectors[k][i];
  }

  /** The eigenvector of eigenvalue k (a copy). */
  public double[] eigenvector(int k) {
    return vectors[k].clone();
  }

  /**
   * The Gauss rule of this matrix: the eigenvalues with the squared first eigenvector components
   * as weights, computed from the same rotations and renormalized by the same rule as
   * {@link SymmetricTridiagonalEigen#gaussRule}, so both modes give the identical rule.
   */
  public GaussRule gaussRule() {
    return rule;
  }
}
