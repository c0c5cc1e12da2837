package org.slq4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;
import org.slq4j.internal.tridiagonal.GaussRule;
import org.slq4j.internal.tridiagonal.SymmetricTridiagonalEigen;

/**
 * The Gauss rule of one run of an estimate, as computed on any machine: the run's index, the
 * seed and step count it was computed with, its nodes and weights, and the operator products
 * it cost. Run r of an estimate starts from a Rademacher vector that is a function of (seed, r)
 * alone (distinct pairs give independent vectors), so the runs of one estimate can be computed in shards anywhere ({@link
 * SpectralDensityEstimator#estimateRuns}) and merged into the estimate one machine would give
 * ({@link SpectralDensityEstimator#assemble}).
 *
 * <p>{@link #toBytes()} and {@link #write(DataOutput)} give a fixed binary form (big-endian,
 * doubles as their IEEE bits) so a rule crosses machines unchanged. Immutable: the arrays are
 * copied in and out.
 *
 * @param seed the estimate's seed (with the run index, it determines the run's start vector)
 * @param run the run's index in its estimate, from 0
 * @param lanczosSteps the Lanczos steps the run was asked for
 * @param nodes the rule's nodes, ascending; fewer than lanczosSteps when the run found an
 *     invariant subspace early
 * @param weights the rule's weights, one per node
 * @param matvecs the operator products the run used
 */
public record RunRule(long seed, int run, int lanczosSteps, double[] nodes, double[] weights,
    long matvecs) {

  /** The first int of the binary form: "SLQR" and a format version. */
  private static final int MAGIC = 0x534C5101;

  /** Checks the shape of the rule and copies its arrays. */
  public RunRule {
    Objects.requireNonNull(nodes, "nodes");
    Objects.requireNonNull(weights, "weights");
    if (run < 0) {
      throw new IllegalArgumentException("run must be >= 0, got " + run);
    }
    if (lanczosSteps < 1) {
      throw new IllegalArgumentException("run " + run + ": lanczosSteps must be >= 1, got "
          + lanczosSteps);
    }
    if (nodes.length != weights.length) {
      throw new IllegalArgumentException("run " + run + ": " + nodes.length + " nodes but "
          + weights.length + " weights");
    }
    if (nodes.length < 1 || nodes.length > lanczosSteps) {
      throw new IllegalArgumentException("run " + run + ": " + nodes.length
          + " nodes for " + lanczosSteps + " Lanczos steps (expected 1 to " + lanczosSteps + ")");
    }
    if (matvecs < 0) {
      throw new IllegalArgumentException("run " + run + ": matvecs must be >= 0, got "
          + matvecs);
    }
    nodes = nodes.clone();
    weights = weights.clone();
  }

  /** A copy of the nodes. */
  @Override
  public double[] nodes() {
    return nodes.clone();
  }

  /** A copy of the weights. */
  @Override
  public double[] weights() {
    return weights.clone();
  }

  /** Writes the binary form to {@code out}. */
  public void write(DataOutput out) throws IOException {
    out.writeInt(MAGIC);
    out.writeLong(seed);
    out.writeInt(run);
    out.writeInt(lanczosSteps);
    out.writeLong(matvecs);
    out.writeInt(nodes.length);
    for (double x : nodes) {
      out.writeDouble(x);
    }
    for (double w : weights) {
      out.writeDouble(w);
    }
  }

  /**
   * Reads a rule written by {@link #write(DataOutput)}.
   *
   * @throws IOException when the input ends early or does not hold a rule
   */
  public static RunRule read(DataInput in) throws IOException {
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new IOException(String.format("not a run rule (first int 0x%08x, expected 0x%08x)",
          magic, MAGIC));
    }
    long seed = in.readLong();
    int run = in.readInt();
    int steps = in.readInt();
    long matvecs = in.readLong();
    int count = in.readInt();
    if (count < 1 || count > steps) {
      throw new IOException("run " + run + ": " + count + " nodes for " + steps
          + " Lanczos steps");
    }
    double[] nodes = new double[count];
    double[] weights = new double[count];
    for (int k = 0; k < count; k++) {
      nodes[k] = in.readDouble();
    }
    for (int k = 0; k < count; k++) {
      weights[k] = in.readDouble();
    }
    try {
      return new RunRule(seed, run, steps, nodes, weights, matvecs);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** The binary form as bytes. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(36 + 16 * nodes.length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);  // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * The rule of {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes do not hold exactly one rule
   */
  public static RunRule fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      RunRule rule = read(in);
      if (in.available() > 0) {
        throw new IllegalArgumentException(in.available() + " bytes after the rule of run "
            + rule.run());
      }
      return rule;
    } catch (IOException e) {
      throw new IllegalArgumentException("bad run rule: " + e.getMessage(), e);
    }
  }

  /**
   * The rule of a run whose Lanczos recurrence was computed elsewhere (for example with its
   * vectors split over several machines): the Gauss rule of the Jacobi matrix T with diagonal
   * {@code alpha} and off-diagonal {@code beta}, computed by the eigensolver the estimator
   * itself uses (Golub-Welsch: the eigenvalues of T ascending, the squared first components of
   * its eigenvectors).
   *
   * @param seed the estimate's seed (run r started from the Rademacher vector of seed + r)
   * @param run the run's index in its estimate
   * @param lanczosSteps the Lanczos steps the run was asked for
   * @param alpha the m diagonal entries of T, 1 <= m <= lanczosSteps (m < lanczosSteps when
   *     the run found an invariant subspace early)
   * @param beta the m - 1 off-diagonal entries of T
   * @param matvecs the operator products the run used
   * @throws IllegalArgumentException when the lengths do not fit or an entry is not finite
   * @throws NoConvergenceException when the eigensolver does not converge
   */
  public static RunRule ofTridiagonal(long seed, int run, int lanczosSteps, double[] alpha,
      double[] beta, long matvecs) {
    Objects.requireNonNull(alpha, "alpha");
    Objects.requireNonNull(beta, "beta");
    if (alpha.length < 1 || alpha.length > lanczosSteps) {
      throw new IllegalArgumentException("run " + run + ": " + alpha.length
          + " diagonal entries for " + lanczosSteps + " Lanczos steps (expected 1 to "
          + lanczosSteps + ")");
    }
    GaussRule rule = SymmetricTridiagonalEigen.gaussRule(alpha, beta);
    return new RunRule(seed, run, lanczosSteps, rule.nodes(), rule.weights(), matvecs);
  }

  /** Equal seed, run, steps, matvecs and bit-equal nodes and weights. */
  @Override
  public boolean equals(Object o) {
    return o instanceof RunRule r && seed == r.seed && run == r.run
        && lanczosSteps == r.lanczosSteps && matvecs == r.matvecs
        && Arrays.equals(nodes, r.nodes) && Arrays.equals(weights, r.weights);
  }

  @Override
  public int hashCode() {
    return Objects.hash(seed, run, lanczosSteps, matvecs, Arrays.hashCode(nodes),
        Arrays.hashCode(weights));
  }

  @Override
  public String toString() {
    return "RunRule[seed=" + seed + ", run=" + run + ", lanczosSteps=" + lanczosSteps
        + ", nodes=" + nodes.length + ", matvecs=" + matvecs + "]";
  }
}
