package org.slq4j.operators;

import org.slq4j.internal.memory.OperatorMemory;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * a H + b I for a symmetric H: eigenvalues a*lambda + b with the same eigenvectors. Useful to map
 * a spectrum into a chosen interval or to shift a positive spectrum away from zero. Immutable;
 * thread-safe exactly when H is. Does not own H (closing H is the caller's business).
 */
public final class ShiftedOperator implements SymmetricOperator {

  private final SymmetricOperator h;
  private final double a;
  private final double b;

  ShiftedOperator(SymmetricOperator h, double a, double b) {
    this.h = Objects.requireNonNull(h, "h");
    if (!Double.isFinite(a)) {
      throw new IllegalArgumentException("scale a must be finite, got " + a);
    }
    if (!Double.isFinite(b)) {
      throw new IllegalArgumentException("shift b must be finite, got " + b);
    }
    this.a = a;
    this.b = b;
  }

  /** The wrapped operator H. */
  public SymmetricOperator base() {
    return h;
  }

  /** The scale a. */
  public double scale() {
    return a;
  }

  /** The shift b. */
  public double shift() {
    return b;
  }

  @Override
  public long dimension() {
    return h.dimension();
  }

  @Override
  public void apply(MemorySegment x, MemorySegment y) {
    long n = h.dimension();
    OperatorMemory.checkApply(n, x, y);
    h.apply(x, y);
    if (a != 1.0) {
      VectorKernels.scal(a, y, 0, n);
    }
    if (b != 0.0) {
      VectorKernels.axpy(b, x, 0, y, 0, n);
    }
  }

  /**
   * H's block product, then a*Y + b*X element by element with the kernels of {@link #apply}
   * (a product, then an FMA), so each column is bit-for-bit apply of that column whenever H's
   * applyBlock is (as for the built-in operators).
   */
  @Override
  public void applyBlock(MemorySegment x, MemorySegment y, int count) {
    long n = h.dimension();
    OperatorMemory.checkApplyBlock(n, x, y, count);
    long len = n * count;
    h.applyBlock(x, y, count);
    if (a != 1.0) {
      VectorKernels.scal(a, y, 0, len);
    }
    if (b != 0.0) {
      VectorKernels.axpy(b, x, 0, y, 0, len);
    }
  }

  /** H's: the shift costs the same per vector either way. */
  @Override
  public int preferredBlockSize() {
    return h.preferredBlockSize();
  }

  @Override
  public boolean isThreadSafe() {
    return h.isThreadSafe();
  }

  @Override
  public String toString() {
    return "ShiftedOperator[" + a + " * " + h + " + " + b + " * I]";
  }
}
