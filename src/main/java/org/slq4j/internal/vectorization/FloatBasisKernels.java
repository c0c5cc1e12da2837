package org.slq4j.internal.vectorization;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Kernels of a Lanczos run that stores its basis in floats: stored vectors are native-order
 * floats, the run's working vectors (the operator's input and output, the vector being
 * orthogonalized) native-order doubles, and all arithmetic is double. Every method validates
 * its arguments, then calls the {@link FloatBasisSupport} of
 * {@link VectorizationProvider#getInstance()}.
 *
 * <p>Offsets and lengths count entries: floats in a float segment ({@code z}, {@code basis}),
 * doubles in a double segment ({@code x}, {@code y}). Bad arguments throw
 * {@link IllegalArgumentException} naming the argument.
 */
public final class FloatBasisKernels {

  private static final FloatBasisSupport IMPL =
      VectorizationProvider.getInstance().floatBasisSupport();

  private FloatBasisKernels() {}

  /** Returns z[zOffset..+n) . x[xOffset..+n), z widened, in double. */
  public static double dot(MemorySegment z, long zOffset, MemorySegment x, long xOffset, long n) {
    checkLength(n);
    checkFloats("z", z, zOffset, n);
    VectorKernels.checkRange("x", x, xOffset, n);
    return IMPL.dot(z, zOffset, x, xOffset, n);
  }

  /** y[yOffset..+n) += a * z[zOffset..+n), each element one FMA in double. */
  public static void axpy(double a, MemorySegment z, long zOffset, MemorySegment y, long yOffset,
      long n) {
    checkLength(n);
    checkFloats("z", z, zOffset, n);
    VectorKernels.checkWritable("y", y, yOffset, n);
    IMPL.axpy(a, z, zOffset, y, yOffset, n);
  }

  /**
   * Stores x * scale rounded to float (to nearest) in z and the rounded values widened back in
   * x, so that x is exactly the stored vector; returns the sum of squares of the new x
   * (unscaled: the caller checks its range).
   */
  public static double narrow(double scale, MemorySegment x, long xOffset, MemorySegment z,
      long zOffset, long n) {
    checkLength(n);
    VectorKernels.checkWritable("x", x, xOffset, n);
    checkFloats("z", z, zOffset, n);
    checkWritableFloats("z", z);
    return IMPL.narrow(scale, x, xOffset, z, zOffset, n);
  }

  /** {@link #lanczosSweepRows} over whole vectors: rows = stride = n. */
  public static double lanczosSweep(
      MemorySegment basis, long basisOffset, int k, long n, MemorySegment y, long yOffset,
      MemorySegment x, long xOffset, double sigma, double a1, double a2, double[] known,
      double scale, double[] p) {
    return lanczosSweepRows(basis, basisOffset, n, k, n, y, yOffset, x, xOffset, sigma, a1, a2,
        known, scale, p);
  }

  /**
   * The one sweep over a float basis that a Lanczos step with delayed reorthogonalization
   * makes: {@link VectorKernels#lanczosSweep} with the stored vectors in floats and y, the
   * operator's output, in a separate double vector. On rows [0, rows) of vectors
   * {@code stride} floats apart (z_i from basisOffset + i * stride, i &lt; k; the whole sweep
   * when rows = stride = n), in one pass:
   * <pre>
   *   w   = sigma * y - a1 * z_{k-1} - a2 * z_{k-2}     (no z_{k-2} term when k = 1)
   *   w  -= sum_{i &lt; k} known_i z_i
   *   p_i = z_i . w   for i &lt; k
   *   z_k = float(scale * w),  x = double(z_k)
   * </pre>
   * in double, each z_i widened exactly. The new vector is stored in slot k (from basisOffset
   * + k * stride) rounded to float, and x receives exactly what was stored, the operator's
   * next input; p[0..k) and the returned sum of squares belong to the unrounded, unscaled w.
   * y is only read, so a sweep can be repeated with another scale (a power of two keeps the
   * stored vector in the float range without rounding it twice). x may be y (the same offset)
   * and must not otherwise overlap it or the basis. Each p_i may be taken before the known
   * parts of later stored vectors are removed, as in {@link VectorKernels#lanczosSweep}. w,
   * the stored floats and x are the same bits in the scalar and SIMD implementations; p and the
   * norm differ by rounding.
   *
   * @throws IllegalArgumentException if k &lt; 1, rows &lt; 0, stride &lt; rows, a segment is too
   *     small or read-only, or known or p (length &gt;= k) is too short
   */
  public static double lanczosSweepRows(
      MemorySegment basis, long basisOffset, long stride, int k, long rows, MemorySegment y,
      long yOffset, MemorySegment x, long xOffset, double sigma, double a1, double a2,
      double[] known, double scale, double[] p) {
    checkLength(rows);
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    if (stride < rows) {
      throw new IllegalArgumentException("stride " + stride + " < rows " + rows);
    }
    long length;
    try {
      length = Math.addExact(Math.multiplyExact((long) k, stride), rows);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("k * stride + rows = " + k + " * " + stride + " + "
          + rows + " overflows a long");
    }
    Objects.requireNonNull(known, "known");
    Objects.requireNonNull(p, "p");
    if (known.length < k) {
      throw new IllegalArgumentException("known has length " + known.length + " < k = " + k);
    }
    if (p.length < k) {
      throw new IllegalArgumentException("p has length " + p.length + " < k = " + k);
    }
    checkFloats("basis", basis, basisOffset, length);
    checkWritableFloats("basis", basis);
    VectorKernels.checkRange("y", y, yOffset, rows);
    VectorKernels.checkWritable("x", x, xOffset, rows);
    return IMPL.lanczosSweepRows(basis, basisOffset, stride, k, rows, y, yOffset, x, xOffset,
        sigma, a1, a2, known, scale, p);
  }

  private static void checkLength(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
  }

  private static void checkFloats(String name, MemorySegment s, long offset, long n) {
    Objects.requireNonNull(s, name);
    if (offset < 0) {
      throw new IllegalArgumentException(name + " offset must be >= 0, got " + offset);
    }
    long capacity = s.byteSize() / Float.BYTES;
    if (offset > capacity || n > capacity - offset) {
      throw new IllegalArgumentException(name + " holds " + capacity + " floats; offset "
          + offset + " + length " + n + " does not fit");
    }
  }

  private static void checkWritableFloats(String name, MemorySegment s) {
    if (s.isReadOnly()) {
      throw new IllegalArgumentException(name + " is read-only");
    }
  }
}
