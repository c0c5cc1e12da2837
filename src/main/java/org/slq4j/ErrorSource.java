package org.slq4j;

/**
 * Which of the two errors of a stochastic Lanczos quadrature estimate makes the larger part of
 * a {@link BandedEstimate}'s band.
 */
public enum ErrorSource {
  /**
   * The quadrature bracket (how far each run's Gauss rule leaves its start vector's measure
   * undetermined) is at least as wide as the sampling interval: more Lanczos steps narrow the
   * band more than more runs.
   */
  QUADRATURE,
  /**
   * The sampling interval (the spread between runs, from their different start vectors) is
   * wider than the quadrature bracket: more runs narrow the band more than more steps.
   */
  SAMPLING,
  /** Neither: the value is exact (both parts are zero). */
  NONE,
  /**
   * One run only: the spread between runs cannot be estimated, so the band is the quadrature
   * bracket alone. It bounds the one start vector's measure, not the spectrum's, and carries
   * no confidence level.
   */
  SAMPLING_UNKNOWN
}
