package org.slq4j.internal.memory;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * The one allocator for every off-heap buffer of the library: vectors, bases, operator arrays
 * and their build scratch. Buffers of {@link #HUGE_PAGE_BYTES} or more are 2 MiB aligned and
 * advised to the kernel as huge-page candidates: on a KVM guest 4 KiB pages cost 20-35% of
 * memory bandwidth through TLB misses (measured here: Java dot at n = 1e7, 6.0 ms on huge
 * pages vs 9.0 ms on 4 KiB pages). Smaller buffers are 64-byte aligned.
 *
 * <p>On Linux, large buffers are fresh anonymous mappings ({@code mmap}), advised with
 * {@code madvise(MADV_HUGEPAGE)} before any page is touched: the kernel zero-fills them (a JDK
 * {@code Arena.allocate} would zero them itself first, faulting in 4 KiB pages before the
 * advice could matter). The mapping is unmapped when the arena closes. Elsewhere, or when a
 * native call is not permitted or fails, the buffer comes from {@link Arena#allocate} (zeroed)
 * and the advice is skipped: never an exception for that. Native access is a restricted
 * operation: run with {@code --enable-native-access=org.slq4j} (or {@code ALL-UNNAMED}) to
 * avoid the JDK's one-time warning.
 */
public final class OffHeap {

  /** Buffers of at least this many bytes are 2 MiB aligned and advised as huge pages. */
  public static final long HUGE_PAGE_BYTES = 2L << 20;

  /** Alignment of smaller buffers: one cache line, so SIMD loads never split a line. */
  public static final long SMALL_ALIGNMENT = 64;

  /** Bytes requested through {@link #allocate} so far, by every thread. */
  private static final java.util.concurrent.atomic.LongAdder ALLOCATED =
      new java.util.concurrent.atomic.LongAdder();

  private OffHeap() {}

  /**
   * Bytes this process has allocated off the heap through this class so far, freed or not
   * (it never decreases): the difference across a step is what that step asked for, which is
   * how tests bound the memory a reader takes for a file of a given length.
   */
  public static long allocatedBytes() {
    return ALLOCATED.sum();
  }

  /**
   * Allocates {@code count} zeroed native-order doubles owned by {@code arena}.
   *
   * @throws IllegalArgumentException when count is negative or its byte size overflows, or
   *     arena is null
   */
  public static MemorySegment allocateDoubles(Arena arena, long count) {
    if (count < 0 || count > Long.MAX_VALUE / Double.BYTES - HUGE_PAGE_BYTES) {
      throw new IllegalArgumentException("count must be in [0, 2^60), got " + count);
    }
    return allocate(arena, count * Double.BYTES);
  }

  /**
   * Allocates {@code bytes} zeroed bytes owned by {@code arena}, for arrays of other element
   * types (ints, chars, longs), with the same alignment and huge-page advice as doubles.
   *
   * @throws IllegalArgumentException when bytes is negative or too large to align, or arena is
   *     null
   */
  public static MemorySegment allocate(Arena arena, long bytes) {
    if (arena == null) {
      throw new IllegalArgumentException("arena must not be null");
    }
    if (bytes < 0 || bytes > Long.MAX_VALUE - 2 * HUGE_PAGE_BYTES) {
      throw new IllegalArgumentException("bytes must be in [0, 2^63 - 4 MiB], got " + bytes);
    }
    ALLOCATED.add(bytes);
    if (bytes >= HUGE_PAGE_BYTES) {
      MemorySegment mapped = Native.mapHugePages(arena, bytes);
      if (mapped != null) {
        return mapped;
      }
      MemorySegment s = arena.allocate(bytes, HUGE_PAGE_BYTES);
      // Already touched by zeroing; the advice still lets khugepaged collapse it later.
      Native.advise(s.address(), bytes);
      return s;
    }
    return arena.allocate(bytes, SMALL_ALIGNMENT);
  }

  /** True when large buffers come from advised anonymous mappings (Linux, native access on). */
  public static boolean hugePageAdviceAvailable() {
    return Native.MMAP != null;
  }

  /** Native handles, created lazily and only on Linux; null when unavailable. */
  private static final class Native {
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final int MADV_HUGEPAGE = 14;

    static final MethodHandle MMAP;
    static final MethodHandle MUNMAP;
    static final MethodHandle MADVISE;

    static {
      MethodHandle mmap = null;
      MethodHandle munmap = null;
      MethodHandle madvise = null;
      String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
      if (os.startsWith("linux")) {
        try {
          Linker linker = Linker.nativeLinker();
          var lookup = linker.defaultLookup();
          mmap = linker.downcallHandle(lookup.find("mmap").orElseThrow(),
              FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT,
                  JAVA_LONG));
          munmap = linker.downcallHandle(lookup.find("munmap").orElseThrow(),
              FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
          madvise = linker.downcallHandle(lookup.find("madvise").orElseThrow(),
              FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        } catch (RuntimeException | LinkageError e) {
          // Not permitted (IllegalCallerException) or not found: plain allocation, no advice.
          mmap = null;
          munmap = null;
          madvise = null;
        }
      }
      MMAP = mmap;
      MUNMAP = munmap;
      MADVISE = madvise;
    }

    /** A 2 MiB aligned, advised, zero anonymous mapping owned by arena, or null. */
    static MemorySegment mapHugePages(Arena arena, long bytes) {
      if (MMAP == null) {
        return null;
      }
      long rounded = roundUp(bytes, HUGE_PAGE_BYTES);
      long mapBytes = rounded + HUGE_PAGE_BYTES; // slack to align the start
      long base;
      try {
        base = ((MemorySegment) MMAP.invokeExact(MemorySegment.NULL, mapBytes, PROT_READ_WRITE,
            MAP_PRIVATE_ANONYMOUS, -1, 0L)).address();
      } catch (Throwable e) {
        return null;
      }
      if (base == -1L || base == 0L) {
        return null; // MAP_FAILED
      }
      long start = roundUp(base, HUGE_PAGE_BYTES);
      advise(start, rounded);
      try {
        MemorySegment segment = MemorySegment.ofAddress(start).reinterpret(bytes, arena,
            s -> unmap(base, mapBytes));
        prefault(segment);
        return segment;
      } catch (RuntimeException e) {
        unmap(base, mapBytes); // e.g. the arena is already closed
        throw e;
      }
    }

    /**
     * Faults every page in now, in order. Left to first touch, the faults land inside the
     * Lanczos loop one fresh vector at a time, interleaved with sweeps over the basis; measured
     * here (n = 1e6, 80 steps) that made each matvec 3-4x slower than the same matvec on
     * touched memory, far more than faulting the whole basis in one sequential pass costs.
     */
    private static void prefault(MemorySegment segment) {
      for (long offset = 0; offset < segment.byteSize(); offset += 4096) {
        segment.set(ValueLayout.JAVA_BYTE, offset, (byte) 0);
      }
    }

    static void advise(long address, long bytes) {
      if (MADVISE == null) {
        return;
      }
      try {
        int rc = (int) MADVISE.invokeExact(MemorySegment.ofAddress(address), bytes,
            MADV_HUGEPAGE);
        assert rc == 0 || rc == -1;
      } catch (Throwable e) {
        // Best effort by contract: a kernel without THP answers EINVAL, which is fine.
      }
    }

    private static void unmap(long address, long bytes) {
      try {
        int rc = (int) MUNMAP.invokeExact(MemorySegment.ofAddress(address), bytes);
        assert rc == 0 : "munmap failed";
      } catch (Throwable e) {
        // A cleanup action must not throw; a failed munmap only leaks address space.
      }
    }

    private static long roundUp(long x, long align) {
      return (x + align - 1) & -align;
    }
  }
}
