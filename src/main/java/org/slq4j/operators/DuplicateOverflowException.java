package org.slq4j.operators;

/**
 * Duplicate entries of a sparse matrix, summed as the formats ask, reached a value beyond the
 * double range. Indices are 0-based; readers of 1-based formats translate them.
 */
public final class DuplicateOverflowException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final long row;
  private final long column;

  DuplicateOverflowException(long row, long column, double sum) {
    super("the duplicate entries at (i, j) = (" + row + ", " + column + ") (0-based) sum to "
        + sum + ", beyond the double range");
    this.row = row;
    this.column = column;
  }

  /** The row, 0-based. */
  public long row() {
    return row;
  }

  /** The column, 0-based. */
  public long column() {
    return column;
  }
}
