package org.slq4j.internal.vectorization;

/**
 * The Vector API kernel families. Instantiated only by {@link VectorizationProvider}, through
 * this package-private constructor, after it has made {@code jdk.incubator.vector} readable.
 */
final class PanamaVectorizationProvider extends VectorizationProvider {

  PanamaVectorizationProvider() {
    super("panama", PanamaVectorConstants.LANES, new PanamaKernelSupport(),
        new PanamaGaussianSums(), new PanamaMatvecSupport(), new PanamaFloatBasisSupport());
  }
}
