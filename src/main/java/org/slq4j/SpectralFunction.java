package org.slq4j;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * A function f whose spectral sum tr f(H) = sum_i f(lambda_i) {@link SpectralSums} estimates,
 * with a name for reports and the domain it needs of the quadrature nodes.
 *
 * <p>The nodes of a run's Gauss rule are Ritz values, which lie in [lambda_min, lambda_max];
 * a node &lt;= 0 therefore proves that the operator has an eigenvalue &lt;= 0. The functions
 * that need a positive definite operator (log, 1/x) refuse such a node with an
 * {@link IllegalArgumentException} that says so, instead of returning NaN or a meaningless sum.
 */
public final class SpectralFunction {

  private final String name;
  private final DoubleUnaryOperator f;
  private final boolean needsPositiveDefinite;

  private SpectralFunction(String name, DoubleUnaryOperator f, boolean needsPositiveDefinite) {
    this.name = name;
    this.f = f;
    this.needsPositiveDefinite = needsPositiveDefinite;
  }

  /** log(x): tr log(H) = log det H, for a positive definite operator. */
  public static SpectralFunction logDeterminant() {
    return new SpectralFunction("logdet", Math::log, true);
  }

  /** 1/x: tr H^-1, for a positive definite operator. */
  public static SpectralFunction traceInverse() {
    return new SpectralFunction("traceinv", x -> 1 / x, true);
  }

  /** x: tr H. */
  public static SpectralFunction trace() {
    return new SpectralFunction("trace", x -> x, false);
  }

  /** exp(x): tr exp(H). */
  public static SpectralFunction exp() {
    return new SpectralFunction("exp", Math::exp, false);
  }

  /**
   * x^p: tr H^p. A non-integer p needs nonnegative nodes (a negative one is refused as a
   * non-finite value).
   */
  public static SpectralFunction power(double p) {
    if (!Double.isFinite(p)) {
      throw new IllegalArgumentException("the exponent p must be finite, got " + p);
    }
    String shown = p == Math.rint(p) && Math.abs(p) < 1e15 ? Long.toString((long) p)
        : Double.toString(p);
    return new SpectralFunction("pow:" + shown, x -> Math.pow(x, p), false);
  }

  /** The indicator of [a, b]: the number of eigenvalues in [a, b], ends included. */
  public static SpectralFunction count(double a, double b) {
    if (!(a <= b) || Double.isNaN(a) || Double.isNaN(b)) {
      throw new IllegalArgumentException("count needs an interval [a, b] with a <= b, got ["
          + a + ", " + b + "]");
    }
    return new SpectralFunction("count:" + a + ":" + b, x -> a <= x && x <= b ? 1 : 0, false);
  }

  /** A user function, named {@code name} in reports; it must be finite at every node. */
  public static SpectralFunction of(String name, DoubleUnaryOperator f) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(f, "f");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a spectral function needs a non-blank name");
    }
    return new SpectralFunction(name, f, false);
  }

  /** The name used in reports, e.g. "logdet" or "count:0.0:1.0". */
  public String name() {
    return name;
  }

  /** Whether the function is defined only for a positive definite operator (log, 1/x). */
  public boolean needsPositiveDefinite() {
    return needsPositiveDefinite;
  }

  /**
   * n * sum_k w_k f(x_k): one run's estimate of tr f(H).
   *
   * @throws IllegalArgumentException when the function needs a positive definite operator and
   *     a node is &lt;= 0, or f is not finite at a node
   */
  double runSum(double[] nodes, double[] weights, long n, int run) {
    double sum = 0;
    for (int k = 0; k < nodes.length; k++) {
      double x = nodes[k];
      if (needsPositiveDefinite && !(x > 0)) {
        throw new IllegalArgumentException(name + " needs a positive definite operator, but "
            + "run " + run + " has the quadrature node " + x + " <= 0, so the operator has an "
            + "eigenvalue <= " + x + " (it is not positive definite)");
      }
      double y = f.applyAsDouble(x);
      if (!Double.isFinite(y)) {
        throw new IllegalArgumentException(name + " is not finite at the quadrature node " + x
            + " of run " + run + " (value " + y + ")");
      }
      sum += weights[k] * y;
    }
    return n * sum;
  }

  @Override
  public String toString() {
    return name;
  }
}
