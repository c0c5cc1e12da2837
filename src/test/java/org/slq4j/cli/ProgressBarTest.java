package org.slq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void silentForTheFirstSecondThenRateLimited() {
    AtomicLong now = new AtomicLong(0);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ProgressBar bar = new ProgressBar(err, now::get);
    bar.progress(10, 100, 0, 10);
    now.set(ProgressBar.DELAY_NANOS - 1);
    bar.progress(20, 100, 1, 10);
    assertEquals(0, bytes.size(), "nothing before one second");
    now.set(ProgressBar.DELAY_NANOS);
    bar.progress(50, 100, 5, 10);
    String first = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(first.startsWith("\r"), first);
    assertTrue(first.contains("5/10 runs, 50/100 steps"), first);
    assertTrue(first.contains("50.0 matvec/s"), first);  // 50 steps in 1 s
    assertTrue(first.contains("ETA 0:01"), first);
    now.addAndGet(ProgressBar.REDRAW_NANOS / 2);
    bar.progress(60, 100, 6, 10);
    assertEquals(first, bytes.toString(StandardCharsets.UTF_8), "rate-limited");
    now.addAndGet(ProgressBar.REDRAW_NANOS);
    bar.progress(70, 100, 7, 10);
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("7/10 runs"));
    bar.finish();
    String all = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(all.endsWith("\r"), "the bar is erased and the cursor back at column 0");
    assertFalse(all.contains("\n"), "never scrolls the terminal");
    int size = bytes.size();
    now.addAndGet(10 * ProgressBar.REDRAW_NANOS);
    bar.progress(80, 100, 8, 10);
    assertEquals(size, bytes.size(), "silent after finish");
  }

  @Test
  void shortRunsPrintNothing() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(bytes), () -> 5);
    bar.progress(100, 100, 10, 10);
    bar.finish();
    assertEquals(0, bytes.size());
  }

  /** Many threads report at once: every drawn line is whole (no interleaving). */
  @Test
  void concurrentReportsDrawWholeLines() throws Exception {
    AtomicLong now = new AtomicLong(ProgressBar.DELAY_NANOS * 2);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ProgressBar bar = new ProgressBar(err, () -> now.addAndGet(ProgressBar.REDRAW_NANOS / 3));
    CountDownLatch go = new CountDownLatch(1);
    Thread[] threads = new Thread[8];
    AtomicLong steps = new AtomicLong();
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 2000; i++) {
          bar.progress(steps.incrementAndGet(), 16000, 0, 8);
        }
      });
      threads[t].start();
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    String[] drawn = bytes.toString(StandardCharsets.UTF_8).split("\r", -1);
    assertTrue(drawn.length > 10);
    for (int i = 1; i < drawn.length; i++) {
      assertTrue(drawn[i].matches("slq4j \\[[=> ]{28}\\] \\d+/8 runs, \\d+/16000 steps .*"),
          drawn[i]);
    }
  }

  @Test
  void formats() {
    assertEquals("812", ProgressBar.rate(812.2));
    assertEquals("12.3k", ProgressBar.rate(12345));
    assertEquals("4.57M", ProgressBar.rate(4.567e6));
    assertEquals("0:05", ProgressBar.duration(4.2));
    assertEquals("1:01:01", ProgressBar.duration(3661));
  }
}
