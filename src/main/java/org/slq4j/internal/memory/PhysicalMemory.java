package org.slq4j.internal.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine's physical memory, from /proc/meminfo (Linux): its total (read once), for sizing
 * the workers and blocks of lockstep runs, and what is available now, for refusing a run that
 * cannot fit. Where that file is not readable both are unknown and reported as
 * {@link Long#MAX_VALUE}, so no limit applies.
 */
public final class PhysicalMemory {

  private static final long BYTES = read(Path.of("/proc/meminfo"));

  private PhysicalMemory() {}

  public static long bytes() {
    return BYTES;
  }

  /**
   * Memory available for new allocations now (MemAvailable: free memory plus what the kernel
   * can reclaim without swapping), read afresh on every call.
   */
  public static long availableBytes() {
    return read(Path.of("/proc/meminfo"), "MemAvailable:");
  }

  /** MemTotal of a meminfo file in bytes, or Long.MAX_VALUE when missing or unreadable. */
  public static long read(Path meminfo) {
    return read(meminfo, "MemTotal:");
  }

  /** The field {@code key} of a meminfo file in bytes, or Long.MAX_VALUE when not there. */
  public static long read(Path meminfo, String key) {
    try {
      List<String> lines = Files.readAllLines(meminfo);
      for (String line : lines) {
        if (line.startsWith(key)) {
          String[] parts = line.substring(key.length()).trim().split("\\s+");
          long kib = Long.parseLong(parts[0]);
          return kib > 0 && kib < Long.MAX_VALUE / 1024 ? kib * 1024 : Long.MAX_VALUE;
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through: unknown
    }
    return Long.MAX_VALUE;
  }
}
