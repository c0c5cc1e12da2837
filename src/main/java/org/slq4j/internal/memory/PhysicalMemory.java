package org.slq4j.internal.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine's physical memory, from /proc/meminfo (Linux): its total (read once), for sizing
 * the workers and blocks of lockstep runs, and what is available now to this process (also
 * bounded by its memory cgroup and address-space limit), for refusing a run that cannot fit. Where that file is not readable both are unknown and reported as
 * {@link Long#MAX_VALUE}, so no limit applies.
 */
public final class PhysicalMemory {

  private static final long BYTES = read(Path.of("/proc/meminfo"));

  private PhysicalMemory() {}

  public static long bytes() {
    return BYTES;
  }

  /**
   * Memory available for new allocations now, read afresh on every call: the least of the
   * machine's MemAvailable (free memory plus what the kernel can reclaim without swapping),
   * what the process's memory cgroup still allows (a container's limit minus its usage, cgroup
   * v2 or v1), and what its address-space limit (ulimit -v) leaves unmapped.
   */
  public static long availableBytes() {
    return Math.min(read(Path.of("/proc/meminfo"), "MemAvailable:"),
        Math.min(cgroupRemaining(Path.of("/sys/fs/cgroup")),
            addressSpaceRemaining(Path.of("/proc/self/limits"), Path.of("/proc/self/status"))));
  }

  /**
   * Limit minus usage of the memory cgroup mounted at {@code root}: cgroup v2
   * (memory.max, memory.current) or v1 (memory/memory.limit_in_bytes,
   * memory/memory.usage_in_bytes); Long.MAX_VALUE when there is no limit or no such file. Inside
   * a container the process's own cgroup is the one mounted there.
   */
  public static long cgroupRemaining(Path root) {
    long v2 = remaining(root.resolve("memory.max"), root.resolve("memory.current"));
    long v1 = remaining(root.resolve("memory/memory.limit_in_bytes"),
        root.resolve("memory/memory.usage_in_bytes"));
    return Math.min(v2, v1);
  }

  /**
   * The address-space limit ("Max address space" of /proc/self/limits) minus the mapped size
   * (VmSize of /proc/self/status), or Long.MAX_VALUE when unlimited or unknown.
   */
  public static long addressSpaceRemaining(Path limits, Path status) {
    long limit = Long.MAX_VALUE;
    try {
      for (String line : Files.readAllLines(limits)) {
        if (line.startsWith("Max address space")) {
          String soft = line.substring("Max address space".length()).trim().split("\\s+")[0];
          if (!soft.equals("unlimited")) {
            limit = Long.parseLong(soft);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return Long.MAX_VALUE;
    }
    if (limit == Long.MAX_VALUE) {
      return limit;
    }
    long mapped = read(status, "VmSize:");
    return mapped == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, limit - mapped);
  }

  private static long remaining(Path limitFile, Path usageFile) {
    long limit = number(limitFile);
    long usage = number(usageFile);
    // v1 reports "no limit" as a huge page-aligned number near Long.MAX_VALUE.
    if (limit >= Long.MAX_VALUE / 2 || usage == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, limit - usage);
  }

  /** The number in a one-line file, or Long.MAX_VALUE for "max", a missing file or junk. */
  private static long number(Path file) {
    try {
      String text = Files.readString(file).trim();
      return text.equals("max") ? Long.MAX_VALUE : Long.parseLong(text);
    } catch (IOException | RuntimeException e) {
      return Long.MAX_VALUE;
    }
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
