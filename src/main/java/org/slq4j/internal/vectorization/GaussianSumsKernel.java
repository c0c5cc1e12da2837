package org.slq4j.internal.vectorization;

/**
 * One implementation of the Gaussian sums of {@link GaussianSums}. Arguments have been validated
 * by the facade; {@code coefficients[k]} is node k's peak height scale*weights[k]/(sigma*sqrt(2
 * pi)), already checked finite (0 means: skip the node).
 */
interface GaussianSumsKernel {

  void accumulate(
      double first, double step, int size, double[] nodes, double[] weights, int count,
      double scale, double sigma, double[] density);
}
