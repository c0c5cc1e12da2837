package org.slq4j.spark;

import java.io.Serializable;

/**
 * One stored entry of a sparse matrix, as a row-partitioned estimate takes them from an RDD
 * ({@link SparkRowDensity#estimate(org.apache.spark.api.java.JavaRDD, long,
 * org.slq4j.SpectralDensityEstimator, int)}): row and column 0-based.
 *
 * @param row the row i
 * @param column the column j
 * @param value H[i][j]
 */
public record MatrixEntry(long row, long column, double value) implements Serializable {

  private static final long serialVersionUID = 1L;
}
