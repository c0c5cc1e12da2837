/**
 * slq4j: spectral densities of large symmetric operators by Stochastic Lanczos Quadrature.
 *
 * <p>The Vector API module is optional: when it is not in the module graph (no
 * {@code --add-modules jdk.incubator.vector}) the kernels run on scalar code.
 */
module org.slq4j {
  requires static jdk.incubator.vector;

  exports org.slq4j;
  exports org.slq4j.kernels;
  exports org.slq4j.operators;
  exports org.slq4j.io;
}
