package org.slq4j;

import java.util.Arrays;

/**
 * One run's Gauss rule as a distribution function, with the Chebyshev-Markov-Stieltjes bracket
 * of the start vector's spectral CDF that the rule implies.
 *
 * <p>Run r's rule (nodes x_1 &lt; ... &lt; x_m, weights w_k, W_k = w_1 + ... + w_k) is the m-point
 * Gauss rule of mu_v = sum_i (q_i'v)^2 delta(lambda_i), the spectral measure of its unit start
 * vector v. Every measure with the same first 2m moments (Szego, Orthogonal Polynomials,
 * Theorem 3.41.1; Akhiezer, The Classical Moment Problem, 1965) satisfies
 * mu(-inf, x_k] &lt;= W_k &lt;= mu(-inf, x_(k+1)), so for F_v(t) = mu_v(-inf, t]:
 * <ul>
 *   <li>at a node, t = x_k: W_(k-1) &lt;= F_v(x_k-) &lt;= F_v(x_k) &lt;= W_k;
 *   <li>between nodes, x_k &lt; t &lt; x_(k+1): W_(k-1) &lt;= F_v(t) &lt;= W_(k+1)
 *       (F_v(t) &gt;= F_v(x_k) and F_v(t) &lt;= F_v(x_(k+1)));
 *   <li>below x_1: 0 &lt;= F_v(t) &lt;= W_1; above x_m: W_(m-1) &lt;= F_v(t) &lt;= 1, since the
 *       rule says nothing about how far outside its nodes the last bits of mass lie.
 * </ul>
 * In one formula, for any finite t: lower(t) = the weight of the nodes below the largest node
 * &lt;= t, upper(t) = the weight of the nodes up to the smallest node &gt;= t (0 and 1 when there
 * is no such node). The same bracket holds for the left limit F_v(t-). The rule's own CDF
 * G(t) = sum of the weights of nodes &lt;= t lies inside it. Between nodes the bracket is two
 * weights wide, at a node one.
 *
 * <p>A run that stopped on an invariant subspace (fewer nodes than the steps asked for, or as
 * many as the dimension) has the exact measure: mu_v is supported on its nodes, the rule is
 * mu_v itself, and the bracket collapses to G (or to G(t-) for the left limit).
 */
final class GaussRuleCdf {

  private final double[] nodes;
  /** cumulative[k] = W_k / W_m: weight of the first k nodes, cumulative[m] = 1 exactly. */
  private final double[] cumulative;
  /** strictlyBelow[k] = nodes strictly below nodes[k] (equal nodes are one node). */
  private final int[] strictlyBelow;
  /** atOrBelow[k] = nodes at or below nodes[k]. */
  private final int[] atOrBelow;
  private final boolean exact;

  /**
   * @param nodes ascending
   * @param weights non-negative, aligned with nodes, summing to 1 up to rounding (they are
   *     rescaled to sum to 1 exactly, so that the CDF ends at 1)
   * @param exact whether the rule is the start vector's measure itself
   */
  GaussRuleCdf(double[] nodes, double[] weights, boolean exact) {
    int m = nodes.length;
    if (m == 0 || weights.length != m) {
      throw new IllegalArgumentException("a rule needs as many weights as nodes, at least one, "
          + "got " + m + " nodes and " + weights.length + " weights");
    }
    this.nodes = nodes.clone();
    this.exact = exact;
    double[] c = new double[m + 1];
    for (int k = 0; k < m; k++) {
      if (!(weights[k] >= 0) || !Double.isFinite(weights[k])) {
        throw new IllegalArgumentException("weight " + k + " is " + weights[k]
            + ", not a finite non-negative number");
      }
      if (!Double.isFinite(nodes[k]) || (k > 0 && nodes[k] < nodes[k - 1])) {
        throw new IllegalArgumentException("node " + k + " = " + nodes[k]
            + " is not finite or not ascending");
      }
      c[k + 1] = c[k] + weights[k];
    }
    double total = c[m];
    if (!(total > 0)) {
      throw new IllegalArgumentException("the weights sum to " + total + ", not to 1");
    }
    for (int k = 1; k <= m; k++) {
      c[k] /= total;
    }
    this.cumulative = c;
    this.strictlyBelow = new int[m];
    this.atOrBelow = new int[m];
    for (int k = 0; k < m; k++) {
      strictlyBelow[k] = k > 0 && nodes[k] == nodes[k - 1] ? strictlyBelow[k - 1] : k;
    }
    for (int k = m - 1; k >= 0; k--) {
      atOrBelow[k] = k < m - 1 && nodes[k] == nodes[k + 1] ? atOrBelow[k + 1] : k + 1;
    }
  }

  int size() {
    return nodes.length;
  }

  double node(int k) {
    return nodes[k];
  }

  boolean exact() {
    return exact;
  }

  /** Nodes strictly below t. */
  int countBelow(double t) {
    int lo = 0;
    int hi = nodes.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (nodes[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Nodes at or below t. */
  int countAtOrBelow(double t) {
    int lo = 0;
    int hi = nodes.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (nodes[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The rule's CDF at a t of which {@code below} nodes lie strictly below and {@code atOrBelow}
   * at or below: G(t), or G(t-) when {@code leftLimit}.
   */
  double cdf(int below, int atOrBelow, boolean leftLimit) {
    return cumulative[leftLimit ? below : atOrBelow];
  }

  /**
   * The lower end of the bracket of F_v(t) (or F_v(t-) when {@code leftLimit}) at such a t:
   * the weight of the nodes under the largest node &lt;= t; the CDF itself when exact.
   */
  double lower(int below, int atOrBelow, boolean leftLimit) {
    if (exact) {
      return cdf(below, atOrBelow, leftLimit);
    }
    return atOrBelow == 0 ? 0 : cumulative[strictlyBelow[atOrBelow - 1]];
  }

  /** The upper end likewise: the weight of the nodes up to the smallest node &gt;= t. */
  double upper(int below, int atOrBelow, boolean leftLimit) {
    if (exact) {
      return cdf(below, atOrBelow, leftLimit);
    }
    return below == nodes.length ? 1 : cumulative[this.atOrBelow[below]];
  }

  @Override
  public String toString() {
    return "GaussRuleCdf[" + nodes.length + " nodes" + (exact ? ", exact" : "") + ", "
        + Arrays.toString(nodes) + "]";
  }
}
