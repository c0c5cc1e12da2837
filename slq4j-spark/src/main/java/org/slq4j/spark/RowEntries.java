package org.slq4j.spark;

import java.io.IOException;
import java.io.Serializable;

/**
 * A symmetric matrix that hands out its entries by rows, so that each task of a row-partitioned
 * estimate ({@link SparkRowDensity}) builds only its own rows and no JVM ever holds the whole
 * matrix. {@link #rows} gives every stored entry (i, j, value) of the full matrix (both
 * triangles) with {@code from <= i < to}, in any order; entries given twice are added.
 *
 * <p>Built in: {@link #of(OperatorSource)} for {@code laplacian:NxMxK} (generated row by row)
 * and Matrix Market coordinate files (each task reads the file and keeps its rows). An
 * implementation must be serializable (it travels to the executors) and give the same entries
 * on every call: a retried task rebuilds its rows.
 */
public interface RowEntries extends Serializable {

  /** Receives the entries of a row range. */
  @FunctionalInterface
  interface Sink {
    /** Entry (row, column) = value; row and column are 0-based. */
    void accept(long row, long column, double value);
  }

  /** The matrix's dimension n (it is n x n). */
  long dimension();

  /**
   * Every entry of rows [from, to) to {@code sink}.
   *
   * @throws IOException when the matrix's file cannot be read
   */
  void rows(long from, long to, Sink sink) throws IOException;

  /**
   * The rows of an operator source: a grid Laplacian or a Matrix Market coordinate file
   * ({@code .mtx}, possibly gzip-compressed) at a path every executor can read.
   *
   * @throws IllegalArgumentException for a user class or a file that is not Matrix Market
   *     (.npy and .npz files are read whole by each executor: use --distribute runs for them)
   */
  static RowEntries of(OperatorSource source) {
    return switch (source.kind()) {
      case LAPLACIAN -> new LaplacianRows(source.spec());
      case FILE -> {
        String name = source.spec().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".npy") || name.endsWith(".npz")) {
          throw new IllegalArgumentException("row-partitioned estimates read Matrix Market "
              + "coordinate files (.mtx, .mtx.gz) or laplacian:NxMxK; " + source.spec()
              + " is a NumPy file (convert it to .mtx, or use --distribute runs)");
        }
        yield new MatrixMarketRows(source.spec());
      }
      case CLASS -> throw new IllegalArgumentException("row-partitioned estimates take a "
          + "Matrix Market file, laplacian:NxMxK or a RowEntries implementation, not an operator "
          + "class (" + source.spec() + "): use --distribute runs for operator classes");
    };
  }
}
