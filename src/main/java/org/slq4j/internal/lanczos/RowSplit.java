package org.slq4j.internal.lanczos;

import java.lang.foreign.MemorySegment;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.parallel.Lanes;
import org.slq4j.internal.parallel.RowChunks;
import org.slq4j.internal.plan.RowRangeOperator;
import org.slq4j.internal.vectorization.FloatBasisKernels;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * A run's vector kernels cut into the fixed row chunks of {@link RowChunks}, so that its
 * {@link Lanes} may spread them over threads without changing a bit: each chunk's partial
 * (dot product, sum of squares, projections) is one kernel call over the chunk's rows, and
 * the partials are added in chunk order whoever computed them. With one chunk (n up to
 * {@link RowChunks#ROWS}) every method is the single kernel call over the whole vector. Offsets
 * count doubles from the start of the segments.
 */
final class RowSplit {

  private final long n;
  private final int chunks;
  private final Lanes lanes;
  private final double[] partial;
  private double[][] projections;

  RowSplit(long n, Lanes lanes) {
    this.n = n;
    this.chunks = RowChunks.count(n);
    this.lanes = lanes;
    this.partial = new double[chunks];
  }

  /** Whether the vectors are cut into more than one chunk. */
  boolean split() {
    return chunks > 1;
  }

  /** x[xo..xo+n) . y[yo..yo+n). */
  double dot(MemorySegment x, long xo, MemorySegment y, long yo) {
    if (chunks == 1) {
      return VectorKernels.dot(x, xo, y, yo, n);
    }
    lanes.forEach(chunks, c -> {
      long r0 = RowChunks.start(c);
      partial[c] = VectorKernels.dot(x, xo + r0, y, yo + r0, RowChunks.end(c, n) - r0);
    });
    return sum();
  }

  /**
   * y = H x chunk by chunk through {@link RowRangeOperator#applyRows}, each chunk followed at
   * once by its partial of y . x while both are in cache; returns y . x, the bits
   * {@link #dot}(y, 0, x, 0) gives after a whole product. One chunk: {@code apply}, then dot.
   */
  double productDot(SymmetricOperator operator, RowRangeOperator byRows, MemorySegment x,
      MemorySegment y) {
    if (chunks == 1) {
      operator.apply(x, y);
      return VectorKernels.dot(y, 0, x, 0, n);
    }
    lanes.forEach(chunks, c -> {
      long r0 = RowChunks.start(c);
      long r1 = RowChunks.end(c, n);
      byRows.applyRows(x, y, r0, r1);
      partial[c] = VectorKernels.dot(y, r0, x, r0, r1 - r0);
    });
    return sum();
  }

  /**
   * {@link VectorKernels#lanczosThreeTerm} on w at wo, z at zo and u at uo (no u term when
   * uo < 0), all in {@code store}; returns the sum of squares of the new w.
   */
  double threeTerm(MemorySegment store, long wo, long zo, long uo, double sigma, double c1,
      double c2) {
    MemorySegment u = uo < 0 ? null : store;
    if (chunks == 1) {
      return VectorKernels.lanczosThreeTerm(store, wo, store, zo, u, uo, sigma, c1, c2, n);
    }
    lanes.forEach(chunks, c -> {
      long r0 = RowChunks.start(c);
      partial[c] = VectorKernels.lanczosThreeTerm(store, wo + r0, store, zo + r0, u,
          u == null ? 0 : uo + r0, sigma, c1, c2, RowChunks.end(c, n) - r0);
    });
    return sum();
  }

  /**
   * {@link VectorKernels#lanczosSweep} over the k stored vectors and y from {@code bo} (vector
   * i at bo + i n): p[0..k) receives the projections, the sum of squares of w is returned.
   */
  double sweep(MemorySegment basis, long bo, int k, double sigma, double a1, double a2,
      double[] known, double[] p) {
    if (chunks == 1) {
      return VectorKernels.lanczosSweep(basis, bo, k, n, sigma, a1, a2, known, p);
    }
    double[][] parts = projections(k);
    lanes.forEach(chunks, c -> {
      long r0 = RowChunks.start(c);
      partial[c] = VectorKernels.lanczosSweepRows(basis, bo + r0, n, k, RowChunks.end(c, n) - r0,
          sigma, a1, a2, known, parts[c]);
    });
    return addProjections(parts, k, p);
  }

  /**
   * {@link FloatBasisKernels#lanczosSweep} over the k stored float vectors of {@code floats}
   * (vector i at i n floats), with the operator's output y and next input x in doubles: slot
   * k receives float(scale w), x its exact values; p[0..k) the projections, the sum of squares
   * of w is returned.
   */
  double floatSweep(MemorySegment floats, int k, MemorySegment y, MemorySegment x, double sigma,
      double a1, double a2, double[] known, double scale, double[] p) {
    if (chunks == 1) {
      return FloatBasisKernels.lanczosSweep(floats, 0, k, n, y, 0, x, 0, sigma, a1, a2, known,
          scale, p);
    }
    double[][] parts = projections(k);
    lanes.forEach(chunks, c -> {
      long r0 = RowChunks.start(c);
      partial[c] = FloatBasisKernels.lanczosSweepRows(floats, r0, n, k, RowChunks.end(c, n) - r0,
          y, r0, x, r0, sigma, a1, a2, known, scale, parts[c]);
    });
    return addProjections(parts, k, p);
  }

  /** p[0..k) = the chunks' projections added in chunk order; returns the partials' sum. */
  private double addProjections(double[][] parts, int k, double[] p) {
    for (int j = 0; j < k; j++) {
      double t = parts[0][j];
      for (int c = 1; c < chunks; c++) {
        t += parts[c][j];
      }
      p[j] = t;
    }
    return sum();
  }

  /** Per-chunk projection arrays of at least k entries, grown as the basis grows. */
  private double[][] projections(int k) {
    if (projections == null || projections[0].length < k) {
      int length = Math.max(k, projections == null ? 0 : 2 * projections[0].length);
      projections = new double[chunks][length];
    }
    return projections;
  }

  /** The chunk partials added in chunk order. */
  private double sum() {
    double s = partial[0];
    for (int c = 1; c < chunks; c++) {
      s += partial[c];
    }
    return s;
  }
}
