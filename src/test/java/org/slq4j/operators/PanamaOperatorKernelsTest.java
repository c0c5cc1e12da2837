package org.slq4j.operators;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.slq4j.operators.OperatorTestSupport.randomSymmetric;
import static org.slq4j.operators.OperatorTestSupport.randomVector;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Calls the Vector API kernels directly whenever the incubator module is present, so they are
 * tested even while the operators run the scalar path (the kernels package chooses).
 */
class PanamaOperatorKernelsTest {

  private static void assumeVectorModule() {
    Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "jdk.incubator.vector not in the module graph");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 4, 5, 8, 9, 12, 13, 16, 17, 23, 40, 67, 130})
  void denseSimdMatchesScalarAndReference(int n) {
    assumeVectorModule();
    Random rnd = new Random(100 + n);
    double[][] a = randomSymmetric(n, rnd);
    double[] x = randomVector(n, rnd);
    double[] want = OperatorTestSupport.reference(a, x);
    double[] tol = OperatorTestSupport.bound(a, x);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment m = arena.allocate((long) n * n * 8, 64);
      for (int i = 0; i < n; i++) {
        MemorySegment.copy(a[i], 0, m, JAVA_DOUBLE, (long) i * n * 8, n);
      }
      MemorySegment xs = arena.allocate(n * 8L, 64);
      MemorySegment.copy(x, 0, xs, JAVA_DOUBLE, 0, n);
      MemorySegment simd = arena.allocate(n * 8L, 64);
      MemorySegment scalar = arena.allocate(n * 8L, 64);
      simd.fill((byte) 0x55);
      PanamaOperatorKernels.denseSymmetric(m, n, xs, simd);
      OperatorKernels.denseSymmetricScalar(m, n, xs, scalar);
      for (int i = 0; i < n; i++) {
        assertEquals(want[i], simd.getAtIndex(JAVA_DOUBLE, i), tol[i], "simd y[" + i + "]");
        assertEquals(want[i], scalar.getAtIndex(JAVA_DOUBLE, i), tol[i], "scalar y[" + i + "]");
      }
      MemorySegment d = arena.allocate(n * 8L, 64);
      MemorySegment.copy(a[0], 0, d, JAVA_DOUBLE, 0, n);
      PanamaOperatorKernels.diagonal(d, xs, simd, n);
      for (int i = 0; i < n; i++) {
        assertEquals(a[0][i] * x[i], simd.getAtIndex(JAVA_DOUBLE, i), 0.0);
      }
    }
  }
}
