package org.slq4j.internal.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slq4j.internal.parallel.DaemonPool;

/**
 * Runs one task on the calling thread (one worker) or on {@code count} pool threads, the tasks
 * taking work items from a shared counter. The first failure of any worker aborts the others:
 * no worker takes a new item ({@code next} is set to {@code end}) and items in progress stop at
 * their next check ({@link #checkNotAborted}, called once per Lanczos step). {@link #run}
 * returns, or rethrows that first failure, only after every worker has finished, so no
 * operator call and no worker arena outlives it. An interrupt of the calling thread aborts the
 * workers the same way, whether it waits for pool threads or is the one worker itself (then
 * {@link #checkNotAborted} sees it), and its interrupt status is set when run returns.
 */
final class FailFastWorkers {

  private final int count;
  private final AtomicInteger next;
  private final int end;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile Thread caller;

  /**
   * @param count worker threads, >= 1
   * @param next the counter the workers take items from
   * @param end the first item that does not exist
   */
  FailFastWorkers(int count, AtomicInteger next, int end) {
    this.count = count;
    this.next = next;
    this.end = end;
  }

  /**
   * Runs a worker's body, recording its failure at once (before the worker's arena closes,
   * which for a shared arena can take milliseconds) so that the other workers stop soon.
   */
  void failFast(Runnable body) {
    try {
      body.run();
    } catch (Aborted e) {
      throw e;
    } catch (RuntimeException | Error e) {
      fail(e);
      throw e;
    }
  }

  /**
   * Throws (an internal signal, never seen by callers) once another worker has failed or the
   * calling thread of {@link #run} has been interrupted.
   */
  void checkNotAborted() {
    Thread c = caller;
    if (c != null && c.isInterrupted()) {
      fail(interrupted(null));
    }
    if (failure.get() != null) {
      throw Aborted.INSTANCE;
    }
  }

  private static IllegalStateException interrupted(InterruptedException cause) {
    return new IllegalStateException("interrupted while waiting for the Lanczos runs", cause);
  }

  /** Runs {@code task} on every worker and returns once all have ended. */
  void run(Runnable task) {
    caller = Thread.currentThread();
    if (count == 1) {
      try {
        task.run();
      } catch (Aborted e) {
        // Only an interrupt of this thread aborts a lone worker: the failure recorded below.
      }
      rethrowFailure();
      return;
    }
    Runnable guarded = () -> {
      try {
        task.run();
      } catch (Aborted e) {
        // Another worker failed first; its failure is the one reported.
      } catch (Throwable e) {
        fail(e);
      }
    };
    DaemonPool pool = new DaemonPool(count, "slq4j-run");
    boolean interrupted = false;
    try {
      List<Future<?>> futures = new ArrayList<>(count);
      for (int w = 0; w < count; w++) {
        futures.add(pool.submit(guarded));
      }
      for (Future<?> future : futures) {
        while (true) {
          try {
            future.get();
            break;
          } catch (InterruptedException e) {
            // Stop the workers, then keep waiting: they end within one Lanczos step.
            interrupted = true;
            fail(interrupted(e));
          } catch (ExecutionException e) {
            fail(e.getCause()); // not reached: guarded catches all
            break;
          }
        }
      }
    } finally {
      // Every task has ended; the pool's threads end at once, and none outlives run.
      pool.close();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    rethrowFailure();
  }

  private void rethrowFailure() {
    Throwable first = failure.get();
    if (first instanceof RuntimeException re) {
      throw re;
    }
    if (first instanceof Error err) {
      throw err;
    }
    if (first != null) {
      throw new IllegalStateException("a Lanczos run failed", first);
    }
  }

  /** Records {@code e} as the failure unless one is recorded, and hands out no more items. */
  private void fail(Throwable e) {
    if (failure.compareAndSet(null, e)) {
      next.set(end);
    }
  }

  /** Unwinds a worker whose items were aborted by another worker's failure. */
  private static final class Aborted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final Aborted INSTANCE = new Aborted();

    private Aborted() {
      super("aborted", null, false, false);
    }
  }
}
