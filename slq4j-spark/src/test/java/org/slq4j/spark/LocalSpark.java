package org.slq4j.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A real Spark in local mode for the tests: {@code local[N]} runs N tasks at once in this JVM;
 * {@code local[N,F]} also lets a task fail F - 1 times before the job fails (plain local mode
 * never retries). No UI, loopback only, a small shuffle setting: nothing here listens beyond
 * this machine.
 */
final class LocalSpark {

  private LocalSpark() {}

  static SparkConf conf(String master) {
    return new SparkConf()
        .setMaster(master)
        .setAppName("slq4j-spark-test")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.sql.shuffle.partitions", "2")
        .set("spark.ui.showConsoleProgress", "false");
  }

  static JavaSparkContext start(String master) {
    return new JavaSparkContext(conf(master));
  }
}
