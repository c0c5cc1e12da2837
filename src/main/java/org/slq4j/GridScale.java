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
  LOG10,

  /**
   * A regular grid in the symmetric log s(t) = sign(t) log10(1 + |t| / c): the density of s of
   * the eigenvalues, smoothed in s. For indefinite spectra whose magnitudes span decades, such
   * as neural-network Hessians (a bulk of both signs near zero, a few large outliers): each
   * decade of |t| beyond c takes one unit of s on its side of zero, and |t| below c (the linear
   * zone) is squeezed into |s| &lt; log10 2 almost linearly. The linear zone c is given with
   * {@link EstimatorOptions.Builder#symlogLinearZone} or, by default, is the magnitude below
   * which 5% of the estimated spectrum lies (the pooled quadrature measure of |node|), and at
   * least 1e-8 times the largest |node|: magnitudes under the smallest nodes are not resolved
   * by the quadrature, so the log axis stops there instead of stretching rounding noise over
   * empty decades. The result reports c ({@link SpectralDensity#linearZone()}).
   */
  SYMLOG10,

  /**
   * LOG10 when every quadrature node is positive, SYMLOG10 otherwise: a log view of any
   * spectrum. The result's {@link SpectralDensity#gridScale()} says which one was used.
   */
  AUTO_LOG
}
