package org.slq4j.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every bad-argument path of the facade throws IllegalArgumentException naming the argument. */
class VectorKernelsArgumentsTest {

  @Test
  void lanczosSweepChecksKBasisAndArrays() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment basis = arena.allocate(ValueLayout.JAVA_DOUBLE, 12);
      double[] two = new double[2];
      double[] three = new double[3];
      rejects("k", () -> VectorKernels.lanczosSweep(basis, 0, 0, 4, 1, 0, 0, two, two));
      rejects("n", () -> VectorKernels.lanczosSweep(basis, 0, 1, -4, 1, 0, 0, two, two));
      rejects("basis", () -> VectorKernels.lanczosSweep(basis, 0, 3, 4, 1, 0, 0, three, three));
      rejects("basis", () -> VectorKernels.lanczosSweep(basis, 1, 2, 4, 1, 0, 0, two, two));
      rejects("basis", () -> VectorKernels.lanczosSweep(basis.asReadOnly(), 0, 2, 4, 1, 0, 0,
          two, two));
      rejects("known has length 2", () -> VectorKernels.lanczosSweep(basis, 0, 3, 3, 1, 0, 0,
          two, three));
      rejects("p has length 2", () -> VectorKernels.lanczosSweep(basis, 0, 3, 3, 1, 0, 0,
          three, two));
      rejects("overflows", () -> VectorKernels.lanczosSweep(basis, 0, 2, Long.MAX_VALUE / 2, 1,
          0, 0, two, two));
      assertThrows(NullPointerException.class,
          () -> VectorKernels.lanczosSweep(basis, 0, 2, 4, 1, 0, 0, null, two));
      VectorKernels.lanczosSweep(basis, 0, 2, 4, 1, 0, 0, two, two); // fits exactly
      rejects("stride 3 < rows 4", () -> VectorKernels.lanczosSweepRows(basis, 0, 3, 2, 4, 1,
          0, 0, two, two));
      rejects("basis", () -> VectorKernels.lanczosSweepRows(basis, 1, 5, 2, 2, 1, 0, 0, two,
          two));
      VectorKernels.lanczosSweepRows(basis, 2, 5, 2, 0, 1, 0, 0, two, two); // 2 + 2 * 5 = 12
    }
  }

  private static void rejects(String name, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(name), "message '" + e.getMessage() + "' names " + name);
  }

  @Test
  void lengthsOffsetsAndReadOnlyTargetsAreChecked() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment a = arena.allocate(ValueLayout.JAVA_DOUBLE, 10);
      MemorySegment b = arena.allocate(ValueLayout.JAVA_DOUBLE, 10);
      MemorySegment ro = b.asReadOnly();
      MemorySegment odd = arena.allocate(8 * 10 + 4); // byte size not a multiple of 8

      rejects("n", () -> VectorKernels.dot(a, 0, b, 0, -1));
      rejects("y", () -> VectorKernels.dot(a, 0, b, 1, 10));
      rejects("x", () -> VectorKernels.dot(a, 5, b, 0, 6));
      rejects("x offset", () -> VectorKernels.dot(a, -1, b, 0, 1));
      rejects("y offset", () -> VectorKernels.dot(a, 0, b, -2, 1));
      rejects("x", () -> VectorKernels.dot(a, 11, b, 0, 0));
      rejects("x", () -> VectorKernels.dot(a, Long.MAX_VALUE, b, 0, 1));
      rejects("x holds 10", () -> VectorKernels.dot(odd, 0, a, 0, 11));
      rejects("x", () -> VectorKernels.nrm2(a, 0, 11));
      rejects("x offset", () -> VectorKernels.nrm2(a, -1, 1));
      rejects("n", () -> VectorKernels.nrm2(a, 0, -5));
      rejects("y", () -> VectorKernels.axpy(1, a, 0, b, 3, 8));
      rejects("y", () -> VectorKernels.axpy(1, a, 0, ro, 0, 1));
      rejects("x", () -> VectorKernels.axpy(1, a, 4, b, 0, 7));
      rejects("x", () -> VectorKernels.scal(2, ro, 0, 1));
      rejects("x", () -> VectorKernels.scal(2, a, 9, 2));
      rejects("src", () -> VectorKernels.copy(a, 2, b, 0, 9));
      rejects("dst", () -> VectorKernels.copy(a, 0, ro, 0, 1));
      rejects("dst offset", () -> VectorKernels.copy(a, 0, b, -1, 1));
      rejects("x", () -> VectorKernels.fill(1, ro, 0, 1));
      rejects("x", () -> VectorKernels.fill(1, a, 0, 11));
      rejects("w", () -> VectorKernels.lanczosUpdate(ro, 0, a, 0, b, 0, 1, 1));
      rejects("v", () -> VectorKernels.lanczosUpdate(a, 0, b, 5, b, 0, 1, 6));
      rejects("u", () -> VectorKernels.lanczosUpdate(a, 0, b, 0, b, 5, 1, 6));
      rejects("n", () -> VectorKernels.lanczosUpdate(a, 0, b, 0, b, 0, 1, -1));
      rejects("w", () -> VectorKernels.lanczosThreeTerm(ro, 0, a, 0, b, 0, 1, 1, 1, 1));
      rejects("z", () -> VectorKernels.lanczosThreeTerm(a, 0, b, 5, b, 0, 1, 1, 1, 6));
      rejects("u", () -> VectorKernels.lanczosThreeTerm(a, 0, b, 0, b, 5, 1, 1, 1, 6));
      rejects("n", () -> VectorKernels.lanczosThreeTerm(a, 0, b, 0, null, 0, 1, 1, 1, -1));
      VectorKernels.lanczosThreeTerm(a, 0, b, 0, null, -7, 1, 1, 1, 10); // no u: offset unused
    }
  }

  @Test
  void validCallsReachTheActiveImplementation() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment x = arena.allocate(ValueLayout.JAVA_DOUBLE, 3);
      VectorKernels.fill(2, x, 0, 3);
      assertEquals(12.0, VectorKernels.dot(x, 0, x, 0, 3));
      assertEquals(Math.sqrt(12), VectorKernels.nrm2(x, 0, 3), 1e-15);
      assertTrue(VectorKernels.describe().startsWith(VectorKernels.implementationName()));
    }
  }
}
