package org.slq4j.internal.vectorization;

/**
 * The Gaussian-sums kernel family: one implementation of {@link GaussianSums#accumulate}.
 * Arguments are expected valid (the facade checks them): finite grid, step and sigma > 0,
 * finite nodes and weights, and peaks scale*weights[k]/(sigma sqrt(2 pi)) that do not overflow.
 */
public interface GaussianSumsSupport {

  /** Adds the Gaussian sums of nodes[0..count) to density[0..size); see {@link GaussianSums}. */
  void accumulate(
      double first, double step, int size, double[] nodes, double[] weights, int count,
      double scale, double sigma, double[] density);
}
