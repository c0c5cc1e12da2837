package org.slq4j.spark;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/**
 * The rows of another matrix, except that the first attempt of the stage fails in task 1 while
 * building its rows (the other tasks are then waiting at the halo plan's allGather): an
 * injected failure that Spark must answer by running the whole barrier stage again.
 */
final class FailOnceRows implements RowEntries {

  private static final long serialVersionUID = 1L;
  /** Failures thrown in this JVM (local mode: the test's JVM). */
  static final AtomicInteger FAILURES = new AtomicInteger();

  private final RowEntries matrix;

  FailOnceRows(RowEntries matrix) {
    this.matrix = matrix;
  }

  @Override
  public long dimension() {
    return matrix.dimension();
  }

  @Override
  public void rows(long from, long to, Sink sink) throws IOException {
    TaskContext task = TaskContext.get();
    if (task != null && task.partitionId() == 1 && task.stageAttemptNumber() == 0
        && task.attemptNumber() == 0) {
      FAILURES.incrementAndGet();
      throw new IllegalStateException("injected failure: first attempt of task 1");
    }
    matrix.rows(from, to, sink);
  }
}
