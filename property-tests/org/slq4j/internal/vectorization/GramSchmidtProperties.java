package org.slq4j.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Gram-Schmidt through the public facade (the SIMD kernels in this surefire execution): the
 * output is orthogonal to every basis vector and h reproduces V^T w, for random shapes, offsets
 * and inputs ranging from nearly orthogonal to nearly inside the span.
 */
class GramSchmidtProperties {

  @Property(tries = 150)
  void outputIsOrthogonalAndHIsTheProjection(
      @ForAll @IntRange(min = 1, max = 700) int n,
      @ForAll @IntRange(min = 0, max = 40) int k,
      @ForAll @IntRange(min = 0, max = 9) int offset,
      @ForAll @IntRange(min = 0, max = 12) int spanWeightExp,
      @ForAll long seed) {
    Assume.that(k < n);
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = TestVectors.orthonormalBasis(r, k, n);
    double[] w = TestVectors.random(r, n, 0);
    // Mix in span(V) with weight up to 1e12: the first pass then cancels almost all of w.
    double weight = Math.pow(10, spanWeightExp);
    for (int j = 0; j < k; j++) {
      double c = weight * (2 * r.nextDouble() - 1);
      for (int t = 0; t < n; t++) {
        w[t] += c * v[j * n + t];
      }
    }
    double[] projection = new double[k];
    for (int j = 0; j < k; j++) {
      projection[j] = TestVectors.dot2(v, j * n, w, n);
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment vs = TestVectors.segmentAt(arena, v, offset);
      MemorySegment ws = TestVectors.segmentAt(arena, w, offset + 1);
      double[] h = new double[k];
      int passes = VectorKernels.orthogonalize(vs, offset, k, n, ws, offset + 1, h);
      assertTrue(passes == 1 || passes == 2, "passes " + passes);
      double[] out = TestVectors.read(ws, offset + 1, n);
      double orth = TestVectors.orthogonality(v, k, n, out);
      assertTrue(orth <= 1e-13, "max|V^T w|/||w|| = " + orth);
      double normW = TestVectors.exactNorm(w);
      for (int j = 0; j < k; j++) {
        // h = V^T w_in up to the rounding of the (at most two) passes.
        assertEquals(projection[j], h[j], 1e-13 * normW, "h[" + j + "]");
      }
    }
  }
}
