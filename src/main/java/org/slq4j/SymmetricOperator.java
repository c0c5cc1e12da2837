package org.slq4j;

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
   * offset 0; {@code x} must not be modified and does not overlap {@code y}.
   */
  void apply(MemorySegment x, MemorySegment y);

  /**
   * Whether {@link #apply} may be called from several threads at once. When false (the
   * default) the estimator serializes calls while still running independent Lanczos runs in
   * parallel.
   */
  default boolean isThreadSafe() {
    return false;
  }
}
