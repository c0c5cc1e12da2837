package org.slq4j.internal.eigen;

/** Test access to the dense symmetric eigensolver: exact spectra of generated test matrices. */
public final class DenseEigenvalues {

  private DenseEigenvalues() {}

  /** All eigenvalues of the symmetric matrix {@code a}, ascending. */
  public static double[] of(double[][] a) {
    return DenseSymmetricEigen.decompose(a, a.length).values();
  }
}
