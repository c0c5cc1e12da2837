package org.slq4j;

import org.slq4j.internal.memory.BlockApply;
import java.lang.foreign.MemorySegment;

/**
 * A real symmetric linear operator H of dimension n, given by its action y = H x. This is all
 * Stochastic Lanczos Quadrature needs: the matrix is never formed, so users wrap their own
 * Hessian-vector products (see {@code org.slq4j.operators} for built-in matrices and adapters
 * for {@code double[]} callers).
 */
public interface SymmetricOperator {

  /** The dimension n (number of rows and of columns). */
  long dimension();

  /**
   * Computes y = H x. Both segments hold at least {@link #dimension()} native-order doubles from
   * offset 0; {@code x} must not be modified and does not overlap {@code y}. The estimator's
   * segments may be read and written from any thread during the call (an implementation may
   * split the work over threads of its own), but must not be kept after it returns.
   */
  void apply(MemorySegment x, MemorySegment y);

  /**
   * Computes Y = H X for {@code count} vectors at once. The vectors are stored interleaved, as
   * the rows of an n x count row-major matrix: entry i of vector k is the double at index
   * {@code i * count + k} of {@code x} (and of {@code y}). Both segments hold at least
   * {@code dimension() * count} native-order doubles from offset 0; {@code x} must not be
   * modified and does not overlap {@code y}.
   *
   * <p>Operators whose cost is dominated by reading their own data (a sparse or dense matrix)
   * read it once for all {@code count} vectors here, which is why the estimator runs several
   * Lanczos runs in lockstep when {@link #preferredBlockSize()} is above 1. Each column of Y
   * should be bit-for-bit the vector {@link #apply} gives for that column, so that results do
   * not depend on how runs are grouped; the built-in operators guarantee this.
   *
   * <p>The default de-interleaves each vector into temporary memory, applies {@link #apply}
   * and interleaves the result back: correct, but slower than {@code count} calls of apply.
   *
   * @throws IllegalArgumentException if {@code count < 1} or a segment is too small
   */
  default void applyBlock(MemorySegment x, MemorySegment y, int count) {
    BlockApply.byColumns(this, x, y, count);
  }

  /**
   * How many vectors this operator would like to receive per {@link #applyBlock} call: 1 (the
   * default) means it gains nothing from blocks and the estimator calls {@link #apply}.
   */
  default int preferredBlockSize() {
    return 1;
  }

  /**
   * Whether {@link #apply} may be called from several threads at once. When false (the
   * default) the estimator serializes calls while still running independent Lanczos runs in
   * parallel.
   */
  default boolean isThreadSafe() {
    return false;
  }
}
