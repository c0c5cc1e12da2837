package org.slq4j;

/** The variable the density is smoothed and gridded in. */
public enum GridScale {

  /** A regular grid in the eigenvalue t itself: the density of the eigenvalues. */
  LINEAR,

  /**
   * A regular grid in log10(t): the density of log10 of the eigenvalues, with the Gaussian
   * smoothing applied in log10 space. For positive spectra spanning many decades (condition
   * numbers of 1e10 and more), where a linear grid puts every eigenvalue but the largest into
   * its first few points. Needs every quadrature node to be positive.
   */
  LOG10
}
