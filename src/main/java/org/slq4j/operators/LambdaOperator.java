package org.slq4j.operators;

import org.slq4j.internal.memory.OperatorMemory;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.slq4j.SymmetricOperator;

/**
 * A matrix-free operator backed by user code, e.g. a Hessian-vector product. Created by
 * {@link Operators#of} (off-heap callers) or {@link Operators#fromArrays} ({@code double[]}
 * callers). Symmetry is the caller's promise: the estimator can probe it once up front.
 */
public final class LambdaOperator implements SymmetricOperator {

  /** y = H x over off-heap vectors of native-order doubles. */
  @FunctionalInterface
  public interface SegmentMatvec {
    /** Writes H x into y (both of the operator's dimension); must not modify x. */
    void apply(MemorySegment x, MemorySegment y);
  }

  /** y = H x over heap arrays. */
  @FunctionalInterface
  public interface ArrayMatvec {
    /** Writes H x into y (a fresh zero array of length n); must not modify x. */
    void apply(double[] x, double[] y);
  }

  private final long n;
  private final SegmentMatvec matvec;
  private final boolean threadSafe;
  private final String description;

  LambdaOperator(long n, SegmentMatvec matvec, boolean threadSafe, String description) {
    OperatorMemory.checkDimension("n", n);
    this.n = n;
    this.matvec = Objects.requireNonNull(matvec, "matvec");
    this.threadSafe = threadSafe;
    this.description = description;
  }

  @Override
  public long dimension() {
    return n;
  }

  @Override
  public void apply(MemorySegment x, MemorySegment y) {
    OperatorMemory.checkApply(n, x, y);
    matvec.apply(x, y);
  }

  /** As declared at construction: the estimator serializes calls to it when false. */
  @Override
  public boolean isThreadSafe() {
    return threadSafe;
  }

  @Override
  public String toString() {
    return "LambdaOperator[n=" + n + ", " + description + ", threadSafe=" + threadSafe + "]";
  }
}
