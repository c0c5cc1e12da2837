package org.slq4j.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.slq4j.internal.vectorization.GaussianSumsSupport;
import org.slq4j.internal.vectorization.VectorizationProvider;
import org.slq4j.internal.smoothing.Grid;

/**
 * The SLQ default density step: 10 runs x 80 nodes (spread over [0, 10], weights summing to 1
 * per run, scale 1/10) onto 10000 grid points over [a - pad, b + pad], pad = max(0.1 (b-a),
 * 6 sigma), sigma = (b-a)/80. One operation zeroes the density and adds all 800 nodes, one
 * call per run as the estimator makes them. Target: <= 1 ms (NumPy: full evaluation 37 ms,
 * windowed 7.8 ms).
 *
 * <p>{@code mvn -B -q -P jmh verify -DskipTests -Djmh.args="GaussianSmootherBenchmark -f 1 -wi 3
 * -i 5"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector",
    "--enable-native-access=ALL-UNNAMED"})
public class GaussianSmootherBenchmark {

  static final int RUNS = 10;
  static final int STEPS = 80;
  static final int POINTS = 10000;

  /** The kernel family: "scalar" or "panama", side by side in one run. */
  @Param({"scalar", "panama"})
  public String provider;

  private GaussianSumsSupport m;
  private double first;
  private double step;
  private double sigma;
  private double[][] nodes;
  private double[][] weights;
  private double[] density;

  @Setup
  public void setup() {
    VectorizationProvider p = provider.equals("scalar") ? VectorizationProvider.scalar()
        : VectorizationProvider.panama().orElseThrow(
            () -> new IllegalStateException("needs --add-modules jdk.incubator.vector"));
    m = p.gaussianSums();
    double a = 0;
    double b = 10;
    sigma = (b - a) / STEPS;
    double pad = Math.max(0.1 * (b - a), 6 * sigma);
    Grid grid = Grid.linear(a - pad, b + pad, POINTS);
    first = grid.first();
    step = grid.step();
    SplittableRandom rnd = new SplittableRandom(0);
    nodes = new double[RUNS][STEPS];
    weights = new double[RUNS][STEPS];
    for (int r = 0; r < RUNS; r++) {
      double sum = 0;
      for (int k = 0; k < STEPS; k++) {
        nodes[r][k] = a + (b - a) * rnd.nextDouble();
        weights[r][k] = -Math.log(rnd.nextDouble());
        sum += weights[r][k];
      }
      for (int k = 0; k < STEPS; k++) {
        weights[r][k] /= sum;
      }
    }
    density = new double[POINTS];
  }

  @Benchmark
  public double[] density() {
    Arrays.fill(density, 0);
    for (int r = 0; r < RUNS; r++) {
      m.accumulate(first, step, POINTS, nodes[r], weights[r], STEPS, 1.0 / RUNS, sigma, density);
    }
    return density;
  }
}
