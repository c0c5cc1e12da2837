package org.slq4j.operators;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.memory.OperatorMemory;
import org.slq4j.internal.plan.RowRangeOperator;
import org.slq4j.internal.vectorization.MatvecKernels;

/**
 * The Dirichlet Laplacian on a 1-D, 2-D or 3-D grid of N, N x M or N x M x K points with unit
 * spacing, matrix-free: the 3-, 5- or 7-point stencil with 2d on the diagonal (d the number of
 * axes, whatever their sizes) and -1 for each grid neighbour, none across the edges (no wrap).
 * Point (i, j, k) is row i + N (j + M k): the first axis is contiguous. The dimension
 * n = N M K may exceed 2^31.
 *
 * <p>Its spectrum is known exactly: the eigenvalues are the sums, over the axes, of one
 * eigenvalue 4 sin^2(i pi / (2 (N + 1))), i = 1..N, of each axis' 1-D Laplacian. That makes it
 * a reference for validating spectral densities at any size: {@link #eigenvalueMin()},
 * {@link #eigenvalueMax()} and {@link #cdf(double)} give them without listing the n values.
 *
 * <p>A product streams x and y once. No memory is owned (nothing to close); immutable and
 * thread-safe.
 */
public final class LaplacianOperator implements SymmetricOperator, RowRangeOperator {

  /** Most grid points: n doubles must have a byte size that fits in a long. */
  public static final long MAX_POINTS = Long.MAX_VALUE / Double.BYTES;

  private final int[] shape;
  private final long nx;
  private final long ny;
  private final long nz;
  private final long n;
  private final double diagonal;
  private final LaplacianSpectrum spectrum;

  private LaplacianOperator(int[] shape, long n) {
    this.shape = shape;
    this.nx = shape[0];
    this.ny = shape.length > 1 ? shape[1] : 1;
    this.nz = shape.length > 2 ? shape[2] : 1;
    this.n = n;
    this.diagonal = 2.0 * shape.length;
    this.spectrum = LaplacianSpectrum.of(shape);
  }

  /**
   * The Laplacian on a grid of {@code shape[0]} x ... points, one to three axes, the first
   * contiguous.
   *
   * @throws IllegalArgumentException if there are no axes or more than 3, a size is below 1,
   *     or the grid has more than {@link #MAX_POINTS} points
   */
  public static LaplacianOperator of(int... shape) {
    Objects.requireNonNull(shape, "shape");
    String shown = shown(shape);
    if (shape.length < 1 || shape.length > 3) {
      throw new IllegalArgumentException("a Laplacian grid has 1 to 3 axes, got "
          + shape.length + (shape.length > 0 ? " (" + shown + ")" : ""));
    }
    long n = 1;
    for (int size : shape) {
      if (size < 1) {
        throw new IllegalArgumentException("Laplacian grid sizes must be >= 1, got " + size
            + " in " + shown);
      }
    }
    for (int size : shape) {
      n = n <= MAX_POINTS / size ? n * size : Long.MAX_VALUE;
    }
    if (n > MAX_POINTS) {
      throw new IllegalArgumentException("the Laplacian grid " + shown + " has more than "
          + MAX_POINTS + " points (2^60 - 1), the most a vector of doubles can hold");
    }
    return new LaplacianOperator(shape.clone(), n);
  }

