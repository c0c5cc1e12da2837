package org.slq4j.io;

import java.nio.file.Path;
import java.util.Objects;
import org.slq4j.SymmetricOperator;

/**
 * A matrix loaded from a file: the operator (which owns off-heap memory: close this record, e.g.
 * with try-with-resources), its dimension, the number of entries it stores (both triangles for
 * sparse matrices, n^2 for dense ones), the format ({@code "matrix-market-coordinate"},
 * {@code "matrix-market-array"}, {@code "npy"} or {@code "npz"}) and the source file.
 */
public record LoadedMatrix(SymmetricOperator operator, long dimension, long storedNonzeros,
    String format, Path source) implements AutoCloseable {

  /** Format name of Matrix Market coordinate files. */
  public static final String MATRIX_MARKET_COORDINATE = "matrix-market-coordinate";
  /** Format name of Matrix Market array files. */
  public static final String MATRIX_MARKET_ARRAY = "matrix-market-array";
  /** Format name of NumPy .npy files. */
  public static final String NPY = "npy";
  /** Format name of SciPy sparse .npz archives. */
  public static final String NPZ = "npz";

  /** Checks the components. */
  public LoadedMatrix {
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(source, "source");
    if (dimension != operator.dimension()) {
      throw new IllegalArgumentException("dimension " + dimension
          + " differs from the operator's " + operator.dimension());
    }
    if (storedNonzeros < 0) {
      throw new IllegalArgumentException("storedNonzeros must be >= 0, got " + storedNonzeros);
    }
  }

  /** Frees the operator's off-heap memory when it owns any. Idempotent. */
  @Override
  public void close() {
    if (operator instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("closing " + operator + " failed", e);
      }
    }
  }
}
