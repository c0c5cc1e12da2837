package org.slq4j.internal.vectorization;

import java.lang.foreign.MemorySegment;

/**
 * The matvec kernels of the built-in operators, run by the {@link MatvecSupport} of
 * {@link VectorizationProvider#getInstance()}. The operators check their arguments once per
 * matvec; these calls do not repeat the checks (the CSR chunk kernel runs once per 2048 stored
 * entries). See {@link MatvecSupport} for each kernel's contract.
 */
public final class MatvecKernels {

  private static final MatvecSupport IMPL = VectorizationProvider.getInstance().matvecSupport();

  private MatvecKernels() {}

  /** y[0..n) = d[0..n) * x[0..n). */
  public static void diagonal(MemorySegment d, MemorySegment x, MemorySegment y, long n) {
    IMPL.diagonal(d, x, y, n);
  }

  /** y = A x from the upper triangle of a symmetric row-major n x n matrix. */
  public static void denseSymmetric(MemorySegment a, long n, MemorySegment x, MemorySegment y) {
    IMPL.denseSymmetric(a, n, x, y);
  }

  /** The heap row stride of a group of g vectors for {@link #csrBlockChunk}. */
  public static int blockStride(int g) {
    return IMPL.blockStride(g);
  }

  /** One chunk of entries of the blocked CSR block matvec. */
  public static void csrBlockChunk(char[] r, char[] c, double[] v, int m, MemorySegment x,
      long xBase, long xStride, double[] y, int w, int g) {
    IMPL.csrBlockChunk(r, c, v, m, x, xBase, xStride, y, w, g);
  }

  /** The plain-CSR matvec y = A x. */
  public static void csrPlain(long n, MemorySegment rp, MemorySegment col, MemorySegment val,
      MemorySegment x, MemorySegment y) {
    IMPL.csrPlain(n, rp, col, val, x, y);
  }

  /** Rows [from, to) of the plain-CSR matvec. */
  public static void csrPlainRows(long from, long to, MemorySegment rp, MemorySegment col,
      MemorySegment val, MemorySegment x, MemorySegment y) {
    IMPL.csrPlainRows(from, to, rp, col, val, x, y);
  }

  /** The plain-CSR block matvec of count interleaved vectors. */
  public static void csrPlainBlock(long n, MemorySegment rp, MemorySegment col,
      MemorySegment val, MemorySegment x, MemorySegment y, int count) {
    IMPL.csrPlainBlock(n, rp, col, val, x, y, count);
  }

  /** Rows [from, to) of the Dirichlet Laplacian stencil on an nx x ny x nz grid. */
  public static void laplacian(MemorySegment x, MemorySegment y, long nx, long ny, long nz,
      double diagonal, int count, long from, long to) {
    IMPL.laplacian(x, y, nx, ny, nz, diagonal, count, from, to);
  }
}
