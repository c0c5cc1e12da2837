package org.slq4j.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Guards against the SIMD path silently switching off (Lucene #16284): each surefire execution
 * states which implementation it expects through {@code slq4j.expectedKernels}.
 */
class KernelProviderTest {

  @Test
  void activeImplementationIsTheExpectedOne() {
    String expected = System.getProperty("slq4j.expectedKernels");
    assertTrue(expected != null && !expected.isBlank(),
        "the build must say which kernels it expects (system property slq4j.expectedKernels)");
    assertEquals(expected, VectorKernels.implementationName(),
        "module jdk.incubator.vector present: "
            + ModuleLayer.boot().findModule(KernelProvider.VECTOR_MODULE).isPresent());
  }

  @Test
  void simdLaneCountMatchesThisCpu() {
    if (VectorKernels.implementationName().equals("panama")) {
      assertTrue(VectorKernels.laneCount() >= 2, "lanes " + VectorKernels.laneCount());
    } else {
      assertEquals(1, VectorKernels.laneCount());
    }
  }

  @Test
  void selfCheckPassesOnTheActiveKernels() {
    assertEquals("ok", VectorKernels.selfCheck());
  }
}
