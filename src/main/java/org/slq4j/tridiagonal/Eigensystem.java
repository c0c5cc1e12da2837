package org.slq4j.tridiagonal;

/**
 * Eigenvalues (ascending) and normalized eigenvectors of a symmetric tridiagonal matrix, as
 * computed by {@link SymmetricTridiagonalEigen#eigensystem}. The sign of each eigenvector is fixed
 * so that its first nonzero component is positive. Immutable.
 */
public final class Eigensystem {

  private final double[] eigenvalues;
  /** vectors[k] is the eigenvector of eigenvalues[k]. */
  private final double[][] vectors;

  Eigensystem(double[] eigenvalues, double[][] vectors) {
    this.eigenvalues = eigenvalues;
    this.vectors = vectors;
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
   * as weights, renormalized exactly as {@link SymmetricTridiagonalEigen#gaussRule} does.
   */
  public GaussRule gaussRule() {
    int m = eigenvalues.length;
    double[] first = new double[m];
    for (int k = 0; k < m; k++) {
      first[k] = vectors[k][0];
    }
    return new GaussRule(eigenvalues.clone(), SymmetricTridiagonalEigen.weights(first, m));
  }
}
