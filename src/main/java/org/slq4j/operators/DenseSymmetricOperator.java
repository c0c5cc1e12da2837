package org.slq4j.operators;

import org.slq4j.internal.memory.OperatorMemory;
import org.slq4j.internal.memory.OwnedMemory;
import org.slq4j.internal.vectorization.MatvecKernels;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.util.Objects;
import org.slq4j.SymmetricOperator;

/**
 * A dense symmetric n x n matrix stored off-heap, row-major, in memory this operator owns.
 * {@link #close()} frees the memory at once; afterwards {@link #apply} throws
 * {@link IllegalStateException}. Use it with try-with-resources (an operator never closed is
 * freed once unreachable, but n^2 doubles should not wait for the garbage collector). Immutable
 * and thread-safe until closed; closing while another thread is inside {@code apply} makes that
 * call throw, never corrupts memory.
 *
 * <p>The factories check that the matrix is finite and symmetric: the largest |a_ij - a_ji| must
 * not exceed {@link Operators#SYMMETRY_TOLERANCE} times max|a_ij| (otherwise
 * {@link NotSymmetricException}). The stored matrix is then made exactly symmetric by
 * storing (a_ij + a_ji) / 2 in both places (a no-op for an exactly symmetric input).
 *
 * <p>The matvec reads only the upper triangle: each a_ij with j &gt; i updates y_i and y_j in one
 * pass, so half of the n^2 doubles stream from memory per product, in blocks of 4 rows with
 * Vector API FMAs when {@code jdk.incubator.vector} is readable (scalar FMAs otherwise).
 *
 * <p>The estimator does not split this product by row ranges over its threads (this is not a
 * row-range operator): y_j gathers a_ij x_i from every earlier block of rows, so rows
 * [from, to) computed alone with the same bits need the column strip above them besides their
 * own rows, and the ranges of any split together read the whole matrix, twice the bytes of the
 * product over the triangle. A split over t threads would move n^2 / t doubles per thread
 * against n^2 / 2 for one thread: nothing gained at two threads on a memory-bound product.
 * The runs' own vector work still splits.
 */
public final class DenseSymmetricOperator implements SymmetricOperator, AutoCloseable {

  /** Tile edge of the blocked symmetry check (64 x 64 doubles = 32 KiB per tile). */
  private static final int TILE = 64;

  private final long n;
  private final OwnedMemory memory;
  private final MemorySegment matrix;

  private DenseSymmetricOperator(long n, OwnedMemory memory, MemorySegment matrix) {
    this.n = n;
    this.memory = memory;
    this.matrix = matrix;
  }

