package org.slq4j.operators;

/**
 * The largest |a_ij - a_ji| a factory finds while it symmetrizes a matrix, and the verdict
 * against {@link Operators#SYMMETRY_TOLERANCE}: the dense and the sparse factories refuse the
 * same matrices with the same {@link NotSymmetricException}.
 */
final class Asymmetry {

  private double worst;
  private long worstI;
  private long worstJ;

  /** Notes the difference |a_ij - a_ji| at (i, j); of equal differences the first is kept. */
  void note(long i, long j, double difference) {
    if (difference > worst) {
      worst = difference;
      worstI = i;
      worstJ = j;
    }
  }

  /** The value a_ij and a_ji both get when they differ, so the matrix is exactly symmetric. */
  static double average(double aij, double aji) {
    return 0.5 * aij + 0.5 * aji;
  }

  /**
   * @throws NotSymmetricException if the largest difference noted exceeds the tolerance times
   *     {@code maxAbs}, the largest |a_ij| of the matrix
   */
  void check(double maxAbs) {
    if (worst > Operators.SYMMETRY_TOLERANCE * maxAbs) {
      throw new NotSymmetricException(worstI, worstJ, worst, maxAbs,
          Operators.SYMMETRY_TOLERANCE);
    }
  }
}