  /**
   * The Laplacian on the grid written as {@code "N"}, {@code "NxM"} or {@code "NxMxK"}
   * (positive whole numbers, e.g. {@code "464x464x464"}), as {@link #of} takes it.
   *
   * @throws IllegalArgumentException if the text is not of that form, or as {@link #of}
   */
  public static LaplacianOperator parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    String[] parts = spec.split("x", -1);
    if (parts.length > 3) {
      throw new IllegalArgumentException("a Laplacian grid has 1 to 3 axes (N, NxM or NxMxK), "
          + "got " + parts.length + " in '" + spec + "'");
    }
    int[] shape = new int[parts.length];
    for (int a = 0; a < parts.length; a++) {
      if (!parts[a].matches("[0-9]+")) {
        throw new IllegalArgumentException("a Laplacian grid is N, NxM or NxMxK with whole "
            + "numbers N, M, K >= 1, got '" + spec + "'");
      }
      String digits = parts[a].replaceFirst("^0+(?=.)", "");
      if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("Laplacian grid size " + parts[a] + " in '" + spec
            + "' is too large (at most " + Integer.MAX_VALUE + " points per axis)");
      }
      shape[a] = Integer.parseInt(digits);
    }
    return of(shape);
  }

  /** The number of points along each axis, first (contiguous) axis first. */
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public long dimension() {
    return n;
  }

  /**
   * The nonzeros of the matrix (none is stored): n on the diagonal and two for each pair of
   * grid neighbours.
   */
  public long nonzeros() {
    long pairs = 0;
    for (int size : shape) {
      pairs += n / size * (size - 1);
    }
    return n + 2 * pairs;
  }

  @Override
  public void apply(MemorySegment x, MemorySegment y) {
    OperatorMemory.checkApply(n, x, y);
    MatvecKernels.laplacian(x, y, nx, ny, nz, diagonal, 1, 0, n);
  }

  /** Rows [from, to) of y = H x, each computed as {@link #apply} computes it. */
  @Override
  public void applyRows(MemorySegment x, MemorySegment y, long from, long to) {
    OperatorMemory.checkApply(n, x, y);
    Objects.checkFromToIndex(from, to, n);
    MatvecKernels.laplacian(x, y, nx, ny, nz, diagonal, 1, from, to);
  }

  /**
   * The stencil on the interleaved vectors directly: the neighbours of row i are rows of
   * {@code count} doubles away, and each entry gets the operations {@link #apply} gives it. A
   * stencil reads no matrix data, so blocks gain nothing and {@link #preferredBlockSize()} stays
   * 1; this only spares the default's de-interleaving.
   */
  @Override
  public void applyBlock(MemorySegment x, MemorySegment y, int count) {
    OperatorMemory.checkApplyBlock(n, x, y, count);
    MatvecKernels.laplacian(x, y, nx, ny, nz, diagonal, count, 0, n);
  }

  @Override
  public boolean isThreadSafe() {
    return true;
  }

  /**
   * The smallest eigenvalue, the sum of 4 sin^2(pi / (2 (N + 1))) over the axes, as computed
   * by {@link #cdf}: {@code cdf(eigenvalueMin())} is the first value above 0.
   */
  public double eigenvalueMin() {
    return spectrum.min();
  }

  /**
   * The largest eigenvalue, the sum of 4 sin^2(N pi / (2 (N + 1))) over the axes, as computed
   * by {@link #cdf}: {@code cdf(eigenvalueMax())} is 1.
   */
  public double eigenvalueMax() {
    return spectrum.max();
  }

  /**
   * The spectral distribution function #{eigenvalues &lt;= t} / n, with multiplicity. The count
   * is exact for the eigenvalues as computed in double precision (within a few ulps of the true
   * ones, so only a t that close to an eigenvalue may count it differently). The first call
   * builds sorted lists of axis eigenvalues and of the sums of two axes' (8 min(NM, NK, MK)
   * bytes at most for a 3-D grid of up to 2^22 points in its two largest axes); each call then
   * takes one binary search per eigenvalue of the remaining axis (464 searches for
   * 464 x 464 x 464).
   *
   * @throws IllegalArgumentException if t is NaN
   */
  public double cdf(double t) {
    if (Double.isNaN(t)) {
      throw new IllegalArgumentException("t is NaN");
    }
    if (t < spectrum.min()) {
      return 0.0;
    }
    if (t >= spectrum.max()) {
      return 1.0;
    }
    return spectrum.count(t) / (double) n;
  }

  /**
   * {@link #cdf(double)} at every point of a nondecreasing array, the same values, in one merge
   * per eigenvalue of the outer axis: O(K (NM + t.length)) for the same lists, which pays off
   * from a few thousand points (a fine mesh for a Wasserstein distance, say).
   *
   * @throws IllegalArgumentException if t holds NaN or decreases somewhere
   */
  public double[] cdf(double[] t) {
    Objects.requireNonNull(t, "t");
    for (int q = 0; q < t.length; q++) {
      if (Double.isNaN(t[q]) || q > 0 && t[q] < t[q - 1]) {
        throw new IllegalArgumentException("t must be nondecreasing and not NaN, got t[" + q
            + "] = " + t[q] + (q > 0 ? " after " + t[q - 1] : ""));
      }
    }
    long[] counts = spectrum.counts(t);
    double[] out = new double[t.length];
    for (int q = 0; q < t.length; q++) {
      out[q] = counts[q] / (double) n;
    }
    return out;
  }

  /** "laplacian NxMxK". */
  @Override
  public String toString() {
    return "laplacian " + shown(shape);
  }

  private static String shown(int[] shape) {
    StringBuilder b = new StringBuilder();
    for (int size : shape) {
      b.append(b.isEmpty() ? "" : "x").append(size);
    }
    return b.toString();
  }
}
