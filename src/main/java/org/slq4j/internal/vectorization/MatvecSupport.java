package org.slq4j.internal.vectorization;

import java.lang.foreign.MemorySegment;

/**
 * The matvec kernel family of the built-in operators (org.slq4j.operators). Arguments are
 * expected valid: the operators check them once per matvec and call these through
 * {@link MatvecKernels}. Results: diagonal, the CSR block kernels and the Laplacian stencil give
 * the same bits in every implementation; the dense kernel differs by rounding (its sums run over
 * vector lanes).
 */
public interface MatvecSupport {

  /** y[0..n) = d[0..n) * x[0..n). */
  void diagonal(MemorySegment d, MemorySegment x, MemorySegment y, long n);

  /**
   * y = A x for an exactly symmetric row-major n x n matrix A, reading only its upper triangle
   * (row i from column i on): each stored a_ij with j > i contributes a_ij x_j to y_i and
   * a_ij x_i to y_j in the same pass. Half the matrix bytes move, so a memory-bound matvec takes
   * half the time of a full row-by-row pass. Rows go in blocks of 4, so x[j] and y[j] (which
   * stay in cache) are touched once per block.
   */
  void denseSymmetric(MemorySegment a, long n, MemorySegment x, MemorySegment y);

  /** The heap row stride w that {@link #csrBlockChunk} expects for a group of g vectors. */
  int blockStride(int g);

  /**
   * One chunk of the blocked CSR block matvec: y[r * w + l] += v * x(c, l) for each entry
   * (r, c, v) among the first m and lane l &lt; g, where x(c, l) is the double at byte offset
   * {@code xBase + c * xStride + l * 8} of x: a product rounded and then added, as the
   * single-vector kernel. A chunk's entries are in column order. y rows have the stride
   * w = {@link #blockStride}(g); lanes [g, w) of y are padding and may receive anything.
   */
  void csrBlockChunk(char[] r, char[] c, double[] v, int m, MemorySegment x, long xBase,
      long xStride, double[] y, int w, int g);

  /**
   * The plain-CSR matvec y = A x: rp holds n + 1 long row pointers, col int columns, val the
   * values. Per row two accumulators, even entries into s0, odd into s1, then s0 + s1, products
   * rounded before they are added (no FMA), so that every block kernel can give the same bits.
   */
  void csrPlain(long n, MemorySegment rp, MemorySegment col, MemorySegment val, MemorySegment x,
      MemorySegment y);

  /**
   * Rows [from, to) of {@link #csrPlain}, each row with the same operations; rp holds at least
   * to + 1 row pointers.
   */
  void csrPlainRows(long from, long to, MemorySegment rp, MemorySegment col, MemorySegment val,
      MemorySegment x, MemorySegment y);

  /**
   * The plain-CSR block matvec of count interleaved vectors: for each row and each vector, the
   * two-accumulator sum of {@link #csrPlain}, lane by lane; x and y rows hold count doubles.
   */
  void csrPlainBlock(long n, MemorySegment rp, MemorySegment col, MemorySegment val,
      MemorySegment x, MemorySegment y, int count);

  /**
   * Rows [from, to) of the Dirichlet Laplacian y = H x on an nx x ny x nz grid, point
   * (i, j, k) at row i + nx (j + ny k) (the first axis contiguous), for count interleaved
   * vectors: entry l of row r is the double at index r * count + l of x and of y (count = 1 for
   * a single vector). Each entry is
   * {@code t = diagonal * x_r; t -= x_(r-1); t -= x_(r+1); t -= x_(r-nx); t -= x_(r+nx);
   * t -= x_(r-nx*ny); t -= x_(r+nx*ny)} in this order, a neighbour outside the grid left out
   * (which gives the bits subtracting 0.0 would): one product, then subtractions, never an FMA,
   * so every implementation and every row range gives the same bits.
   */
  void laplacian(MemorySegment x, MemorySegment y, long nx, long ny, long nz, double diagonal,
      int count, long from, long to);
}
