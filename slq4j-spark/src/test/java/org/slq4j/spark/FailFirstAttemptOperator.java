package org.slq4j.spark;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.slq4j.SymmetricOperator;
import org.slq4j.operators.LaplacianOperator;

/**
 * A user operator (a class with a no-argument constructor, as {@link OperatorSource#userClass}
 * takes) that throws in the first attempt of Spark partition 1 and is otherwise the Laplacian
 * of a 9 x 8 x 7 grid: an injected task failure that Spark must retry. Outside a task it never
 * throws.
 */
public final class FailFirstAttemptOperator implements SymmetricOperator {

  /** The partition whose first attempt fails. */
  static final int FAILING_PARTITION = 1;
  /** Failures thrown in this JVM (local mode: the test's JVM). */
  static final AtomicInteger FAILURES = new AtomicInteger();

  private final LaplacianOperator laplacian = LaplacianOperator.of(9, 8, 7);

  @Override
  public long dimension() {
    return laplacian.dimension();
  }

  @Override
  public void apply(MemorySegment x, MemorySegment y) {
    TaskContext task = TaskContext.get();
    if (task != null && task.partitionId() == FAILING_PARTITION && task.attemptNumber() == 0) {
      FAILURES.incrementAndGet();
      throw new IllegalStateException("injected failure: first attempt of partition "
          + FAILING_PARTITION);
    }
    laplacian.apply(x, y);
  }
}
