package org.slq4j.internal.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class TeamTest {

  /** Busy work of about a microsecond per unit, so that helpers have time to join. */
  private static double spin(int units) {
    double s = 0;
    for (int i = 0; i < units * 200; i++) {
      s += Math.sqrt(i);
    }
    return s;
  }

  @Test
  void serialLanesRunEveryChunkInOrderOnTheCallingThread() {
    List<Integer> order = new ArrayList<>();
    Lanes.SERIAL.forEach(5, order::add);
    assertEquals(List.of(0, 1, 2, 3, 4), order);
  }

  /** Every chunk runs exactly once, on the worker and the helpers, whatever joins when. */
  @Test
  void everyChunkRunsExactlyOnceWithHelpers() throws InterruptedException {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try (Team team = new Team(3, 1, active -> 4)) {
      Lanes lanes = team.lanes();
      Thread.sleep(20); // let the helpers start
      for (int pass = 0; pass < 50; pass++) {
        int count = 1 + pass % 17;
        AtomicIntegerArray runs = new AtomicIntegerArray(count);
        lanes.forEach(count, c -> {
          runs.incrementAndGet(c);
          threads.add(Thread.currentThread().getName());
          spin(50);
        });
        for (int c = 0; c < count; c++) {
          assertEquals(1, runs.get(c), "pass " + pass + " chunk " + c);
        }
      }
      team.workerDone(false);
    }
    assertTrue(threads.contains(Thread.currentThread().getName()));
  }

  /**
   * A failing chunk is rethrown to the worker, as the same exception, once every started chunk
   * has ended; chunks not started by then are skipped.
   */
  @Test
  void aFailureIsRethrownAfterTheStartedChunksEnd() throws InterruptedException {
    try (Team team = new Team(2, 1, active -> 3)) {
      Lanes lanes = team.lanes();
      Thread.sleep(20);
      AtomicInteger running = new AtomicInteger();
      AtomicInteger started = new AtomicInteger();
      IllegalStateException failure = new IllegalStateException("chunk 3");
      IllegalStateException thrown = assertThrows(IllegalStateException.class,
          () -> lanes.forEach(1000, c -> {
            running.incrementAndGet();
            started.incrementAndGet();
            try {
              spin(20);
              if (c == 3) {
                throw failure;
              }
            } finally {
              running.decrementAndGet();
            }
          }));
      assertSame(failure, thrown);
      assertEquals(0, running.get(), "a chunk still ran after forEach threw");
      assertTrue(started.get() < 1000, started.get() + " chunks started");
      team.workerDone(false);
    }
  }

  /** Without idle helpers, or with a share of one thread, the worker runs every chunk itself. */
  @Test
  void withoutHelpersTheWorkerRunsEveryChunk() {
    String me = Thread.currentThread().getName();
    for (int helpers : new int[] {0, 2}) {
      try (Team team = new Team(helpers, 1, active -> helpers == 0 ? 4 : 1)) {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        team.lanes().forEach(40, c -> threads.add(Thread.currentThread().getName()));
        assertEquals(Set.of(me), threads);
        team.workerDone(false);
      }
    }
  }

  /**
   * A worker that has no more runs helps the others: with two workers and no dedicated helper,
   * the second one's passes are shared once the first is done, and the first returns from
   * workerDone only when the second is done too.
   */
  @Test
  void aWorkerWithoutRunsHelpsTheOthersUntilAllAreDone() throws InterruptedException {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch firstIsHelping = new CountDownLatch(1);
    try (Team team = new Team(0, 2, active -> active == 1 ? 2 : 1)) {
      Thread first = new Thread(() -> {
        firstIsHelping.countDown();
        team.workerDone(true);
      }, "first-worker");
      first.start();
      firstIsHelping.await();
      Thread.sleep(20);
      Lanes lanes = team.lanes();
      for (int pass = 0; pass < 20; pass++) {
        lanes.forEach(16, c -> {
          threads.add(Thread.currentThread().getName());
          spin(50);
        });
      }
      assertTrue(first.isAlive(), "the first worker left while the second still ran");
      team.workerDone(false);
      first.join(10_000);
      assertFalse(first.isAlive());
    }
    assertTrue(threads.contains("first-worker"), "the first worker never helped: " + threads);
  }

  /** close() ends and joins the dedicated helpers. */
  @Test
  void closeJoinsTheHelpers() throws InterruptedException {
    Team team = new Team(3, 1, active -> 4);
    Thread.sleep(10);
    List<Thread> helpers = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("slq4j-helper-")).toList();
    assertTrue(helpers.size() >= 3);
    team.close();
    team.close();
    for (Thread t : helpers) {
      assertFalse(t.isAlive(), t.getName());
    }
  }
}
