package org.slq4j.internal.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slq4j.InsufficientMemoryException;
import org.slq4j.Reorthogonalization;
import org.slq4j.internal.memory.PhysicalMemory;

class RunPlanTest {

  private static final long GB = 1L << 30;
  private static final Reorthogonalization FULL = Reorthogonalization.FULL;
  private static final Reorthogonalization NONE = Reorthogonalization.NONE;

  /** n = 2^20 and 126 steps: a basis of 127 vectors, one run alone holds exactly 1 GiB. */
  private static final long N_GIB = 1L << 20;
  private static final int STEPS_GIB = 126;

  private static int[] groups(RunPlan p) {
    int[] starts = new int[p.groups() + 1];
    for (int g = 0; g < p.groups(); g++) {
      starts[g] = p.groupStart(g);
      assertEquals(p.groupStart(g) + p.groupSize(g),
          g + 1 < p.groups() ? p.groupStart(g + 1) : p.runs(), "group " + g);
    }
    starts[p.groups()] = p.runs();
    return starts;
  }

  @Test
  void bytesPerRunAreTheBasisAndTheRunsOperatorVectors() {
    // FULL: n (steps + 1) basis doubles; one start vector alone, two block columns in lockstep.
    assertEquals(8L * 1000 * (81 + 1), RunPlan.bytesPerRun(1000, 80, FULL, false));
    assertEquals(8L * 1000 * (81 + 2), RunPlan.bytesPerRun(1000, 80, FULL, true));
    // NONE: three basis vectors.
    assertEquals(8L * 1000 * (3 + 1), RunPlan.bytesPerRun(1000, 80, NONE, false));
    assertEquals(8L * 1000 * (3 + 2), RunPlan.bytesPerRun(1000, 80, NONE, true));
    assertEquals(GB, RunPlan.bytesPerRun(N_GIB, STEPS_GIB, FULL, false));
  }

  /**
   * Every thread asked for works: the ones beyond the workers help the runs' vector work, each
   * run taking its share of the threads of the workers still running; with one row chunk there
   * is nothing to share, and no helper.
   */
  @Test
  void threadsBeyondTheWorkersBecomeLanesOfTheRuns() {
    long big = 10_000_000;
    int chunks = org.slq4j.internal.parallel.RowChunks.count(big);
    // 10 runs on 16 threads: 10 workers, 6 helpers, 2 lanes a run; more as workers finish.
    RunPlan p = RunPlan.of(big, 80, NONE, 10, 16, 1, 1, Long.MAX_VALUE);
    assertEquals(16, p.threads());
    assertEquals(10, p.workers());
    assertEquals(6, p.helpers());
    assertEquals(2, p.lanes());
    assertEquals(4, p.lanes(4));
    assertEquals(16, p.lanes(1));
    // One run on 2 threads: one worker and one helper.
    p = RunPlan.of(big, 80, FULL, 1, 2, 0, 1, Long.MAX_VALUE);
    assertEquals(1, p.workers());
    assertEquals(1, p.helpers());
    assertEquals(2, p.lanes());
    // Memory for one run at a time: the other threads all help it.
    p = RunPlan.of(big, 80, FULL, 10, 8, 0, 1, RunPlan.bytesPerRun(big, 80, FULL, false));
    assertEquals(1, p.workers());
    assertEquals(7, p.helpers());
    assertEquals(8, p.lanes());
    // As many workers as threads: no helper, one lane each until workers finish.
    p = RunPlan.of(big, 80, FULL, 10, 2, 0, 1, Long.MAX_VALUE);
    assertEquals(0, p.helpers());
    assertEquals(1, p.lanes());
    assertEquals(2, p.lanes(1));
    // Never more lanes than row chunks; n within one chunk: the workers alone.
    assertEquals(3, RunPlan.of(3L * org.slq4j.internal.parallel.RowChunks.ROWS, 10, NONE, 1, 16,
        0, 1, Long.MAX_VALUE).lanes());
    p = RunPlan.of(1000, 10, NONE, 1, 16, 0, 1, Long.MAX_VALUE);
    assertEquals(1, p.threads());
    assertEquals(0, p.helpers());
    assertEquals(1, p.lanes());
    assertTrue(chunks > 16);
    assertThrows(IllegalArgumentException.class, () -> RunPlan.of(big, 80, NONE, 10, 16, 1, 1,
        Long.MAX_VALUE).lanes(0));
  }

