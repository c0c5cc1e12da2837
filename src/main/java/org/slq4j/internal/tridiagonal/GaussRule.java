package org.slq4j.internal.tridiagonal;

import java.util.Arrays;

/**
 * Gauss quadrature rule of a Jacobi (symmetric tridiagonal) matrix T: the nodes are the
 * eigenvalues of T in ascending order, the weights the squared first components of the
 * normalized eigenvectors (Golub and Welsch 1969). Weights are non-negative and sum to 1.
 * Immutable: every array going in or out is copied.
 */
public final class GaussRule {

  private final double[] nodes;
  private final double[] weights;

  /** Takes ownership of the arrays (callers in this package pass fresh ones). */
  GaussRule(double[] nodes, double[] weights) {
    this.nodes = nodes;
    this.weights = weights;
  }

  /** Number of nodes m. */
  public int size() {
    return nodes.length;
  }

  /** The nodes, ascending (a copy). */
  public double[] nodes() {
    return nodes.clone();
  }

  /** The weights, {@code weights()[k]} belonging to {@code nodes()[k]} (a copy). */
  public double[] weights() {
    return weights.clone();
  }

  /** Node k, {@code 0 <= k < size()}. */
  public double node(int k) {
    return nodes[k];
  }

  /** Weight of node k, {@code 0 <= k < size()}. */
  public double weight(int k) {
    return weights[k];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GaussRule g && Arrays.equals(nodes, g.nodes)
        && Arrays.equals(weights, g.weights);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(nodes) + Arrays.hashCode(weights);
  }

  @Override
  public String toString() {
    return "GaussRule[nodes=" + Arrays.toString(nodes) + ", weights=" + Arrays.toString(weights)
        + "]";
  }
}
