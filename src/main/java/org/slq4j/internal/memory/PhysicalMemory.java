package org.slq4j.internal.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine's physical memory, for sizing blocks of lockstep runs. Read once from
 * /proc/meminfo (Linux); where that is not available the size is unknown and reported as
 * {@link Long#MAX_VALUE}, so no limit applies.
 */
public final class PhysicalMemory {

  private static final long BYTES = read(Path.of("/proc/meminfo"));

  private PhysicalMemory() {}

  public static long bytes() {
    return BYTES;
  }

  /** MemTotal of a meminfo file in bytes, or Long.MAX_VALUE when missing or unreadable. */
  public static long read(Path meminfo) {
    try {
      List<String> lines = Files.readAllLines(meminfo);
      for (String line : lines) {
        if (line.startsWith("MemTotal:")) {
          String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
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