  /** What the plan counts per worker is what the scheduler allocates per worker. */
  @Test
  void bytesPerWorkerAreTheBuffersTheSchedulerAllocates() {
    for (int preferred : new int[] {1, 3, 4, 8}) {
      for (Reorthogonalization mode : Reorthogonalization.values()) {
        RunPlan p = RunPlan.of(1000, 30, mode, 10, 2, 0, preferred, Long.MAX_VALUE);
        long allocated = p.basisBytes() * p.block() + 8 * p.vectorsPerWorker() * p.vectorDoubles();
        assertEquals(allocated, p.bytesPerWorker(), p.toString());
        assertEquals(p.lockstep() ? 2 : 1, p.vectorsPerWorker(), p.toString());
        assertEquals(1000L * p.block(), p.vectorDoubles(), p.toString());
      }
    }
  }

  @Test
  void workersAreCappedByThreadsRunsAndMemory() {
    assertEquals(4, RunPlan.of(N_GIB, STEPS_GIB, FULL, 10, 4, 1, 1, 100 * GB).workers());
    assertEquals(3, RunPlan.of(N_GIB, STEPS_GIB, FULL, 3, 8, 1, 1, 100 * GB).workers());
    // n = 1e7, 80 steps: 82 vectors of 80 MB = 6.56 GB a run; 12 GiB fit one, 40 GiB six.
    assertEquals(1, RunPlan.of(10_000_000, 80, FULL, 10, 64, 1, 1, 12 * GB).workers());
    assertEquals(6, RunPlan.of(10_000_000, 80, FULL, 10, 64, 1, 1, 40 * GB).workers());
    // Exactly at the budget: 3 runs of 1 GiB fit 3 GiB, not 3 GiB - 1.
    assertEquals(3, RunPlan.of(N_GIB, STEPS_GIB, FULL, 10, 8, 1, 1, 3 * GB).workers());
    assertEquals(2, RunPlan.of(N_GIB, STEPS_GIB, FULL, 10, 8, 1, 1, 3 * GB - 1).workers());
    // Never fewer than one, even when one run alone does not fit.
    assertEquals(1, RunPlan.of(100 * N_GIB, STEPS_GIB, FULL, 10, 2, 1, 1, GB).workers());
  }

