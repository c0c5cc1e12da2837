package org.slq4j.internal.vectorization;

/** The plain Java kernel families (see {@link VectorizationProvider#scalar()}). */
final class ScalarVectorizationProvider extends VectorizationProvider {

  private final KernelSupport kernels = new ScalarKernelSupport();
  private final GaussianSumsSupport gaussianSums = new ScalarGaussianSums();
  private final MatvecSupport matvecs = new ScalarMatvecSupport();

  ScalarVectorizationProvider() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public int laneCount() {
    return 1;
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
