package org.slq4j.internal.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DaemonPoolTest {

  /** close() returns after every task ran and every thread of the pool has ended. */
  @Test
  void closeJoinsEveryThread() {
    for (int trial = 0; trial < 50; trial++) {
      List<Thread> seen = new CopyOnWriteArrayList<>();
      AtomicInteger done = new AtomicInteger();
      DaemonPool pool = new DaemonPool(3, "test-pool");
      for (int i = 0; i < 9; i++) {
        pool.submit(() -> {
          seen.add(Thread.currentThread());
          done.incrementAndGet();
        });
      }
      pool.close();
      assertEquals(9, done.get());
      for (Thread t : seen) {
        assertTrue(t.isDaemon());
        assertEquals("test-pool", t.getName());
        assertFalse(t.isAlive(), "trial " + trial + ": a pool thread outlived close()");
      }
    }
  }

  /** An interrupt of the closing thread does not cut the wait short, and is kept. */
  @Test
  void closeWaitsThroughAnInterruptAndKeepsIt() {
    AtomicInteger done = new AtomicInteger();
    DaemonPool pool = new DaemonPool(1, "test-pool");
    pool.submit(() -> {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      done.incrementAndGet();
    });
    Thread.currentThread().interrupt();
    pool.close();
    assertTrue(Thread.interrupted(), "interrupt status kept");
    assertEquals(1, done.get());
  }
}
