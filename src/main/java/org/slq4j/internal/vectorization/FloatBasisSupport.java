package org.slq4j.internal.vectorization;

import java.lang.foreign.MemorySegment;

/**
 * The kernels of a Lanczos run whose stored basis is kept in floats
 * ({@link org.slq4j.BasisPrecision#FLOAT32}): every stored entry is widened to double where it
 * is loaded, and every product and sum is done in double; only a new vector entering the basis
 * is rounded to float. Implementations (scalar, Panama) expect validated arguments:
 * {@link FloatBasisKernels} checks them. Offsets and lengths count entries (floats in a float
 * segment, doubles in a double segment); every kernel works on a row range of its vectors, so a
 * run may cut its vectors into row chunks and call it once per chunk.
 */
public interface FloatBasisSupport {

  /** See {@link FloatBasisKernels#dot}. */
  double dot(MemorySegment z, long zOffset, MemorySegment x, long xOffset, long n);

  /** See {@link FloatBasisKernels#axpy}. */
  void axpy(double a, MemorySegment z, long zOffset, MemorySegment y, long yOffset, long n);

  /** See {@link FloatBasisKernels#narrow}. */
  double narrow(double scale, MemorySegment x, long xOffset, MemorySegment z, long zOffset,
      long n);

  /** See {@link FloatBasisKernels#lanczosSweepRows}. */
  double lanczosSweepRows(
      MemorySegment basis, long basisOffset, long stride, int k, long rows, MemorySegment y,
      long yOffset, MemorySegment x, long xOffset, double sigma, double a1, double a2,
      double[] known, double scale, double[] p);
}
