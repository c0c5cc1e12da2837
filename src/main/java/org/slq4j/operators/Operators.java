package org.slq4j.operators;

import org.slq4j.internal.memory.OperatorMemory;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.slq4j.SymmetricOperator;

/** Factories and adapters for {@link SymmetricOperator}s. */
public final class Operators {

  /**
   * Relative tolerance of the symmetry checks of the factories and readers: a matrix is accepted
   * as symmetric when max |a_ij - a_ji| &lt;= 1e-12 * max |a_ij|, i.e. a few thousand ulps of the
   * largest entry (room for a matrix symmetrised in floating point, e.g. (H + H^T) / 2 with
   * rounding, or printed with 16 digits), far below any asymmetry that would change a spectrum
   * visibly.
   */
  public static final double SYMMETRY_TOLERANCE = 1e-12;

  private Operators() {}

  /**
   * An operator of dimension n from a matvec over off-heap native-order doubles.
   *
   * @param threadSafe whether {@code matvec} may run on several threads at once
   * @throws IllegalArgumentException if n &lt; 1
   */
  public static LambdaOperator of(long n, LambdaOperator.SegmentMatvec matvec,
      boolean threadSafe) {
    return new LambdaOperator(n, matvec, threadSafe, "segment matvec");
  }

  /**
   * An operator of dimension n from a matvec over {@code double[]}: each call copies x into a
   * fresh array, passes a fresh zero y and copies y back (2n doubles of copying, negligible next
   * to a Hessian-vector product).
   *
   * @param threadSafe whether {@code matvec} may run on several threads at once
   * @throws IllegalArgumentException if n &lt; 1 or n &gt; the largest Java array length
   */
  public static LambdaOperator fromArrays(int n, LambdaOperator.ArrayMatvec matvec,
      boolean threadSafe) {
    Objects.requireNonNull(matvec, "matvec");
    OperatorMemory.checkDimension("n", n);
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("n = " + n + " exceeds the largest Java array length");
    }
    return new LambdaOperator(n, (x, y) -> {
      double[] xa = new double[n];
      double[] ya = new double[n];
      MemorySegment.copy(x, JAVA_DOUBLE, 0, xa, 0, n);
      matvec.apply(xa, ya);
      MemorySegment.copy(ya, 0, y, JAVA_DOUBLE, 0, n);
    }, threadSafe, "double[] matvec");
  }

  /**
   * a H + b I (see {@link ShiftedOperator}).
   *
   * @throws IllegalArgumentException if a or b is not finite
   */
  public static ShiftedOperator shifted(SymmetricOperator h, double a, double b) {
    return new ShiftedOperator(h, a, b);
  }

  /** Same as {@link DiagonalOperator#of(double...)} (the caller may close it). */
  public static DiagonalOperator diagonal(double... diagonal) {
    return DiagonalOperator.of(diagonal);
  }
}
