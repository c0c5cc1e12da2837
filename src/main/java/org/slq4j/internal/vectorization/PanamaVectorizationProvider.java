package org.slq4j.internal.vectorization;

/**
 * The Vector API kernel families. Instantiated only by {@link VectorizationProvider}, after it
 * has made {@code jdk.incubator.vector} readable.
 */
final class PanamaVectorizationProvider extends VectorizationProvider {

  private final KernelSupport kernels = new PanamaKernelSupport();
  private final GaussianSumsSupport gaussianSums = new PanamaGaussianSums();
  private final MatvecSupport matvecs = new PanamaMatvecSupport();

  PanamaVectorizationProvider() {}

  @Override
  public String name() {
    return "panama";
  }

  @Override
  public int laneCount() {
    return PanamaVectorConstants.LANES;
  }

  @Override
  public KernelSupport kernelSupport() {
    return kernels;
  }

  @Override
  public GaussianSumsSupport gaussianSums() {
    return gaussianSums;
  }

  @Override
  public MatvecSupport matvecSupport() {
    return matvecs;
  }
}
