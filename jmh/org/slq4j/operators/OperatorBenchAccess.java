package org.slq4j.operators;

import java.lang.foreign.MemorySegment;

/**
 * Benchmark-only access to the package-private matvec kernels, so the SIMD dense kernel can be
 * timed even while the kernels package still runs its scalar implementation (which makes the
 * operators choose their scalar path too).
 */
public final class OperatorBenchAccess {

  private OperatorBenchAccess() {}

  /** The Vector API upper-triangle dense kernel. */
  public static void denseSimd(MemorySegment a, long n, MemorySegment x, MemorySegment y) {
    PanamaOperatorKernels.denseSymmetric(a, n, x, y);
  }

  /** The scalar upper-triangle dense kernel. */
  public static void denseScalar(MemorySegment a, long n, MemorySegment x, MemorySegment y) {
    OperatorKernels.denseSymmetricScalar(a, n, x, y);
  }
}
