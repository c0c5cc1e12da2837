package org.slq4j.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.slq4j.internal.vectorization.GaussianSums.Method;

/** Scalar, SIMD recurrence and SIMD exp in one JVM against the direct evaluation. */
class GaussianSumsTest {

  @Test
  void defaultImplementationFollowsTheDenseKernels() {
    assertEquals(VectorKernels.implementationName().equals("panama") ? "panama" : "scalar",
        GaussianSums.implementationName());
    assertTrue(GaussianSums.isAvailable(Method.DIRECT));
    assertTrue(GaussianSums.isAvailable(Method.WINDOWED_SCALAR));
  }

  @Test
  void simdIsAvailableExactlyWithTheIncubatorModule() {
    boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    assertEquals(module, GaussianSums.isAvailable(Method.WINDOWED_SIMD));
    assertEquals(module, GaussianSums.isAvailable(Method.WINDOWED_SIMD_EXP));
    if (!module) {
      assertThrows(UnsupportedOperationException.class, () -> GaussianSums.accumulate(
          Method.WINDOWED_SIMD, 0, 1, 4, new double[1], new double[1], 1, 1, 1, new double[4]));
    }
  }

  @Test
  void scalarAndSimdAgree() {
    assumeTrue(GaussianSums.isAvailable(Method.WINDOWED_SIMD), "no jdk.incubator.vector");
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
      double[] direct = run(Method.DIRECT, first, step, size, nodes, weights, sigma);
      double[] scalar = run(Method.WINDOWED_SCALAR, first, step, size, nodes, weights, sigma);
      double[] simd = run(Method.WINDOWED_SIMD, first, step, size, nodes, weights, sigma);
      double[] exp = run(Method.WINDOWED_SIMD_EXP, first, step, size, nodes, weights, sigma);
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
        assertEquals(direct[j], scalar[j], tol, at + " scalar");
        assertEquals(direct[j], simd[j], tol, at + " simd");
        assertEquals(direct[j], exp[j], tol, at + " simd exp");
        assertEquals(scalar[j], simd[j], 2 * tol, at + " scalar vs simd");
      }
    }
  }

  @Test
  void simdValidatesLikeScalar() {
    assumeTrue(GaussianSums.isAvailable(Method.WINDOWED_SIMD), "no jdk.incubator.vector");
    for (Method m : Method.values()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> GaussianSums.accumulate(m, 0, 1, 4, new double[] {Double.NaN}, new double[1], 1,
              1, 1, new double[4]));
      assertTrue(e.getMessage().contains("nodes[0]"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> GaussianSums.accumulate(m, 0,
          Double.NaN, 4, new double[1], new double[1], 1, 1, 1, new double[4]));
      assertTrue(e.getMessage().contains("step"), e.getMessage());
    }
    assertFalse(GaussianSums.implementationName().isEmpty());
  }

  @Test
  void facadeRejectsBadGridAndMethod() {
    double[] one = {1};
    expect("size", () -> GaussianSums.accumulate(0, 1, 0, one, one, 1, 1, 1, new double[0]));
    expect("first", () -> GaussianSums.accumulate(Double.NaN, 1, 1, one, one, 1, 1, 1, one));
    expect("step", () -> GaussianSums.accumulate(0, 0, 1, one, one, 1, 1, 1, one));
    expect("step", () -> GaussianSums.accumulate(0, -1, 1, one, one, 1, 1, 1, one));
    expect("last grid point", () -> GaussianSums.accumulate(0, Double.MAX_VALUE, 3, one, one, 1,
        1, 1, new double[3]));
    expect("method", () -> GaussianSums.accumulate(null, 0, 1, 1, one, one, 1, 1, 1, one));
  }

  private static void expect(String fragment, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(fragment), e.getMessage() + " should name " + fragment);
  }

  private static double[] run(Method m, double first, double step, int size, double[] nodes,
      double[] weights, double sigma) {
    double[] d = new double[size];
    GaussianSums.accumulate(m, first, step, size, nodes, weights, nodes.length, 0.5, sigma, d);
    return d;
  }
}
