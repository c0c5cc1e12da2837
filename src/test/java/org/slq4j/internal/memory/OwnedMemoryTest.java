package org.slq4j.internal.memory;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OwnedMemoryTest {

  @Test
  void buffersAreZeroedAlignedAndUsableFromAnyThread() throws Exception {
    try (OwnedMemory memory = new OwnedMemory()) {
      MemorySegment d = memory.allocateDoubles(10);
      MemorySegment big = memory.allocate(OffHeap.HUGE_PAGE_BYTES + 4);
      MemorySegment empty = memory.allocate(0);
      assertEquals(80, d.byteSize());
      assertEquals(0, d.address() % OffHeap.SMALL_ALIGNMENT);
      assertEquals(0, big.address() % OffHeap.HUGE_PAGE_BYTES);
      assertEquals(0, empty.byteSize());
      assertEquals(0.0, d.getAtIndex(JAVA_DOUBLE, 9), 0.0);
      assertEquals(0, big.getAtIndex(JAVA_INT, big.byteSize() / 4 - 1));
      // Shared: another thread may read and write (operators are called from worker threads).
      CompletableFuture.runAsync(() -> d.setAtIndex(JAVA_DOUBLE, 0, 3.0)).get();
      assertEquals(3.0, d.getAtIndex(JAVA_DOUBLE, 0), 0.0);
    }
  }

  @Test
  void closeFreesAtOnceAndTwiceIsHarmless() {
    OwnedMemory memory = new OwnedMemory();
    MemorySegment s = memory.allocateDoubles(4);
    assertTrue(memory.isOpen());
    memory.ensureOpen("owner");
    memory.close();
    assertFalse(memory.isOpen());
    assertFalse(s.scope().isAlive());
    assertDoesNotThrow(memory::close);
    assertThrows(IllegalStateException.class, () -> s.getAtIndex(JAVA_DOUBLE, 0));
    assertThrows(IllegalStateException.class, () -> memory.allocateDoubles(1));
  }

  @Test
  void ensureOpenNamesTheOwner() {
    OwnedMemory memory = new OwnedMemory();
    memory.close();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> memory.ensureOpen(new Object() {
          @Override
          public String toString() {
            return "SomeOperator[n=3]";
          }
        }));
    assertEquals("SomeOperator[n=3] is closed", e.getMessage());
  }

  @Test
  void concurrentClosesFreeOnce() throws Exception {
    for (int round = 0; round < 20; round++) {
      OwnedMemory memory = new OwnedMemory();
      memory.allocateDoubles(1000);
      CompletableFuture<?>[] closers = new CompletableFuture<?>[4];
      for (int t = 0; t < closers.length; t++) {
        closers[t] = CompletableFuture.runAsync(memory::close);
      }
      CompletableFuture.allOf(closers).get(); // throws if any close threw
      assertFalse(memory.isOpen());
    }
  }

  /** Memory never closed is freed once its owner is unreachable. */
  @Test
  void unreachableMemoryIsFreed() throws InterruptedException {
    MemorySegment s = allocateAndDrop();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (s.scope().isAlive() && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(10);
    }
    assertFalse(s.scope().isAlive(), "the cleaner did not free unreachable memory in 30 s");
  }

  private static MemorySegment allocateAndDrop() {
    return new OwnedMemory().allocateDoubles(16);
  }
}
