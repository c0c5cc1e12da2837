package org.slq4j.internal.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A fixed pool of named daemon threads whose {@link #close()} returns only once every one of
 * them has ended. An executor's termination alone does not promise that: its last threads can
 * still be on their way out, and a caller that frees the memory they touched, or promises that
 * no thread of its own outlives it, must join them.
 */
public final class DaemonPool implements AutoCloseable {

  private final ExecutorService executor;
  private final List<Thread> threads = new ArrayList<>();

  /** {@code size} threads named {@code name}. */
  public DaemonPool(int size, String name) {
    executor = Executors.newFixedThreadPool(size, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      synchronized (threads) {
        threads.add(t);
      }
      return t;
    });
  }

  /** Runs {@code task} on a thread of the pool. */
  public Future<?> submit(Runnable task) {
    return executor.submit(task);
  }

  /**
   * Lets the submitted tasks end, then joins every thread. Waits through interrupts and sets
   * the caller's interrupt status again afterwards.
   */
  @Override
  public void close() {
    executor.shutdown();
    boolean interrupted = false;
    while (true) {
      try {
        if (executor.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    synchronized (threads) {
      for (Thread t : threads) {
        while (t.isAlive()) {
          try {
            t.join();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
