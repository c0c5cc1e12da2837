package org.slq4j.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.slq4j.SpectralDensity;
import org.slq4j.SpectralDensityEstimator;

/**
 * {@code density --master}: hands the estimate to the slq4j-spark module, found by name at run
 * time so that the core neither depends on Spark nor loads it when the option is absent. The
 * module's entry points are {@code org.slq4j.spark.SparkDensityRunner.estimate(String master,
 * String source, SpectralDensityEstimator estimator, int runsPerTask)} and, for
 * {@code --distribute rows}, {@code estimateRows(String master, String source,
 * SpectralDensityEstimator estimator, int partitions, boolean quiet)}.
 */
final class SparkBridge {

  static final String RUNNER = "org.slq4j.spark.SparkDensityRunner";

  private SparkBridge() {}

  /** The estimate of {@code input} with {@code o}'s options, its runs as Spark tasks. */
  static SpectralDensity estimate(DensityOptions o, DensityCommand.Input input)
      throws UserError {
    Method estimate;
    try {
      Class<?> runner = Class.forName(RUNNER);
      estimate = o.rows()
          ? runner.getMethod("estimateRows", String.class, String.class,
              SpectralDensityEstimator.class, int.class, boolean.class)
          : runner.getMethod("estimate", String.class, String.class,
              SpectralDensityEstimator.class, int.class);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new UserError("--master needs the slq4j-spark module and Apache Spark on the class "
          + "path, which this run does not have (" + e + "). From a source checkout, "
          + "./slq4j density INPUT --master " + o.master + " builds and adds them; elsewhere: "
          + "spark-submit --class org.slq4j.cli.Main slq4j-spark-<version>-all.jar density "
          + "INPUT --master " + o.master);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(RUNNER + " has no "
          + (o.rows() ? "estimateRows" : "estimate") + ": slq4j-spark and the core are of different versions", e);
    }
    String source = input.laplacian() != null ? input.shownPath()
        : input.path().toAbsolutePath().normalize().toString();
    try {
      return (SpectralDensity) (o.rows()
          ? estimate.invoke(null, o.master, source, o.estimator(), o.partitions, o.quiet)
          : estimate.invoke(null, o.master, source, o.estimator(), o.runsPerTask));
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;  // the core's own exceptions, which DensityCommand turns into messages
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("the Spark estimate failed: " + cause, cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(RUNNER + ".estimate is not public", e);
    }
  }
}
