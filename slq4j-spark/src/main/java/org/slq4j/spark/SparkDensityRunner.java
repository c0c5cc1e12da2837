package org.slq4j.spark;

import java.net.URL;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.slq4j.SpectralDensity;
import org.slq4j.SpectralDensityEstimator;

/**
 * The command line's way into Spark ({@code slq4j density INPUT --master URL}): the core's CLI
 * calls {@link #estimate} by name, so that it loads Spark only when asked to. One Spark
 * application per estimate.
 */
public final class SparkDensityRunner {

  /** Spark's own logging at WARN: the command's output is its summary, not Spark's INFO log. */
  private static final String LOG_CONFIG = "log4j2-cli.properties";

  private SparkDensityRunner() {}

  /**
   * Runs the estimate of {@code source} ({@link OperatorSource#parse}) on the Spark master
   * {@code master}, {@code runsPerTask} consecutive runs per task (0: as many tasks as Spark's
   * default parallelism, so that each task slot sets up its memory once, as each thread of the
   * plain estimator does), and stops the application.
   *
   * @throws IllegalStateException when Spark fails the job (a task failed after its retries)
   */
  public static SpectralDensity estimate(String master, String source,
      SpectralDensityEstimator estimator, int runsPerTask) {
    try (JavaSparkContext spark = new JavaSparkContext(conf(master, source))) {
      int perTask = runsPerTask > 0 ? runsPerTask
          : Math.max(1, Math.ceilDiv(estimator.numRuns(), spark.defaultParallelism()));
      return SparkSpectralDensity.estimate(spark, OperatorSource.parse(source), estimator,
          perTask);
    } catch (Exception e) {
      throw failure(e);
    }
  }

  /**
   * Runs the estimate of {@code source} (a Matrix Market coordinate file or
   * {@code laplacian:NxMxK}) with its rows split over {@code partitions} tasks
   * ({@link SparkRowDensity}; 0: Spark's default parallelism) and stops the application.
   * Unless {@code quiet}, prints where each task's time went to standard error.
   *
   * @throws IllegalStateException when Spark fails the job (the stage failed after its
   *     retries)
   */
  public static SpectralDensity estimateRows(String master, String source,
      SpectralDensityEstimator estimator, int partitions, boolean quiet) {
    try (JavaSparkContext spark = new JavaSparkContext(conf(master, source))) {
      int p = partitions > 0 ? partitions : spark.defaultParallelism();
      RowsEstimate e = SparkRowDensity.estimateWithTimings(spark,
          RowEntries.of(OperatorSource.parse(source)), estimator, p);
      if (!quiet) {
        System.err.print(e.describe());
      }
      return e.density();
    } catch (Exception e) {
      throw failure(e);
    }
  }

  private static SparkConf conf(String master, String source) {
    quietLogging();
    SparkConf conf = new SparkConf()
        .setMaster(master)
        .setAppName("slq4j density " + source)
        .set("spark.ui.showConsoleProgress", "false");
    if (master.startsWith("local")) {
      // Everything in this JVM: no UI, no port beyond the loopback interface.
      conf.set("spark.ui.enabled", "false")
          .set("spark.driver.bindAddress", "127.0.0.1")
          .set("spark.driver.host", "127.0.0.1");
    }
    return conf;
  }

  /** What the command reports: the core's own exceptions as they are, Spark's wrapped. */
  private static RuntimeException failure(Exception e) {
    // Spark throws its checked SparkException undeclared, through the Java API.
    if (e instanceof RuntimeException r && !(r.getCause() instanceof SparkException)) {
      return r;
    }
    return new IllegalStateException("the Spark job failed: " + e.getMessage(), e);
  }

  /** Points log4j at this module's WARN configuration unless one was chosen. */
  private static void quietLogging() {
    if (System.getProperty("log4j2.configurationFile") == null) {
      URL config = SparkDensityRunner.class.getResource(LOG_CONFIG);
      if (config != null) {
        System.setProperty("log4j2.configurationFile", config.toString());
      }
    }
  }
}
