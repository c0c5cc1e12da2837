package org.slq4j.internal.deflation;

/**
 * The quadrature rule of one deflated run: the l deflated eigenvalues, each an exact node of
 * weight 1/n, and the run's Gauss rule of the deflated operator with its weights scaled by
 * (n - l)/n, merged in ascending node order.
 *
 * <p>Why (n - l)/n: the spectral measure of H is (1/n) sum over the deflated eigenvalues plus
 * (1/n) times that of the deflated operator restricted to range(P), a subspace of dimension
 * n - l, so the complement carries mass exactly (n - l)/n. The run's Gauss rule, from the unit
 * vector q = Pz / ||Pz||, estimates the normalized measure of that complement, so its weights
 * (summing to 1) are scaled by the exact mass. The alternative ||Pz||^2 / n * tau_k^2 is
 * unbiased for each spectral sum but lets a run's total mass vary with ||Pz||; the ratio form
 * keeps every run a probability measure (total 1 to rounding) and has the smaller variance for
 * the CDF, at a bias of order 1/n that is far below the runs' spread.
 */
public record DeflatedRule(double[] nodes, double[] weights) {

  /** Merges {@code deflated} (ascending) into the run's rule {@code nodes, weights}. */
  public static DeflatedRule merge(double[] nodes, double[] weights, double[] deflated,
      long n) {
    int l = deflated.length;
    double scale = (double) (n - l) / n;
    double each = 1.0 / n;
    double[] x = new double[nodes.length + l];
    double[] w = new double[x.length];
    int i = 0;
    int j = 0;
    for (int k = 0; k < x.length; k++) {
      if (j >= l || (i < nodes.length && nodes[i] <= deflated[j])) {
        x[k] = nodes[i];
        w[k] = weights[i] * scale;
        i++;
      } else {
        x[k] = deflated[j];
        w[k] = each;
        j++;
      }
    }
    return new DeflatedRule(x, w);
  }
}
