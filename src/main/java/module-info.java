/**
 * slq4j: spectral densities of large symmetric operators by Stochastic Lanczos Quadrature.
 *
 * <p>Exported: {@code org.slq4j} (the estimator, its options, the result, the operator
 * interface), {@code org.slq4j.operators} (built-in operators) and {@code org.slq4j.io} (matrix
 * readers). The engines under {@code org.slq4j.internal} and the command line in
 * {@code org.slq4j.cli} are not API.
 *
 * <p>The Vector API module is optional: when it is not in the module graph (no
 * {@code --add-modules jdk.incubator.vector}) the kernels run on scalar code.
 */
module org.slq4j {
  requires static jdk.incubator.vector;

  exports org.slq4j;
  exports org.slq4j.operators;
  exports org.slq4j.io;
}
