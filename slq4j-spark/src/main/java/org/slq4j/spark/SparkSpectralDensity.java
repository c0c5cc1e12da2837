package org.slq4j.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slq4j.RunRule;
import org.slq4j.SpectralDensity;
import org.slq4j.SpectralDensityEstimator;
import org.slq4j.SymmetricOperator;

/**
 * A spectral-density estimate whose runs are Spark tasks. The estimate's runs are cut into
 * groups of consecutive runs, one task each; a task builds (or finds, see
 * {@link ExecutorOperators}) its executor's operator, runs its group with
 * {@link SpectralDensityEstimator#estimateRuns} and sends back the groups' Gauss rules in their
 * binary form ({@link RunRule#toBytes()}); the driver merges them with
 * {@link SpectralDensityEstimator#assemble}. A run's rule depends only on its index, so the
 * result is the one {@link SpectralDensityEstimator#estimate} gives on one machine, bit for bit
 * on the same JVM and hardware class, whatever the grouping, the executors and the task
 * retries (a failed task is run again by Spark and gives the same rules).
 *
 * <pre>{@code
 * SpectralDensity d = SparkSpectralDensity.estimate(sparkContext,
 *     OperatorSource.file("/shared/matrices/1138_bus.mtx"),
 *     SpectralDensityEstimator.builder().numRuns(100).threads(1).build());
 * }</pre>
 *
 * <p>Each task runs its group on {@code threads} threads of its executor (the estimator's
 * option): one per task core ({@code spark.task.cpus}) fits Spark's scheduling.
 */
public final class SparkSpectralDensity {

  private SparkSpectralDensity() {}

  /** {@link #estimate(JavaSparkContext, OperatorSource, SpectralDensityEstimator, int)} with
   * one run per task. */
  public static SpectralDensity estimate(JavaSparkContext spark, OperatorSource source,
      SpectralDensityEstimator estimator) {
    return estimate(spark, source, estimator, 1);
  }

  /** The same on the context of a {@link SparkSession}. */
  public static SpectralDensity estimate(SparkSession spark, OperatorSource source,
      SpectralDensityEstimator estimator, int runsPerTask) {
    Objects.requireNonNull(spark, "spark");
    return estimate(JavaSparkContext.fromSparkContext(spark.sparkContext()), source, estimator,
        runsPerTask);
  }

  /**
   * Estimates the density of the operator of {@code source} with {@code estimator}'s options,
   * {@code runsPerTask} consecutive runs per Spark task.
   *
   * @throws IllegalArgumentException when runsPerTask is below 1, or as
   *     {@link SpectralDensityEstimator#estimate(SymmetricOperator)}
   * @throws org.apache.spark.SparkException when a task still fails after Spark's retries
   */
  public static SpectralDensity estimate(JavaSparkContext spark, OperatorSource source,
      SpectralDensityEstimator estimator, int runsPerTask) {
    Objects.requireNonNull(spark, "spark");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(estimator, "estimator");
    if (runsPerTask < 1) {
      throw new IllegalArgumentException("runsPerTask must be >= 1, got " + runsPerTask);
    }
    int numRuns = estimator.numRuns();
    List<int[]> groups = new ArrayList<>();
    for (int first = 0; first < numRuns; first += runsPerTask) {
      groups.add(new int[] {first, Math.min(runsPerTask, numRuns - first)});
    }
    SerializableOptions options = SerializableOptions.of(estimator.options());
    List<Shard> shards = spark.parallelize(groups, groups.size())
        .map(group -> Shard.compute(source, options, group[0], group[1]))
        .collect();
    long dimension = shards.get(0).dimension();
    List<RunRule> rules = new ArrayList<>(numRuns);
    for (Shard shard : shards) {
      if (shard.dimension() != dimension) {
        throw new IllegalStateException("executors disagree on the dimension of " + source
            + ": " + dimension + " and " + shard.dimension());
      }
      for (Iterator<RunRule> it = shard.rules(); it.hasNext(); ) {
        rules.add(it.next());
      }
    }
    return estimator.assemble(dimension, rules);
  }
}
