package org.slq4j.internal.parallel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntUnaryOperator;

/**
 * The threads of one estimate that are not running a run of their own, lending themselves to
 * the runs' row-chunked vector work ({@link Lanes}): dedicated helper threads (the threads the
 * plan has beyond its workers) and every worker that has run out of runs. A worker posts one
 * job per parallel pass (chunks to take from a counter); free helpers join it, up to the run's
 * share of threads, and take chunks alongside the worker, which waits only for chunks already
 * started. Created and closed by the scheduler of one estimate; {@link #close()} ends and joins
 * the dedicated threads, so none outlives the estimate.
 */
public final class Team implements AutoCloseable {

  /** Spins of a job's owner waiting for its last chunks before it parks. */
  private static final int SPINS = 1 << 10;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final ArrayDeque<Job> open = new ArrayDeque<>();
  private final IntUnaryOperator lanesForActive;
  private final List<Thread> dedicated = new ArrayList<>();
  private volatile int active;
  /** Threads that help: the dedicated ones and the workers done with their runs. */
  private volatile int helping;
  private volatile int idle;
  private boolean closed;

  /**
   * Starts {@code helpers} dedicated helper threads for {@code workers} workers.
   *
   * @param lanesForActive threads one run's work may use while this many workers still run
   *     runs ({@code RunPlan.lanes}); 1 keeps a run's work on its own thread
   */
  public Team(int helpers, int workers, IntUnaryOperator lanesForActive) {
    if (helpers < 0 || workers < 1) {
      throw new IllegalArgumentException("helpers = " + helpers + ", workers = " + workers);
    }
    this.lanesForActive = lanesForActive;
    this.active = workers;
    this.helping = helpers;
    for (int h = 0; h < helpers; h++) {
      Thread t = new Thread(this::help, "slq4j-helper-" + h);
      t.setDaemon(true);
      dedicated.add(t);
    }
    for (Thread t : dedicated) {
      t.start();
    }
  }

  /** The handle a worker's runs execute their chunks through. */
  public Lanes lanes() {
    return new Lanes(this);
  }

  /**
   * Called once by each worker when it has no more runs (also when it failed): it no longer
   * posts work, so the share of threads of the others grows. With {@code help} the worker then
   * helps the others until every worker is done.
   */
  public void workerDone(boolean help) {
    lock.lock();
    try {
      active--;
      if (help) {
        helping++;
      }
      if (active <= 0) {
        wake.signalAll();
      }
    } finally {
      lock.unlock();
    }
    if (help) {
      help();
    }
  }

  /** Ends the dedicated helper threads and waits for them; idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    for (Thread t : dedicated) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs the chunks with the help of the team, if it has helpers and the run's share of threads
   * is above one; returns false (having done nothing) otherwise. The job is open while the
   * owner works, so a helper still finishing an earlier job joins it as soon as it is free;
   * only helpers waiting idle are woken.
   */
  boolean share(int count, Lanes.ChunkTask task) {
    if (helping == 0) {
      return false;
    }
    int a = active;
    int helpers = Math.min(count, lanesForActive.applyAsInt(Math.max(a, 1))) - 1;
    if (helpers < 1) {
      return false;
    }
    Job job = new Job(task, count, helpers, Thread.currentThread());
    lock.lock();
    try {
      open.addLast(job);
      for (int h = Math.min(idle, helpers); h > 0; h--) {
        wake.signal();
      }
    } finally {
      lock.unlock();
    }
    job.work();
    lock.lock();
    try {
      open.remove(job);
    } finally {
      lock.unlock();
    }
    job.awaitChunks();
    Throwable failure = job.failure.get();
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
    return true;
  }

  /** A helper's loop: joins open jobs until every worker is done or the team is closed. */
  private void help() {
    while (true) {
      Job job;
      lock.lock();
      try {
        while ((job = open.peekFirst()) == null) {
          if (closed || active <= 0) {
            return;
          }
          idle++;
          try {
            wake.awaitUninterruptibly();
          } finally {
            idle--;
          }
        }
        if (++job.joined >= job.maxHelpers) {
          open.pollFirst();
        }
      } finally {
        lock.unlock();
      }
      job.work();
    }
  }

  /** One parallel pass of one run: chunks taken from a counter by its owner and helpers. */
  private static final class Job {
    final Lanes.ChunkTask task;
    final int count;
    final int maxHelpers;
    final Thread owner;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Helpers that joined; guarded by the team's lock. */
    int joined;

    Job(Lanes.ChunkTask task, int count, int maxHelpers, Thread owner) {
      this.task = task;
      this.count = count;
      this.maxHelpers = maxHelpers;
      this.owner = owner;
    }

    /** Takes chunks until none is left; after a failure the rest are counted, not run. */
    void work() {
      for (int c = next.getAndIncrement(); c < count; c = next.getAndIncrement()) {
        try {
          if (failure.get() == null) {
            task.run(c);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          if (done.incrementAndGet() == count && Thread.currentThread() != owner) {
            LockSupport.unpark(owner);
          }
        }
      }
    }

    /** The owner waits for chunks that helpers started: spins briefly, then parks. */
    void awaitChunks() {
      int spins = 0;
      while (done.get() < count) {
        if (spins < SPINS) {
          spins++;
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
    }
  }
}
