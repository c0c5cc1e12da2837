package org.slq4j.internal.vectorization;

import java.lang.foreign.MemorySegment;

/**
 * The level-1 and Lanczos-sweep kernel family. Implementations (scalar, Panama) compute the
 * same results up to rounding and expect validated arguments: {@link VectorKernels} checks them
 * before calling the active implementation; tests and benchmarks that call an implementation
 * directly (see {@link VectorizationProvider#scalar()}, {@link VectorizationProvider#panama()})
 * pass valid ones. Offsets and lengths count doubles, not bytes, and are longs so vectors may
 * exceed 2^31 elements.
 */
public interface KernelSupport {

  /** See {@link VectorKernels#dot}. */
  double dot(MemorySegment x, long xOffset, MemorySegment y, long yOffset, long n);

  /** See {@link VectorKernels#nrm2}. */
  double nrm2(MemorySegment x, long xOffset, long n);

  /** See {@link VectorKernels#axpy}. */
  void axpy(double a, MemorySegment x, long xOffset, MemorySegment y, long yOffset, long n);

  /** See {@link VectorKernels#scal}. */
  void scal(double a, MemorySegment x, long xOffset, long n);

  /** See {@link VectorKernels#copy}. */
  void copy(MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset, long n);

  /** See {@link VectorKernels#fill}. */
  void fill(double value, MemorySegment x, long xOffset, long n);

  /** w -= alpha*v + beta*u with alpha = w.v computed first; returns alpha. */
  double lanczosUpdate(
      MemorySegment w, long wOffset, MemorySegment v, long vOffset, MemorySegment u, long uOffset,
      double beta, long n);

  /**
   * The fused sweep of a Lanczos step with delayed reorthogonalization (see
   * {@link VectorKernels#lanczosSweep}): slots 0..k-1 hold the stored vectors z_i, slot k holds
   * y, replaced by w = sigma*y - a1*z_{k-1} - a2*z_{k-2} - sum_{i<k} known_i z_i;
   * p[0..k) = Z^T w. Returns ||w||^2 unscaled.
   */
  default double lanczosSweep(
      MemorySegment basis, long basisOffset, int k, long n, double sigma, double a1, double a2,
      double[] known, double[] p) {
    return lanczosSweepRows(basis, basisOffset, n, k, n, sigma, a1, a2, known, p);
  }

  /**
   * {@link #lanczosSweep} on rows [0, rows) of vectors {@code stride} doubles apart (vector i
   * from basisOffset + i * stride): one row chunk of a basis of vectors of length stride. The
   * same operations per row as the whole sweep; p and the sum of squares cover these rows only.
   */
  double lanczosSweepRows(
      MemorySegment basis, long basisOffset, long stride, int k, long rows, double sigma,
      double a1, double a2, double[] known, double[] p);

  /**
   * The three-term step of a Lanczos run without reorthogonalization, in one pass:
   * w = sigma*w - c1*z - c2*u element by element (w = fma(-c2, u, fma(-c1, z, sigma*w)), the
   * same bits in every implementation; no u term when u is null), returning ||w||^2 of the new
   * w unscaled (the caller checks its range).
   */
  double lanczosThreeTerm(
      MemorySegment w, long wOffset, MemorySegment z, long zOffset, MemorySegment u, long uOffset,
      double sigma, double c1, double c2, long n);
}