  /**
   * Copies a square symmetric {@code double[][]} off-heap.
   *
   * @throws IllegalArgumentException if the array is empty, ragged or not square, holds a NaN
   *     or infinity ({@code a[i][j]} named), or is not symmetric ({@link NotSymmetricException})
   */
  public static DenseSymmetricOperator of(double[][] a) {
    Objects.requireNonNull(a, "a");
    int n = a.length;
    OperatorMemory.checkDimension("a.length", n);
    for (int i = 0; i < n; i++) {
      if (a[i] == null) {
        throw new NullPointerException("a[" + i + "]");
      }
    }
    for (int i = 0; i < n; i++) {
      if (a[i].length != n) {
        throw new IllegalArgumentException("matrix is not square: a.length = " + n + " but a["
            + i + "].length = " + a[i].length);
      }
    }
    OwnedMemory memory = new OwnedMemory();
    try {
      MemorySegment m = memory.allocateDoubles((long) n * n);
      double maxAbs = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double v = a[i][j];
          if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("a[" + i + "][" + j + "] is not finite: " + v);
          }
          maxAbs = Math.max(maxAbs, Math.abs(v));
          m.setAtIndex(JAVA_DOUBLE, (long) i * n + j, v);
        }
      }
      symmetrize(m, n, maxAbs);
      return new DenseSymmetricOperator(n, memory, m);
    } catch (RuntimeException | Error e) {
      memory.close();
      throw e;
    }
  }

  /**
   * Copies a row-major n x n matrix of native-order doubles from {@code rowMajor} (any alignment).
   *
   * @throws IllegalArgumentException if n &lt; 1, the segment holds fewer than n^2 doubles, or the
   *     matrix is not finite or not symmetric
   */
  public static DenseSymmetricOperator copyOf(MemorySegment rowMajor, long n) {
    return copyOf(rowMajor, JAVA_DOUBLE, n);
  }

  /**
   * Copies a row-major n x n matrix whose elements are stored in {@code rowMajor} with the given
   * layout: a {@link ValueLayout.OfDouble} or {@link ValueLayout.OfFloat} of either byte order
   * (alignment is ignored, the elements are read unaligned). Floats are widened exactly. This is
   * how readers copy a mapped file (e.g. little-endian {@code <f4}) without an intermediate copy.
   *
   * @throws IllegalArgumentException if n &lt; 1, the segment is too small, the layout is not a
   *     double or float layout, or the matrix is not finite or not symmetric
   */
  public static DenseSymmetricOperator copyOf(MemorySegment rowMajor, ValueLayout layout,
      long n) {
    Objects.requireNonNull(rowMajor, "rowMajor");
    Objects.requireNonNull(layout, "layout");
    OperatorMemory.checkDimension("n", n);
    long count = Math.multiplyExact(n, n);
    ValueLayout.OfDouble asDouble = layout instanceof ValueLayout.OfDouble d
        ? d.withByteAlignment(1) : null;
    ValueLayout.OfFloat asFloat = layout instanceof ValueLayout.OfFloat f
        ? f.withByteAlignment(1) : null;
    if (asDouble == null && asFloat == null) {
      throw new IllegalArgumentException("layout must be a double or float layout, got "
          + layout);
    }
    long size = layout.byteSize();
    if (rowMajor.byteSize() / size < count) {
      throw new IllegalArgumentException("rowMajor holds " + rowMajor.byteSize() / size
          + " elements of " + layout + ", an n x n matrix with n = " + n + " needs " + count);
    }
    OwnedMemory memory = new OwnedMemory();
    try {
      MemorySegment m = memory.allocateDoubles(count);
      double maxAbs = 0;
      for (long k = 0; k < count; k++) {
        double v = asDouble != null ? rowMajor.getAtIndex(asDouble, k)
            : rowMajor.getAtIndex(asFloat, k);
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("entry (" + k / n + ", " + k % n
              + ") (0-based row, column) is not finite: " + v);
        }
        double abs = Math.abs(v);
        if (abs > maxAbs) {
          maxAbs = abs;
        }
        m.setAtIndex(JAVA_DOUBLE, k, v);
      }
      symmetrize(m, n, maxAbs);
      return new DenseSymmetricOperator(n, memory, m);
    } catch (RuntimeException | Error e) {
      memory.close();
      throw e;
    }
  }

  /**
   * Finds the largest |a_ij - a_ji| tile by tile (so both the row and the transposed column
   * stay in cache), throws if it exceeds the tolerance, otherwise writes the averages.
   */
  private static void symmetrize(MemorySegment m, long n, double maxAbs) {
    Asymmetry asymmetry = new Asymmetry();
    for (long ib = 0; ib < n; ib += TILE) {
      for (long jb = ib; jb < n; jb += TILE) {
        long iEnd = Math.min(ib + TILE, n);
        long jEnd = Math.min(jb + TILE, n);
        for (long i = ib; i < iEnd; i++) {
          for (long j = Math.max(jb, i + 1); j < jEnd; j++) {
            double aij = m.getAtIndex(JAVA_DOUBLE, i * n + j);
            double aji = m.getAtIndex(JAVA_DOUBLE, j * n + i);
            asymmetry.note(i, j, Math.abs(aij - aji));
            if (aij != aji) {
              double avg = Asymmetry.average(aij, aji);
              m.setAtIndex(JAVA_DOUBLE, i * n + j, avg);
              m.setAtIndex(JAVA_DOUBLE, j * n + i, avg);
            }
          }
        }
      }
    }
    asymmetry.check(maxAbs);
  }

  @Override
  public long dimension() {
    return n;
  }

  /** The stored entry a_ij (0-based). */
  public double get(long i, long j) {
    Objects.checkIndex(i, n);
    Objects.checkIndex(j, n);
    memory.ensureOpen(this);
    double a = matrix.getAtIndex(JAVA_DOUBLE, i * n + j);
    Reference.reachabilityFence(this);
    return a;
  }

  @Override
  public void apply(MemorySegment x, MemorySegment y) {
    memory.ensureOpen(this);
    OperatorMemory.checkApply(n, x, y);
    MatvecKernels.denseSymmetric(matrix, n, x, y);
    Reference.reachabilityFence(this); // no cleaner may free the memory mid-kernel
  }

  @Override
  public boolean isThreadSafe() {
    return true;
  }

  /** Frees the off-heap matrix. Idempotent. */
  @Override
  public void close() {
    memory.close();
  }

  @Override
  public String toString() {
    return "DenseSymmetricOperator[n=" + n + "]";
  }
}
