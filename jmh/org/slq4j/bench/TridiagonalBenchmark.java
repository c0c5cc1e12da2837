package org.slq4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.slq4j.tridiagonal.Eigensystem;
import org.slq4j.tridiagonal.GaussRule;
import org.slq4j.tridiagonal.SymmetricTridiagonalEigen;

/**
 * Tridiagonal eigensolver: Golub-Welsch mode (nodes + weights, the SLQ path) against full mode
 * (all eigenvectors) on Lanczos-like Jacobi matrices.
 *
 * <p>The matrices are what SLQ produces: m Lanczos steps with a Rademacher start vector on a
 * diagonal operator of dimension n = 2m with eigenvalues uniform in [0, 1] (without
 * reorthogonalization, so that setting up m = 4000 stays cheap; the tridiagonal is still a valid
 * Jacobi matrix with positive off-diagonals and clustered Ritz values).
 *
 * <p>Run: {@code flock /tmp/slq4j-bench.lock mvn -B -q -P jmh verify -DskipTests
 * -Djmh.args="TridiagonalBenchmark -f 1 -wi 3 -i 5 -w 1s -r 2s"}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector",
    "--enable-native-access=ALL-UNNAMED"})
public class TridiagonalBenchmark {

  /** Alpha and beta of m Lanczos steps on diag(lambda), lambda ~ U(0, 1), n = 2m. */
  static double[][] lanczosTridiagonal(int m, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = 2 * m;
    double[] lambda = new double[n];
    double[] q = new double[n];
    for (int i = 0; i < n; i++) {
      lambda[i] = random.nextDouble();
      q[i] = (random.nextBoolean() ? 1.0 : -1.0) / Math.sqrt(n);
    }
    double[] previous = new double[n];
    double[] w = new double[n];
    double[] alpha = new double[m];
    double[] beta = new double[m - 1];
    double betaPrevious = 0.0;
    for (int j = 0; j < m; j++) {
      double a = 0.0;
      for (int i = 0; i < n; i++) {
        w[i] = lambda[i] * q[i] - betaPrevious * previous[i];
        a += w[i] * q[i];
      }
      alpha[j] = a;
      if (j == m - 1) {
        break;
      }
      double norm = 0.0;
      for (int i = 0; i < n; i++) {
        w[i] -= a * q[i];
        norm += w[i] * w[i];
      }
      norm = Math.sqrt(norm);
      beta[j] = norm;
      for (int i = 0; i < n; i++) {
        previous[i] = q[i];
        q[i] = w[i] / norm;
      }
      betaPrevious = norm;
    }
    return new double[][] {alpha, beta};
  }

  /** Sizes for the O(m^2) Golub-Welsch mode. */
  @State(Scope.Benchmark)
  public static class GolubWelschInput {
    @Param({"80", "200", "1000", "4000"})
    public int m;
    double[] alpha;
    double[] beta;

    @Setup(Level.Trial)
    public void setUp() {
      double[][] t = lanczosTridiagonal(m, 20261126L + m);
      alpha = t[0];
      beta = t[1];
    }
  }

  /** Sizes for the O(m^3) full mode (m = 4000 would take minutes per call). */
  @State(Scope.Benchmark)
  public static class FullInput {
    @Param({"80", "200", "1000"})
    public int m;
    double[] alpha;
    double[] beta;

    @Setup(Level.Trial)
    public void setUp() {
      double[][] t = lanczosTridiagonal(m, 20261126L + m);
      alpha = t[0];
      beta = t[1];
    }
  }

  @Benchmark
  public GaussRule golubWelsch(GolubWelschInput in) {
    return SymmetricTridiagonalEigen.gaussRule(in.alpha, in.beta);
  }

  @Benchmark
  public Eigensystem full(FullInput in) {
    return SymmetricTridiagonalEigen.eigensystem(in.alpha, in.beta);
  }
}
