package org.slq4j.internal.vectorization;

import java.lang.foreign.MemorySegment;

/**
 * The kernel contract. Implementations (scalar, Panama) compute the same results up to rounding;
 * arguments have already been validated by {@link VectorKernels}. Offsets and lengths count
 * doubles, not bytes, and are longs so vectors may exceed 2^31 elements.
 */
interface KernelSupport {

  /** "scalar" or "panama". */
  String name();

  /** Doubles per SIMD register used by this implementation (1 for scalar). */
  int laneCount();

  double dot(MemorySegment x, long xOffset, MemorySegment y, long yOffset, long n);

  double nrm2(MemorySegment x, long xOffset, long n);

  void axpy(double a, MemorySegment x, long xOffset, MemorySegment y, long yOffset, long n);

  void scal(double a, MemorySegment x, long xOffset, long n);

  void copy(MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset, long n);

  void fill(double value, MemorySegment x, long xOffset, long n);

  /** w -= alpha*v + beta*u with alpha = w.v computed first; returns alpha. */
  double lanczosUpdate(
      MemorySegment w, long wOffset, MemorySegment v, long vOffset, MemorySegment u, long uOffset,
      double beta, long n);

  /**
   * Orthogonalizes w against the k basis vectors stored contiguously from {@code basisOffset}
   * (vector j starts at basisOffset + j*n). Writes the total coefficients into h[0..k) and
   * returns the number of passes made (1, or 2 when the DGKS test asked for a second).
   */
  int orthogonalize(
      MemorySegment basis, long basisOffset, int k, long n, MemorySegment w, long wOffset,
      double[] h);

  /**
   * The fused sweep of a Lanczos step with delayed reorthogonalization (see
   * {@link VectorKernels#lanczosSweep}): slots 0..k-1 hold the stored vectors z_i, slot k holds
   * y, replaced by w = sigma*y - a1*z_{k-1} - a2*z_{k-2} - sum_{i<k} known_i z_i;
   * p[0..k) = Z^T w. Returns ||w||^2 unscaled.
   */
  double lanczosSweep(
      MemorySegment basis, long basisOffset, int k, long n, double sigma, double a1, double a2,
      double[] known, double[] p);
}
