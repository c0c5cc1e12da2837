package org.slq4j.internal.vectorization;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.slq4j.internal.memory.OffHeap;

/**
 * Dense double-precision kernels over off-heap {@link MemorySegment}s of native-order doubles:
 * the operations the Lanczos iteration spends its time in. Every method validates its
 * arguments, then calls the {@link KernelSupport} of {@link VectorizationProvider#getInstance()}
 * (SIMD through the Vector API when {@code jdk.incubator.vector} is readable, scalar otherwise).
 *
 * <p>Offsets and lengths count doubles (not bytes) and are longs, so vectors may exceed 2^31
 * elements. Bad arguments throw {@link IllegalArgumentException} naming the argument; NaN and
 * infinities propagate as IEEE 754 arithmetic says.
 */
public final class VectorKernels {

  private static final VectorizationProvider PROVIDER = VectorizationProvider.getInstance();
  private static final KernelSupport IMPL = PROVIDER.kernelSupport();

  private VectorKernels() {}

  /** "panama" when the SIMD kernels are active, otherwise "scalar". */
  public static String implementationName() {
    return PROVIDER.name();
  }

  /** Doubles per SIMD vector of the active implementation (1 for scalar). */
  public static int laneCount() {
    return PROVIDER.laneCount();
  }

  /** A one-line description such as "panama, 8 doubles per vector (512-bit)". */
  public static String describe() {
    return PROVIDER.describe();
  }

