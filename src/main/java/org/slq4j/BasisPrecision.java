package org.slq4j;

/**
 * How the stored Lanczos basis of each run is kept in memory: an option of the estimator
 * ({@link EstimatorOptions.Builder#basisPrecision}). The arithmetic is double precision either
 * way; only the storage of the basis vectors that reorthogonalization sweeps over changes.
 */
public enum BasisPrecision {

  /** Basis vectors stored as doubles, 8 bytes per entry. The default. */
  FLOAT64,

  /**
   * Basis vectors stored as floats, 4 bytes per entry: half the memory of the basis and half
   * the bytes each reorthogonalization sweep reads. Every product and sum is still computed in
   * double precision; a stored vector is rounded to float once, when it enters the basis, and
   * the recurrence itself (the current vector, the operator's input and output) stays in
   * double. The rounding of the stored basis (relative 6e-8) limits how orthogonal the
   * reorthogonalized vectors are (max |V^T V - I| near 1e-7 instead of 1e-14), which is far
   * below what the density can show. Supported with {@link Reorthogonalization#FULL}, whose
   * runs keep the operator's input and output as two double vectors beside the float basis;
   * the estimator refuses it with {@link Reorthogonalization#LOCAL}, whose window stays in
   * double. {@link Reorthogonalization#NONE} keeps its three vectors in double whatever this
   * says.
   */
  FLOAT32
}
