package org.slq4j.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Algebraic identities of the level-1 kernels through the public facade. */
class Level1Properties {

  private static final double EPS = Math.ulp(1.0);

  @Property(tries = 300)
  void dotIsSymmetricAndBoundedByCauchySchwarz(
      @ForAll @IntRange(min = 0, max = 3000) int n, @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = TestVectors.random(r, n, 8);
    double[] y = TestVectors.random(r, n, 8);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment xs = TestVectors.segment(arena, x);
      MemorySegment ys = TestVectors.segment(arena, y);
      double xy = VectorKernels.dot(xs, 0, ys, 0, n);
      // Same kernel, operands swapped: products commute exactly, so the sums are bit-identical.
      assertEquals(xy, VectorKernels.dot(ys, 0, xs, 0, n));
      double nx = VectorKernels.nrm2(xs, 0, n);
      double ny = VectorKernels.nrm2(ys, 0, n);
      assertEquals(nx * nx, VectorKernels.dot(xs, 0, xs, 0, n), (n + 4) * EPS * nx * nx);
      assertEquals(true, Math.abs(xy) <= nx * ny * (1 + (n + 4) * EPS), "Cauchy-Schwarz");
    }
  }

  @Property(tries = 300)
  void axpyAndScalAreLinear(
      @ForAll @IntRange(min = 0, max = 3000) int n,
      @ForAll @DoubleRange(min = -4, max = 4) double a,
      @ForAll @DoubleRange(min = -4, max = 4) double b,
      @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = TestVectors.random(r, n, 4);
    double[] y = TestVectors.random(r, n, 4);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment xs = TestVectors.segment(arena, x);
      MemorySegment ys = TestVectors.segment(arena, y);
      // axpy(0, x, y) leaves y as it was; axpy(a) then axpy(-a) returns to y up to rounding.
      VectorKernels.axpy(0.0, xs, 0, ys, 0, n);
      assertArrayEquals(y, TestVectors.read(ys, 0, n));
      VectorKernels.axpy(a, xs, 0, ys, 0, n);
      VectorKernels.axpy(-a, xs, 0, ys, 0, n);
      double[] back = TestVectors.read(ys, 0, n);
      for (int i = 0; i < n; i++) {
        assertEquals(y[i], back[i], 2 * EPS * (Math.abs(y[i]) + 2 * Math.abs(a * x[i])));
      }
      // scal(a) then dot: a (x.y) = (a x).y up to rounding.
      double xy = VectorKernels.dot(xs, 0, ys, 0, n);
      VectorKernels.scal(b, xs, 0, n);
      double bxy = VectorKernels.dot(xs, 0, ys, 0, n);
      double bound = (n + 4) * EPS * Math.abs(b) * TestVectors.sumAbsProducts(x, back);
      assertEquals(b * xy, bxy, 2 * bound + Double.MIN_NORMAL);
      // axpy(a, x, y) equals y + a x element by element with one rounding (FMA).
      double[] xb = TestVectors.read(xs, 0, n);
      VectorKernels.axpy(a, xs, 0, ys, 0, n);
      double[] out = TestVectors.read(ys, 0, n);
      for (int i = 0; i < n; i++) {
        assertEquals(Math.fma(a, xb[i], back[i]), out[i]);
      }
    }
  }
}
