package org.slq4j.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.slq4j.internal.smoothing.DirectGaussianSums;

/** Scalar and SIMD Gaussian sums in one JVM against the direct evaluation. */
class GaussianSumsTest {

  @Test
  void scalarAndSimdAgreeWithTheDirectSums() {
    assumeTrue(VectorizationProvider.panama().isPresent(), "no jdk.incubator.vector");
    GaussianSumsSupport scalar = VectorizationProvider.scalar().gaussianSums();
    GaussianSumsSupport simd = VectorizationProvider.panama().orElseThrow().gaussianSums();
    SplittableRandom rnd = new SplittableRandom(11);
    for (int trial = 0; trial < 200; trial++) {
      int size = 1 + rnd.nextInt(trial % 4 == 0 ? 30 : 4000);
      double first = rnd.nextDouble(-3, 3);
      double step = Math.exp(rnd.nextDouble(-9, 0));
      double width = (size - 1) * step;
      double sigma = step * Math.exp(rnd.nextDouble(Math.log(1e-2), Math.log(50.0 * size)));
      int count = rnd.nextInt(40);
      double[] nodes = new double[count];
      double[] weights = new double[count];
      for (int k = 0; k < count; k++) {
        nodes[k] = first + rnd.nextDouble(-0.2, 1.2) * width;
        weights[k] = rnd.nextInt(8) == 0 ? 0 : rnd.nextDouble();
      }
      double[] direct = new double[size];
      DirectGaussianSums.accumulate(first, step, size, nodes, weights, count, 0.5, sigma, direct);
      double[] viaScalar = run(scalar, first, step, size, nodes, weights, sigma);
      double[] viaSimd = run(simd, first, step, size, nodes, weights, sigma);
      double peaks = 0;
      for (double w : weights) {
        peaks += w / (sigma * Math.sqrt(2 * Math.PI));
      }
      // Nonnegative weights: each term's relative error bounds the sum's; plus truncation and
      // the rounding of grid points (|t|/sigma ulps of z).
      double cond = 0x1p-53 * (Math.abs(first) + width + 1.2 * width) / sigma;
      for (int j = 0; j < size; j++) {
        double tol = 3e-13 * direct[j] + (2.1e-16 + 1.3 * cond) * peaks;
        String at = "trial " + trial + " point " + j;
        assertEquals(direct[j], viaScalar[j], tol, at + " scalar");
        assertEquals(direct[j], viaSimd[j], tol, at + " simd");
        assertEquals(viaScalar[j], viaSimd[j], 2 * tol, at + " scalar vs simd");
      }
    }
  }

  @Test
  void facadeRejectsBadGrid() {
    double[] one = {1};
    expect("size", () -> GaussianSums.accumulate(0, 1, 0, one, one, 1, 1, 1, new double[0]));
    expect("first", () -> GaussianSums.accumulate(Double.NaN, 1, 1, one, one, 1, 1, 1, one));
    expect("step", () -> GaussianSums.accumulate(0, 0, 1, one, one, 1, 1, 1, one));
    expect("step", () -> GaussianSums.accumulate(0, -1, 1, one, one, 1, 1, 1, one));
    expect("step", () -> GaussianSums.accumulate(0, Double.NaN, 4, one, one, 1, 1, 1,
        new double[4]));
    expect("last grid point", () -> GaussianSums.accumulate(0, Double.MAX_VALUE, 3, one, one, 1,
        1, 1, new double[3]));
    expect("nodes[0]", () -> GaussianSums.accumulate(0, 1, 4, new double[] {Double.NaN}, one, 1,
        1, 1, new double[4]));
  }

  private static void expect(String fragment, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(fragment), e.getMessage() + " should name " + fragment);
  }

  private static double[] run(GaussianSumsSupport impl, double first, double step, int size,
      double[] nodes, double[] weights, double sigma) {
    double[] d = new double[size];
    impl.accumulate(first, step, size, nodes, weights, nodes.length, 0.5, sigma, d);
    return d;
  }
}
