package org.slq4j.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slq4j.SpectralDensity;

/**
 * Outlier candidates: the quadrature nodes at either end of the spectrum, pooled over runs.
 *
 * <p>A well separated eigenvalue is found by (nearly) every run as a converged Ritz value; its
 * copies agree closely while their weights vary with the start vector. Nodes of all runs are
 * sorted and chained into clusters whenever neighbours are at most one smoothing width sigma
 * apart (in the grid's variable, so in log10 units for a LOG10 grid): closer than that the
 * density cannot separate them either. For each cluster, total weight / runs estimates the
 * fraction of the spectrum it holds, so total weight / runs * n estimates how many eigenvalues
 * it stands for.
 */
final class Outliers {

  private Outliers() {}

  /**
   * @param node weight-averaged node of the cluster
   * @param min smallest node in the cluster
   * @param max largest node in the cluster
   * @param runs number of distinct runs with a node in the cluster
   * @param nodes number of nodes in the cluster
   * @param totalWeight sum of the weights of those nodes over all runs
   * @param estimatedEigenvalues totalWeight / numRuns * n
   */
  record Candidate(double node, double min, double max, int runs, int nodes, double totalWeight,
      double estimatedEigenvalues) {}

  private record Node(double x, double node, double weight, int run) {}

  /**
   * Clusters standing for fewer eigenvalues than this are skipped: Ritz values whose weight
   * underflows (1e-50 and less happen) are artefacts of one start vector, not candidates.
   */
  static final double MIN_EIGENVALUES = 1e-3;

  /**
   * Up to {@code limit} clusters, starting from the largest nodes when {@code largest},
   * skipping clusters that stand for fewer than {@link #MIN_EIGENVALUES} eigenvalues.
   */
  static List<Candidate> find(SpectralDensity d, int limit, boolean largest) {
    List<Node> all = new ArrayList<>();
    for (int r = 0; r < d.numRuns(); r++) {
      double[] nodes = d.nodes(r);
      double[] weights = d.weights(r);
      for (int k = 0; k < nodes.length; k++) {
        all.add(new Node(d.gridVariable(nodes[k]), nodes[k], weights[k], r));
      }
    }
    Comparator<Node> order = Comparator.comparingDouble(Node::x);
    all.sort(largest ? order.reversed() : order);
    double tol = d.sigma();
    List<Candidate> out = new ArrayList<>();
    int i = 0;
    while (i < all.size() && out.size() < limit) {
      int j = i + 1;
      while (j < all.size() && Math.abs(all.get(j).x() - all.get(j - 1).x()) <= tol) {
        j++;
      }
      Candidate c = summarize(all.subList(i, j), d.numRuns(), d.dimension());
      if (c.estimatedEigenvalues() >= MIN_EIGENVALUES) {
        out.add(c);
      }
      i = j;
    }
    return out;
  }

  private static Candidate summarize(List<Node> cluster, int numRuns, long n) {
    double weight = 0;
    double weighted = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    boolean[] seen = new boolean[numRuns];
    for (Node c : cluster) {
      weight += c.weight();
      weighted += c.weight() * c.node();
      min = Math.min(min, c.node());
      max = Math.max(max, c.node());
      seen[c.run()] = true;
    }
    int runs = 0;
    for (boolean s : seen) {
      runs += s ? 1 : 0;
    }
    // A cluster whose weights all underflowed to 0 still has a well-defined location.
    double node = weight > 0 ? weighted / weight
        : cluster.stream().mapToDouble(Node::node).average().orElse(Double.NaN);
    node = Math.min(max, Math.max(min, node));
    return new Candidate(node, min, max, runs, cluster.size(), weight,
        weight / numRuns * n);
  }
}
