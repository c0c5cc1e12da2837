package org.slq4j.internal.memory;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The allocator: sizes, zeroing, alignment, lifetime and the huge-page advice on Linux. */
class OffHeapTest {

  @Test
  void smallAndLargeBuffersAreZeroedAligned() {
    try (Arena arena = Arena.ofConfined()) {
      for (long count : new long[] {0, 1, 7, 1000, (2L << 20) / 8 - 1, (2L << 20) / 8,
          3_000_001}) {
        MemorySegment s = OffHeap.allocateDoubles(arena, count);
        assertEquals(count * 8, s.byteSize(), "byte size for " + count);
        long align = count * 8 >= OffHeap.HUGE_PAGE_BYTES ? OffHeap.HUGE_PAGE_BYTES : 64;
        assertEquals(0, s.address() % align, "alignment for " + count);
        for (long i = 0; i < count; i += Math.max(1, count / 997)) {
          assertEquals(0.0, s.getAtIndex(JAVA_DOUBLE, i), "zero at " + i);
        }
        if (count > 0) {
          s.setAtIndex(JAVA_DOUBLE, count - 1, 1.5); // writable to the last element
          assertEquals(1.5, s.getAtIndex(JAVA_DOUBLE, count - 1));
        }
      }
    }
  }

  @Test
  void buffersDieWithTheirArena() {
    MemorySegment big;
    MemorySegment small;
    try (Arena arena = Arena.ofConfined()) {
      big = OffHeap.allocateDoubles(arena, 1 << 20);
      small = OffHeap.allocateDoubles(arena, 10);
      big.setAtIndex(JAVA_DOUBLE, 5, 1);
    }
    assertThrows(IllegalStateException.class, () -> big.getAtIndex(JAVA_DOUBLE, 5));
    assertThrows(IllegalStateException.class, () -> small.getAtIndex(JAVA_DOUBLE, 5));
  }

  @Test
  void badArgumentsAreRejectedByName() {
    try (Arena arena = Arena.ofConfined()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> OffHeap.allocateDoubles(arena, -1));
      assertTrue(e.getMessage().contains("count") && e.getMessage().contains("-1"));
      e = assertThrows(IllegalArgumentException.class,
          () -> OffHeap.allocateDoubles(arena, Long.MAX_VALUE / 4));
      assertTrue(e.getMessage().contains("count"));
      e = assertThrows(IllegalArgumentException.class, () -> OffHeap.allocateDoubles(null, 1));
      assertTrue(e.getMessage().contains("arena"));
      e = assertThrows(IllegalArgumentException.class, () -> OffHeap.allocate(arena, -3));
      assertTrue(e.getMessage().contains("bytes") && e.getMessage().contains("-3"));
      e = assertThrows(IllegalArgumentException.class,
          () -> OffHeap.allocate(arena, Long.MAX_VALUE));
      assertTrue(e.getMessage().contains("bytes"));
      e = assertThrows(IllegalArgumentException.class, () -> OffHeap.allocate(null, 8));
      assertTrue(e.getMessage().contains("arena"));
    }
    Arena closed = Arena.ofConfined();
    closed.close();
    assertThrows(IllegalStateException.class, () -> OffHeap.allocateDoubles(closed, 1 << 20));
  }

  /**
   * On Linux with transparent huge pages in "madvise" or "always" mode, the kernel marks the
   * advised mapping THP-eligible (/proc/self/smaps, "THPeligible: 1"): proof that the madvise
   * call reached the kernel, independent of whether free huge pages exist right now.
   */
  @Test
  void largeBuffersAreAdvisedAsHugePages() throws IOException {
    Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    Assumptions.assumeTrue(Files.isReadable(thp) && OffHeap.hugePageAdviceAvailable(),
        "Linux with THP and native access only");
    String mode = Files.readString(thp);
    Assumptions.assumeTrue(mode.contains("[madvise]") || mode.contains("[always]"), mode);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = OffHeap.allocateDoubles(arena, 3L << 20); // 24 MiB
      s.setAtIndex(JAVA_DOUBLE, 0, 1);
      List<String> smaps = Files.readAllLines(Path.of("/proc/self/smaps"));
      boolean inside = false;
      Boolean eligible = null;
      for (String line : smaps) {
        if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
          String[] range = line.substring(0, line.indexOf(' ')).split("-");
          long lo = Long.parseUnsignedLong(range[0], 16);
          long hi = Long.parseUnsignedLong(range[1], 16);
          inside = lo <= s.address() && s.address() < hi;
        } else if (inside && line.startsWith("THPeligible:")) {
          eligible = line.trim().endsWith("1");
        }
      }
      assertTrue(eligible != null, "mapping of the buffer not found in /proc/self/smaps");
      assertTrue(eligible, "the buffer's mapping is not THP-eligible: madvise did not apply");
    }
  }
}
