package org.slq4j;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.slq4j.internal.lanczos.ProbeSeeds;
import org.slq4j.internal.lanczos.StartVectors;
import org.slq4j.internal.memory.OffHeap;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * The up-front check that an operator is symmetric, as far as two products can tell: for two
 * random unit vectors x and y, |x'Hy - y'Hx| must stay within {@link #TOLERANCE} of
 * ||Hx|| + ||Hy||. Lanczos on a visibly non-symmetric operator would return a meaningless
 * density without any error, so the estimator rejects it before the runs (unless told not to).
 */
final class SymmetryProbe {

  /** Relative tolerance of |x'Hy - y'Hx|. */
  static final double TOLERANCE = 1e-8;

  /** Operator products the probe costs. */
  static final long MATVECS = 2;

  private SymmetryProbe() {}

  /**
   * Probes {@code op} with two vectors drawn from {@code seed}, apart from every run's and
   * probe's vector ({@link ProbeSeeds#SYMMETRY_X}, {@link ProbeSeeds#SYMMETRY_Y}).
   *
   * @throws IllegalArgumentException when the operator is visibly not symmetric
   * @throws NonFiniteValueException when a product or a norm is NaN or infinite
   */
  static void check(SymmetricOperator op, long n, long seed) {
    try (Arena arena = Arena.ofShared()) {
      MemorySegment x = OffHeap.allocateDoubles(arena, n);
      MemorySegment y = OffHeap.allocateDoubles(arena, n);
      MemorySegment hx = OffHeap.allocateDoubles(arena, n);
      MemorySegment hy = OffHeap.allocateDoubles(arena, n);
      StartVectors.rademacher(ProbeSeeds.of(seed, ProbeSeeds.SYMMETRY_X), x, n);
      StartVectors.rademacher(ProbeSeeds.of(seed, ProbeSeeds.SYMMETRY_Y), y, n);
      op.apply(x, hx);
      op.apply(y, hy);
      double xHy = VectorKernels.dot(x, 0, hy, 0, n);
      double yHx = VectorKernels.dot(y, 0, hx, 0, n);
      double scale = VectorKernels.nrm2(hx, 0, n) + VectorKernels.nrm2(hy, 0, n);
      if (!Double.isFinite(xHy) || !Double.isFinite(yHx) || !Double.isFinite(scale)) {
        throw new NonFiniteValueException(-1, 0, "symmetry probe: the operator returned NaN or "
            + "infinity for a random +-1 vector (x'Hy = " + xHy + ", y'Hx = " + yHx + ")");
      }
      double difference = Math.abs(xHy - yHx);
      if (difference > TOLERANCE * scale) {
        throw new IllegalArgumentException("the operator is not symmetric: for random unit "
            + "vectors x, y, |x'Hy - y'Hx| = " + difference + " > " + TOLERANCE
            + " * (||Hx|| + ||Hy||) = " + TOLERANCE * scale
            + " (x'Hy = " + xHy + ", y'Hx = " + yHx + "); disable with checkSymmetry(false)");
      }
    }
  }
}
