package org.slq4j.operators;

/**
 * Thrown when a matrix given to a symmetric operator factory is not symmetric within the
 * tolerance: the largest |a_ij - a_ji| exceeds {@code tolerance * max|a|}. Carries the offending
 * position (0-based) so that readers can report it in the file's own terms.
 */
public final class NotSymmetricException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final long row;
  private final long column;
  private final double difference;
  private final double maxAbs;

  NotSymmetricException(long row, long column, double difference, double maxAbs,
      double tolerance) {
    super("matrix is not symmetric: largest |a_ij - a_ji| = " + difference + " at (row " + row
        + ", column " + column + ") (0-based), max|a| = " + maxAbs + ", allowed "
        + tolerance + " * max|a| = " + tolerance * maxAbs);
    this.row = row;
    this.column = column;
    this.difference = difference;
    this.maxAbs = maxAbs;
  }

  /** Row i (0-based) of the entry with the largest |a_ij - a_ji|. */
  public long row() {
    return row;
  }

  /** Column j (0-based) of the entry with the largest |a_ij - a_ji|. */
  public long column() {
    return column;
  }

  /** The largest |a_ij - a_ji|. */
  public double difference() {
    return difference;
  }

  /** max |a_ij| over the matrix: the scale the tolerance is relative to. */
  public double maxAbs() {
    return maxAbs;
  }
}
