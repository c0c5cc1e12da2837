package org.slq4j.operators;

import org.slq4j.internal.memory.OperatorMemory;
import org.slq4j.internal.memory.OwnedMemory;
import org.slq4j.internal.vectorization.MatvecKernels;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.Objects;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.plan.RowRangeOperator;

/**
 * A diagonal operator y_i = d_i x_i: the eigenvalues are the diagonal itself, which makes it the
 * reference case for validating spectral densities. The diagonal is copied off-heap into memory
 * this operator owns: {@link #close()} frees it at once (afterwards {@link #apply} throws
 * {@link IllegalStateException}); an operator that is never closed has its memory freed after it
 * becomes unreachable, so a small diagonal may be used without try-with-resources. Immutable
 * and thread-safe until closed.
 */
public final class DiagonalOperator implements SymmetricOperator, RowRangeOperator,
    AutoCloseable {

  private final long n;
  private final OwnedMemory memory;
  private final MemorySegment diagonal;

  private DiagonalOperator(long n, OwnedMemory memory, MemorySegment diagonal) {
    this.n = n;
    this.memory = memory;
    this.diagonal = diagonal;
  }

  /**
   * A diagonal operator with a copy of {@code diagonal}.
   *
   * @throws IllegalArgumentException if the array is empty or holds NaN or an infinity
   */
  public static DiagonalOperator of(double... diagonal) {
    Objects.requireNonNull(diagonal, "diagonal");
    return copyOf(MemorySegment.ofArray(diagonal));
  }

  /**
   * A diagonal operator with a copy of the native-order doubles of {@code diagonal}; the
   * dimension is {@code diagonal.byteSize() / 8}.
   *
   * @throws IllegalArgumentException if the segment holds no double, or NaN or an infinity
   */
  public static DiagonalOperator copyOf(MemorySegment diagonal) {
    Objects.requireNonNull(diagonal, "diagonal");
    long n = diagonal.byteSize() / Double.BYTES;
    OperatorMemory.checkDimension("diagonal length", n);
    // Checked before anything is allocated, so a bad diagonal leaves no memory behind.
    for (long i = 0; i < n; i++) {
      double v = diagonal.getAtIndex(JAVA_DOUBLE.withByteAlignment(1), i);
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("diagonal[" + i + "] is not finite: " + v);
      }
    }
    OwnedMemory memory = new OwnedMemory();
    try {
      MemorySegment copy = memory.allocateDoubles(n);
      MemorySegment.copy(diagonal, JAVA_DOUBLE.withByteAlignment(1), 0, copy, JAVA_DOUBLE, 0, n);
      return new DiagonalOperator(n, memory, copy.asReadOnly());
    } catch (RuntimeException | Error e) {
      memory.close();
      throw e;
    }
  }

  @Override
  public long dimension() {
    return n;
  }

  /** The diagonal entry d_i. */
  public double get(long i) {
    Objects.checkIndex(i, n);
    memory.ensureOpen(this);
    double d = diagonal.getAtIndex(JAVA_DOUBLE, i);
    Reference.reachabilityFence(this);
    return d;
  }

  @Override
  public void apply(MemorySegment x, MemorySegment y) {
    memory.ensureOpen(this);
    OperatorMemory.checkApply(n, x, y);
    MatvecKernels.diagonal(diagonal, x, y, n);
    Reference.reachabilityFence(this); // no cleaner may free the memory mid-kernel
  }

  /** y_i = d_i x_i for i in [from, to): the element products of {@link #apply}. */
  @Override
  public void applyRows(MemorySegment x, MemorySegment y, long from, long to) {
    memory.ensureOpen(this);
    OperatorMemory.checkApplyRows(n, x, y, from, to);
    long b = from * Double.BYTES;
    long len = (to - from) * Double.BYTES;
    MatvecKernels.diagonal(diagonal.asSlice(b, len), x.asSlice(b, len), y.asSlice(b, len),
        to - from);
    Reference.reachabilityFence(this);
  }

  /**
   * y[i * count + k] = d_i x[i * count + k]: one product per element, as {@link #apply}. A
   * diagonal gains nothing from blocks ({@link #preferredBlockSize()} stays 1); this only spares
   * the default's de-interleaving.
   */
  @Override
  public void applyBlock(MemorySegment x, MemorySegment y, int count) {
    memory.ensureOpen(this);
    OperatorMemory.checkApplyBlock(n, x, y, count);
    long e = 0;
    for (long i = 0; i < n; i++) {
      double d = diagonal.getAtIndex(JAVA_DOUBLE, i);
      for (int k = 0; k < count; k++, e++) {
        y.setAtIndex(JAVA_DOUBLE, e, d * x.getAtIndex(JAVA_DOUBLE, e));
      }
    }
    Reference.reachabilityFence(this);
  }

  @Override
  public boolean isThreadSafe() {
    return true;
  }

  /** Frees the off-heap diagonal. Idempotent. */
  @Override
  public void close() {
    memory.close();
  }

  @Override
  public String toString() {
    return "DiagonalOperator[n=" + n + "]";
  }
}
