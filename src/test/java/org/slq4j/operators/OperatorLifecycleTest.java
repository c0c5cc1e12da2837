package org.slq4j.operators;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.memory.OwnedMemory;

/**
 * The one lifecycle of the operators that own off-heap memory (diagonal, dense, CSR in both
 * layouts): close() frees at once, a second close() is harmless, and any use after close
 * throws {@link IllegalStateException} naming the operator.
 */
class OperatorLifecycleTest {

  private static List<AutoCloseable> operators() {
    double[][] a = {{2, 1, 0}, {1, 3, 0}, {0, 0, 4}};
    List<AutoCloseable> ops = new ArrayList<>();
    ops.add(DiagonalOperator.of(1, 2, 3));
    ops.add(DenseSymmetricOperator.of(a));
    ops.add(OperatorTestSupport.csrOf(a, false, 2, 2));
    ops.add(OperatorTestSupport.csrOf(a, true, 2, 2));
    return ops;
  }

  @Test
  void closeFreesAndUseAfterCloseNamesTheOperator() throws Exception {
    for (AutoCloseable c : operators()) {
      SymmetricOperator op = (SymmetricOperator) c;
      String name = op.toString();
      OwnedMemory memory = memoryOf(op);
      MemorySegment x = MemorySegment.ofArray(new double[] {1, 1, 1, 1, 1, 1});
      MemorySegment y = MemorySegment.ofArray(new double[6]);
      op.apply(x, y);
      op.applyBlock(x, y, 2);
      assertTrue(memory.isOpen(), name);
      c.close();
      assertFalse(memory.isOpen(), name);
      assertDoesNotThrow(c::close, name);
      assertClosed(name, () -> op.apply(x, y));
      assertClosed(name, () -> op.applyBlock(x, y, 2));
      switch (op) {
        case DiagonalOperator d -> assertClosed(name, () -> d.get(0));
        case DenseSymmetricOperator d -> assertClosed(name, () -> d.get(0, 1));
        case CsrOperator s -> assertClosed(name, () -> s.get(0, 1));
        default -> throw new AssertionError(name);
      }
      // What was computed before close is untouched (y is the caller's).
      assertEquals(name.startsWith("Diagonal") ? 1.0 : 3.0, y.getAtIndex(JAVA_DOUBLE, 0), 0.0,
          name);
    }
  }

  @Test
  void closingOneOperatorLeavesTheOthersAlone() throws Exception {
    List<AutoCloseable> ops = operators();
    ops.get(0).close();
    MemorySegment x = MemorySegment.ofArray(new double[] {1, 1, 1});
    MemorySegment y = MemorySegment.ofArray(new double[3]);
    for (AutoCloseable c : ops.subList(1, ops.size())) {
      ((SymmetricOperator) c).apply(x, y);
      assertEquals(4.0, y.getAtIndex(JAVA_DOUBLE, 2), 0.0, c.toString());
      c.close();
    }
  }

  private static void assertClosed(String name, Executable use) {
    IllegalStateException e = assertThrows(IllegalStateException.class, use, name);
    assertEquals(name + " is closed", e.getMessage());
  }

  private static OwnedMemory memoryOf(Object op) throws ReflectiveOperationException {
    Field f = op.getClass().getDeclaredField("memory");
    f.setAccessible(true);
    return (OwnedMemory) f.get(op);
  }
}