  /**
   * Runs the active production kernels on inputs whose results are known exactly (an integer dot
   * product, the norm of entries near 1e200 that would overflow if squared, a Lanczos sweep
   * against two unit vectors, one Gaussian at its peak) and returns "ok", or a description of
   * the first disagreement.
   */
  public static String selfCheck() {
    int n = 1001;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment x = OffHeap.allocateDoubles(arena, n);
      MemorySegment y = OffHeap.allocateDoubles(arena, n);
      for (int i = 0; i < n; i++) {
        x.setAtIndex(JAVA_DOUBLE, i, i + 1);
        y.setAtIndex(JAVA_DOUBLE, i, n - i);
      }
      // sum_{i=1}^{n} i (n + 1 - i) = n (n + 1) (n + 2) / 6, exact in double for this n.
      double expectedDot = (double) n * (n + 1) * (n + 2) / 6;
      double dot = dot(x, 0, y, 0, n);
      if (dot != expectedDot) {
        return "dot gave " + dot + ", expected " + expectedDot;
      }
      fill(3e200, x, 0, n);
      double norm = nrm2(x, 0, n);
      double expectedNorm = 3e200 * Math.sqrt(n);
      if (!(Math.abs(norm - expectedNorm) <= 1e-14 * expectedNorm)) {
        return "nrm2 gave " + norm + ", expected " + expectedNorm;
      }
      // Stored vectors e_0, e_1, then y = (2, 3, 5, 5, ...): sigma = 1, a1 = a2 = 0 and the
      // known parts (2, 3) leave w = (0, 0, 5, 5, ...), orthogonal to both.
      MemorySegment basis = OffHeap.allocateDoubles(arena, 3L * n);
      basis.setAtIndex(JAVA_DOUBLE, 0, 1.0);
      basis.setAtIndex(JAVA_DOUBLE, n + 1, 1.0);
      fill(5.0, basis, 2L * n, n);
      basis.setAtIndex(JAVA_DOUBLE, 2L * n, 2.0);
      basis.setAtIndex(JAVA_DOUBLE, 2L * n + 1, 3.0);
      double[] p = new double[2];
      double wsq = lanczosSweep(basis, 0, 2, n, 1.0, 0.0, 0.0, new double[] {2.0, 3.0}, p);
      double expectedWsq = 25.0 * (n - 2);
      if (p[0] != 0.0 || p[1] != 0.0 || wsq != expectedWsq
          || basis.getAtIndex(JAVA_DOUBLE, 2L * n) != 0.0
          || basis.getAtIndex(JAVA_DOUBLE, 2L * n + 1) != 0.0
          || basis.getAtIndex(JAVA_DOUBLE, 3L * n - 1) != 5.0) {
        return "lanczosSweep gave p = [" + p[0] + ", " + p[1] + "], ||w||^2 = " + wsq
            + ", expected [0.0, 0.0], " + expectedWsq;
      }
      // One node of weight 1 on a grid point, sigma 1: the peak 1/sqrt(2 pi) there.
      double[] density = new double[65];
      GaussianSums.accumulate(-32, 1, density.length, new double[] {0}, new double[] {1}, 1, 1,
          1, density);
      double peak = 0.3989422804014327;
      if (!(Math.abs(density[32] - peak) <= 3e-13 * peak)) {
        return "Gaussian sums gave " + density[32] + " at the node, expected " + peak;
      }
      return "ok";
    }
  }

  /** Returns x[xOffset .. xOffset+n) . y[yOffset .. yOffset+n). */
  public static double dot(MemorySegment x, long xOffset, MemorySegment y, long yOffset, long n) {
    checkLength(n);
    checkRange("x", x, xOffset, n);
    checkRange("y", y, yOffset, n);
    return IMPL.dot(x, xOffset, y, yOffset, n);
  }

  /** Euclidean norm without overflow or underflow in intermediate squares (like BLAS dnrm2). */
  public static double nrm2(MemorySegment x, long xOffset, long n) {
    checkLength(n);
    checkRange("x", x, xOffset, n);
    return IMPL.nrm2(x, xOffset, n);
  }

  /** y += a*x. x and y may be the same range; they must not overlap otherwise. */
  public static void axpy(
      double a, MemorySegment x, long xOffset, MemorySegment y, long yOffset, long n) {
    checkLength(n);
    checkRange("x", x, xOffset, n);
    checkWritable("y", y, yOffset, n);
    IMPL.axpy(a, x, xOffset, y, yOffset, n);
  }

  /** x *= a. */
  public static void scal(double a, MemorySegment x, long xOffset, long n) {
    checkLength(n);
    checkWritable("x", x, xOffset, n);
    IMPL.scal(a, x, xOffset, n);
  }

  /** dst[dstOffset..+n) = src[srcOffset..+n). */
  public static void copy(
      MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset, long n) {
    checkLength(n);
    checkRange("src", src, srcOffset, n);
    checkWritable("dst", dst, dstOffset, n);
    IMPL.copy(src, srcOffset, dst, dstOffset, n);
  }

  /** x[xOffset..+n) = value. */
  public static void fill(double value, MemorySegment x, long xOffset, long n) {
    checkLength(n);
    checkWritable("x", x, xOffset, n);
    IMPL.fill(value, x, xOffset, n);
  }

  /**
   * The three-term Lanczos update: alpha = w.v, then w -= alpha*v + beta*u. Returns alpha.
   */
  public static double lanczosUpdate(
      MemorySegment w, long wOffset, MemorySegment v, long vOffset, MemorySegment u, long uOffset,
      double beta, long n) {
    checkLength(n);
    checkWritable("w", w, wOffset, n);
    checkRange("v", v, vOffset, n);
    checkRange("u", u, uOffset, n);
    return IMPL.lanczosUpdate(w, wOffset, v, vOffset, u, uOffset, beta, n);
  }

  /**
   * The one sweep over the stored vectors that a Lanczos step with delayed reorthogonalization
   * makes. {@code basis} holds k + 1 vectors of length n from {@code basisOffset} (vector i
   * occupies doubles [basisOffset + i*n, basisOffset + (i+1)*n)): z_0 .. z_{k-1}, the stored
   * Krylov vectors, and in slot k y = H z_{k-1}. Row by row, in one pass:
   * <pre>
   *   w   = sigma * y - a1 * z_{k-1} - a2 * z_{k-2}     (no z_{k-2} term when k = 1)
   *   w  -= sum_{i &lt; k} known_i z_i
   *   p_i = z_i . w   for i &lt; k
   * </pre>
   * w replaces y in slot k, p[0..k) receives the projections and the return value is ||w||^2
   * (a plain sum of squares: the caller checks its range). The a1, a2 terms carry the large
   * three-term coefficients; {@code known} holds small ones (the rounding-level corrections the
   * caller can predict), so that p stays small. Each p_i may be taken before the known parts of
   * later stored vectors are removed (the SIMD sweep projects on each group of 4 stored vectors,
   * the last k mod 4 singly, right after removing that group's parts, in every row): p_i then
   * differs from z_i . w by sum over later l of known_l * (z_i . z_l), of second order for small
   * known parts and nearly orthogonal z. The new w is the same bits in the scalar and SIMD implementations (the
   * same FMAs per element, in storage order); p and the norm differ by rounding.
   *
   * @throws IllegalArgumentException if k < 1, n < 0, the basis is too small or read-only, or
   *     known or p (length >= k) is too short
   */
  public static double lanczosSweep(
      MemorySegment basis, long basisOffset, int k, long n, double sigma, double a1, double a2,
      double[] known, double[] p) {
    return lanczosSweepRows(basis, basisOffset, n, k, n, sigma, a1, a2, known, p);
  }

  /**
   * {@link #lanczosSweep} on rows [0, rows) of k + 1 vectors that lie {@code stride} doubles
   * apart (vector i from basisOffset + i * stride), for one row chunk of a basis of vectors of
   * length {@code stride >= rows}: the same operations per row, with p and the returned sum of
   * squares over these rows only.
   *
   * @throws IllegalArgumentException as lanczosSweep, or if stride < rows
   */
  public static double lanczosSweepRows(
      MemorySegment basis, long basisOffset, long stride, int k, long rows, double sigma,
      double a1, double a2, double[] known, double[] p) {
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
    checkWritable("basis", basis, basisOffset, length);
    return IMPL.lanczosSweepRows(basis, basisOffset, stride, k, rows, sigma, a1, a2, known, p);
  }

  /**
   * The three-term step of a Lanczos run without reorthogonalization, in one pass over the
   * rows: w = sigma*w - c1*z - c2*u, each element as fma(-c2, u, fma(-c1, z, sigma*w)) (the
   * same bits in the scalar and SIMD implementations; no u term when u is null), and returns
   * ||w||^2 of the new w as a plain sum of squares (the caller checks its range).
   */
  public static double lanczosThreeTerm(
      MemorySegment w, long wOffset, MemorySegment z, long zOffset, MemorySegment u, long uOffset,
      double sigma, double c1, double c2, long n) {
    checkLength(n);
    checkWritable("w", w, wOffset, n);
    checkRange("z", z, zOffset, n);
    if (u != null) {
      checkRange("u", u, uOffset, n);
    }
    return IMPL.lanczosThreeTerm(w, wOffset, z, zOffset, u, uOffset, sigma, c1, c2, n);
  }

  private static void checkLength(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
  }

  static void checkRange(String name, MemorySegment s, long offset, long n) {
    Objects.requireNonNull(s, name);
    if (offset < 0) {
      throw new IllegalArgumentException(name + " offset must be >= 0, got " + offset);
    }
    long capacity = s.byteSize() / Double.BYTES;
    if (offset > capacity || n > capacity - offset) {
      throw new IllegalArgumentException(name + " holds " + capacity + " doubles; offset "
          + offset + " + length " + n + " does not fit");
    }
  }

  static void checkWritable(String name, MemorySegment s, long offset, long n) {
    checkRange(name, s, offset, n);
    if (s.isReadOnly()) {
      throw new IllegalArgumentException(name + " is read-only");
    }
  }
}
