package org.slq4j.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Guards against the SIMD path silently switching off (Lucene once lost it to a stale list of
 * JDK versions): each surefire execution states which implementation it expects through
 * {@code slq4j.expectedKernels}.
 */
class KernelProviderTest {

  @Test
  void activeImplementationIsTheExpectedOne() {
    String expected = System.getProperty("slq4j.expectedKernels");
    assertTrue(expected != null && !expected.isBlank(),
        "the build must say which kernels it expects (system property slq4j.expectedKernels)");
    assertEquals(expected, VectorizationProvider.getInstance().name(),
        "module " + VectorizationProvider.VECTOR_MODULE + " present: "
            + ModuleLayer.boot().findModule(VectorizationProvider.VECTOR_MODULE).isPresent());
    assertEquals(expected, VectorKernels.implementationName());
  }

  @Test
  void panamaIsOfferedExactlyWithTheIncubatorModule() {
    boolean module = ModuleLayer.boot().findModule(VectorizationProvider.VECTOR_MODULE)
        .isPresent();
    assertEquals(module, VectorizationProvider.panama().isPresent());
    VectorizationProvider active = VectorizationProvider.getInstance();
    assertSame(module ? VectorizationProvider.panama().orElseThrow()
        : VectorizationProvider.scalar(), active);
    assertEquals("scalar", VectorizationProvider.scalar().name());
  }

  @Test
  void laneCountAndWidthMatchThisCpu() {
    VectorizationProvider p = VectorizationProvider.getInstance();
    if (VectorizationProvider.panama().isPresent()) {
      assertTrue(p.laneCount() >= 2, "lanes " + p.laneCount());
      assertEquals(p.laneCount() + " doubles per vector (" + p.vectorBits() + "-bit)",
          p.describe().substring("panama, ".length()));
    } else {
      assertEquals(1, p.laneCount());
      assertEquals("scalar", p.describe());
    }
    assertEquals(p.laneCount(), VectorKernels.laneCount());
    assertEquals(p.describe(), VectorKernels.describe());
  }

  @Test
  void selfCheckPassesOnTheActiveKernels() {
    assertEquals("ok", VectorKernels.selfCheck());
  }
}