  @Test
  void blockIsTheRequestOrTheOperatorsPreferenceWithinAWorkersShare() {
    long plenty = Long.MAX_VALUE;
    // One worker, preference 4: 4 + 4 + 2.
    RunPlan p = RunPlan.of(1000, 80, FULL, 10, 1, 0, 4, plenty);
    assertEquals(1, p.workers());
    assertEquals(4, p.block());
    assertTrue(p.lockstep());
    assertArrayEquals(new int[] {0, 4, 8, 10}, groups(p));
    // Two workers, shares of 5: 4 + 1 each.
    p = RunPlan.of(1000, 80, FULL, 10, 2, 0, 4, plenty);
    assertEquals(2, p.workers());
    assertEquals(4, p.block());
    assertArrayEquals(new int[] {0, 4, 5, 9, 10}, groups(p));
    // An explicit request wins over the preference, but not over the share (10 / 3 -> 4).
    assertEquals(3, RunPlan.of(1000, 80, FULL, 10, 1, 3, 4, plenty).block());
    p = RunPlan.of(1000, 80, FULL, 10, 3, 16, 4, plenty);
    assertEquals(4, p.block());
    assertArrayEquals(new int[] {0, 3, 6, 10}, groups(p));
    assertEquals(10, RunPlan.of(1000, 80, FULL, 10, 1, 16, 4, plenty).block());
    assertEquals(2, RunPlan.of(1000, 80, FULL, 10, 4, 2, 4, plenty).block());
    // One at a time: asked for, preferred by the operator, or a preference below 1.
    for (int[] c : new int[][] {{1, 4}, {0, 1}, {0, 0}, {0, -5}}) {
      p = RunPlan.of(1000, 80, FULL, 5, 2, c[0], c[1], plenty);
      assertEquals(1, p.block(), p.toString());
      assertFalse(p.lockstep(), p.toString());
      assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, groups(p), p.toString());
    }
  }

  @Test
  void blockIsLoweredUntilEveryWorkersBlockFits() {
    // A lockstep run holds 1 GiB + 8 MiB (basis and two block columns).
    long perRun = GB + 8 * N_GIB;
    assertEquals(perRun, RunPlan.bytesPerRun(N_GIB, STEPS_GIB, FULL, true));
    // One worker, 4 GiB: 3 runs of 1 GiB + 8 MiB fit, 4 do not.
    RunPlan p = RunPlan.of(N_GIB, STEPS_GIB, FULL, 10, 1, 0, 8, 4 * GB);
    assertEquals(3, p.block());
    assertArrayEquals(new int[] {0, 3, 6, 9, 10}, groups(p));
    assertEquals(3 * perRun, p.bytesPerWorker());
    // Exactly 4 such runs fit.
    assertEquals(4, RunPlan.of(N_GIB, STEPS_GIB, FULL, 10, 1, 0, 8, 4 * perRun).block());
    // Two workers in 4 GiB: a block of 2 each would need 4 GiB + 32 MiB; one at a time.
    p = RunPlan.of(N_GIB, STEPS_GIB, FULL, 10, 2, 0, 8, 4 * GB);
    assertEquals(2, p.workers());
    assertEquals(1, p.block());
    assertEquals(GB, p.bytesPerWorker());
    // Memory for one run only: one worker, one at a time, whatever was asked.
    p = RunPlan.of(N_GIB, STEPS_GIB, FULL, 10, 4, 8, 8, GB);
    assertEquals(1, p.workers());
    assertEquals(1, p.block());
  }

  /** Over many inputs: the caps hold whenever they can, and the groups cover every run once. */
  @Test
  void everyPlanFitsItsBudgetAndCoversTheRuns() {
    long n = 100_000;
    for (Reorthogonalization mode : Reorthogonalization.values()) {
      long oneRun = RunPlan.bytesPerRun(n, 40, mode, false);
      for (long budget = oneRun / 2; budget <= 40 * oneRun; budget += oneRun / 3) {
        for (int runs = 1; runs <= 12; runs++) {
          for (int threads = 1; threads <= 5; threads++) {
            for (int preferred = 1; preferred <= 9; preferred += 4) {
              RunPlan p = RunPlan.of(n, 40, mode, runs, threads, 0, preferred, budget);
              String label = p + ", budget " + budget;
              assertTrue(p.workers() >= 1 && p.workers() <= Math.min(runs, threads), label);
              assertTrue(p.workers() == 1 || p.workers() * oneRun <= budget, label);
              assertTrue(p.block() == 1 || p.workers() * p.bytesPerWorker() <= budget, label);
              assertTrue(p.block() <= Math.max(1, preferred), label);
              assertTrue(p.groups() >= p.workers(), label);
              int[] g = groups(p);
              for (int k = 0; k < p.groups(); k++) {
                assertTrue(p.groupSize(k) >= 1 && p.groupSize(k) <= p.block(), label);
              }
              assertEquals(0, g[0], label);
              assertEquals(runs, g[g.length - 1], label);
            }
          }
        }
      }
    }
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> RunPlan.of(0, 1, FULL, 1, 1, 0, 1, GB));
    assertThrows(IllegalArgumentException.class, () -> RunPlan.of(10, 0, FULL, 1, 1, 0, 1, GB));
    assertThrows(IllegalArgumentException.class, () -> RunPlan.of(10, 1, FULL, 0, 1, 0, 1, GB));
    assertThrows(IllegalArgumentException.class, () -> RunPlan.of(10, 1, FULL, 1, 0, 0, 1, GB));
    assertThrows(IllegalArgumentException.class, () -> RunPlan.of(10, 1, FULL, 1, 1, -1, 1, GB));
    assertThrows(NullPointerException.class, () -> RunPlan.of(10, 1, null, 1, 1, 0, 1, GB));
  }

  @Test
  void groupsAreFullBlocksWithinBalancedShares() {
    assertArrayEquals(new int[] {0, 4, 8, 10}, RunPlan.groupStarts(10, 1, 4));
    assertArrayEquals(new int[] {0, 8, 10}, RunPlan.groupStarts(10, 1, 8));
    assertArrayEquals(new int[] {0, 4, 5, 9, 10},
        RunPlan.groupStarts(10, 2, 4));
    for (int runs = 1; runs <= 30; runs++) {
      for (int shares = 1; shares <= Math.min(4, runs); shares++) {
        for (int block = 1; block <= 12; block++) {
          int[] g = RunPlan.groupStarts(runs, shares, block);
          String label = runs + " runs, " + shares + " shares, blocks of " + block;
          assertEquals(0, g[0], label);
          assertEquals(runs, g[g.length - 1], label);
          int expectedGroups = 0;
          for (int s = 0; s < shares; s++) {
            int size = runs / shares + (s >= shares - runs % shares ? 1 : 0);
            expectedGroups += (size + block - 1) / block;
          }
          assertEquals(expectedGroups, g.length - 1, label);
          for (int k = 0; k + 1 < g.length; k++) {
            int size = g[k + 1] - g[k];
            assertTrue(size >= 1 && size <= block, label + ": group " + k + " has " + size);
          }
        }
      }
    }
  }

  @Test
  void defaultBudgetIsHalfThePhysicalMemoryAtMost() {
    long budget = RunPlan.defaultBudget();
    assertTrue(budget <= PhysicalMemory.bytes() / 2, budget + " of " + PhysicalMemory.bytes());
    assertTrue(budget > 0);
  }

  /** A container's limit and an address-space limit bound the memory available. */
  @Test
  void cgroupAndAddressSpaceLimitsAreRead(@TempDir Path dir) throws IOException {
    Path v2 = Files.createDirectories(dir.resolve("v2"));
    Files.writeString(v2.resolve("memory.max"), "8589934592\n");
    Files.writeString(v2.resolve("memory.current"), "1073741824\n");
    assertEquals(7L << 30, PhysicalMemory.cgroupRemaining(v2));
    Files.writeString(v2.resolve("memory.max"), "max\n");
    assertEquals(Long.MAX_VALUE, PhysicalMemory.cgroupRemaining(v2));
    Path v1 = Files.createDirectories(dir.resolve("v1/memory"));
    Files.writeString(v1.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
    Files.writeString(v1.resolve("memory.usage_in_bytes"), "392036352\n");
    assertEquals(Long.MAX_VALUE, PhysicalMemory.cgroupRemaining(dir.resolve("v1")));
    Files.writeString(v1.resolve("memory.limit_in_bytes"), "4294967296\n");
    assertEquals((4L << 30) - 392036352, PhysicalMemory.cgroupRemaining(dir.resolve("v1")));
    assertEquals(Long.MAX_VALUE, PhysicalMemory.cgroupRemaining(dir.resolve("none")));

    Path limits = dir.resolve("limits");
    Path status = dir.resolve("status");
    Files.writeString(status, "Name: java\nVmSize:  1048576 kB\n");
    Files.writeString(limits, "Limit                     Soft Limit           Hard Limit"
        + "           Units\nMax address space         unlimited            unlimited"
        + "            bytes\n");
    assertEquals(Long.MAX_VALUE, PhysicalMemory.addressSpaceRemaining(limits, status));
    Files.writeString(limits, "Max address space         4294967296           unlimited"
        + "            bytes\n");
    assertEquals(3L << 30, PhysicalMemory.addressSpaceRemaining(limits, status));
    assertTrue(PhysicalMemory.availableBytes() > 0);
  }

  @Test
  void physicalMemoryIsReadFromMeminfoOrUnknown(@TempDir Path dir) throws IOException {
    Path meminfo = dir.resolve("meminfo");
    Files.writeString(meminfo,
        "MemFree:         1000 kB\nMemTotal:       24576000 kB\nMemAvailable:   20000000 kB\n"
            + "Buffers: 1 kB\n");
    assertEquals(24576000L * 1024, PhysicalMemory.read(meminfo));
    assertEquals(20000000L * 1024, PhysicalMemory.read(meminfo, "MemAvailable:"));
    Files.writeString(meminfo, "MemTotal: lots\n");
    assertEquals(Long.MAX_VALUE, PhysicalMemory.read(meminfo));
    assertEquals(Long.MAX_VALUE, PhysicalMemory.read(dir.resolve("missing")));
    assertTrue(PhysicalMemory.bytes() > 0);
  }

  /**
   * One FULL run at n = 1e8, 80 steps holds 82 vectors of 800 MB: 65.6 GB. With 21.3 GB
   * available, NONE (4 vectors, 3.2 GB) fits, and so do a LOCAL window of 16 (16 + 1 + 8
   * spare slots and the start vector: 26 vectors, 20.8 GB), a float basis of 47 vectors of 400 MB beside 3 double vectors (46 steps,
   * 21.2 GB), and 24 steps (26 vectors, 20.8 GB), not 25.
   */
  @Test
  void aRunThatCannotFitIsRefusedWithWhatWouldFit() {
    long available = 21_300_000_000L;
    InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
        () -> RunPlan.requireOneRunFits(100_000_000, 80, FULL, available));
    assertEquals(82L * 800_000_000, e.bytesNeeded());
    assertEquals(available, e.bytesAvailable());
    assertEquals("needs 65.6 GB for one run's full basis (n = 100000000, 80 steps, float64 "
        + "basis); 21.3 GB available; fits: --reorth none (3.20 GB), --reorth local --window 16 "
        + "(20.8 GB), --basis float32 with --steps 46 (21.2 GB), --steps 24 (20.8 GB)",
        e.getMessage());
    assertTrue(RunPlan.bytesPerRun(100_000_000, 24, FULL, false) <= available);
    assertTrue(RunPlan.bytesPerRun(100_000_000, 25, FULL, false) > available);
    // Exactly at the limit it fits; one byte less it does not.
    long oneRun = RunPlan.bytesPerRun(N_GIB, STEPS_GIB, FULL, false);
    RunPlan.requireOneRunFits(N_GIB, STEPS_GIB, FULL, oneRun);
    assertThrows(InsufficientMemoryException.class,
        () -> RunPlan.requireOneRunFits(N_GIB, STEPS_GIB, FULL, oneRun - 1));
  }

  @Test
  void whenNothingFitsTheMessageSaysSo() {
    // NONE at n = 1e12 needs 4 vectors of 8 TB; 1 TB available fits nothing, not even 1 step.
    InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
        () -> RunPlan.requireOneRunFits(1_000_000_000_000L, 80, FULL, 1_000_000_000_000L));
    assertTrue(e.getMessage().endsWith("no setting fits (an operator of this dimension needs at "
        + "least 32000 GB)"), e.getMessage());
    e = assertThrows(InsufficientMemoryException.class,
        () -> RunPlan.requireOneRunFits(100_000_000, 80, NONE, 1_000_000_000L));
    assertTrue(e.getMessage().startsWith("needs 3.20 GB for one run's Lanczos vectors "
        + "(n = 100000000, 80 steps); 1.00 GB available; no setting fits"), e.getMessage());
    // Sizes beyond a long saturate instead of overflowing into a small number.
    assertThrows(InsufficientMemoryException.class,
        () -> RunPlan.requireOneRunFits(Long.MAX_VALUE / 4, 80, FULL, Long.MAX_VALUE - 1));
  }
}
