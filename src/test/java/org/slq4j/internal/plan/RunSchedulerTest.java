package org.slq4j.internal.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slq4j.Reorthogonalization;
import org.slq4j.SymmetricOperator;
import org.slq4j.TestOperators;

class RunSchedulerTest {

  private static final long PLENTY = Long.MAX_VALUE;

  /** A thread-safe operator that remembers every input segment and fails on a given call. */
  private static final class Recording implements SymmetricOperator {
    final SymmetricOperator inner;
    final int failAt;
    final AtomicInteger calls = new AtomicInteger();
    final List<MemorySegment> seen = new CopyOnWriteArrayList<>();

    Recording(SymmetricOperator inner, int failAt) {
      this.inner = inner;
      this.failAt = failAt;
    }

    @Override
    public long dimension() {
      return inner.dimension();
    }

    @Override
    public void apply(MemorySegment x, MemorySegment y) {
      seen.add(x);
      if (calls.incrementAndGet() == failAt) {
        throw new IllegalStateException("failure on call " + failAt);
      }
      inner.apply(x, y);
    }

    @Override
    public void applyBlock(MemorySegment x, MemorySegment y, int count) {
      seen.add(x);
      if (calls.incrementAndGet() == failAt) {
        throw new IllegalStateException("failure on call " + failAt);
      }
      SymmetricOperator.super.applyBlock(x, y, count);
    }

    @Override
    public int preferredBlockSize() {
      return 3;
    }

    @Override
    public boolean isThreadSafe() {
      return true;
    }
  }

  private static SymmetricOperator diagonal(int n) {
    return TestOperators.diagonal(TestOperators.values(n, i -> Math.sin(i) + 2));
  }

  /** Every worker's arena is closed when the scheduler returns, and when it throws. */
  @Test
  void workerMemoryIsReleasedOnSuccessAndOnFailure() {
    for (int threads : new int[] {1, 2}) {
      for (int block : new int[] {1, 0}) {
        for (int failAt : new int[] {0, 7}) {
          Recording op = new Recording(diagonal(500), failAt);
          RunPlan plan = RunPlan.of(500, 20, Reorthogonalization.FULL, 7, threads, block, 3,
              PLENTY);
          String label = plan + ", fail at " + failAt;
          if (failAt == 0) {
            RunOutcome[] outcomes = RunScheduler.run(op, plan, 0, null);
            assertEquals(7, outcomes.length, label);
            for (RunOutcome o : outcomes) {
              assertNotNull(o, label);
            }
          } else {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RunScheduler.run(op, plan, 0, null), label);
            assertEquals("failure on call 7", e.getMessage(), label);
          }
          assertFalse(op.seen.isEmpty(), label);
          for (MemorySegment x : op.seen) {
            assertFalse(x.scope().isAlive(), label);
          }
        }
      }
    }
  }

  /** The same runs, bit for bit, one at a time, in lockstep blocks and on several workers. */
  @Test
  void outcomesDoNotDependOnTheGrouping() {
    SymmetricOperator op = diagonal(400);
    RunOutcome[] reference = RunScheduler.run(op,
        RunPlan.of(400, 25, Reorthogonalization.FULL, 9, 1, 1, 1, PLENTY), 5, null);
    for (int[] c : new int[][] {{1, 4}, {2, 0}, {3, 2}, {2, 1}}) {
      RunPlan plan = RunPlan.of(400, 25, Reorthogonalization.FULL, 9, c[0], c[1], 3, PLENTY);
      RunOutcome[] outcomes = RunScheduler.run(op, plan, 5, null);
      for (int r = 0; r < 9; r++) {
        assertArrayEquals(reference[r].rule().nodes(), outcomes[r].rule().nodes(), plan + "");
        assertArrayEquals(reference[r].rule().weights(), outcomes[r].rule().weights(),
            plan + "");
      }
    }
  }

  @Test
  void aPlanForAnotherDimensionIsRejected() {
    RunPlan plan = RunPlan.of(300, 10, Reorthogonalization.FULL, 2, 1, 0, 1, PLENTY);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunScheduler.run(diagonal(200), plan, 0, null));
    assertTrue(e.getMessage().contains("n = 300"), e.getMessage());
  }
}
