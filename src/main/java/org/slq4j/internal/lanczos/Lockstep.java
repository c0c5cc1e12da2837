package org.slq4j.internal.lanczos;

import java.lang.foreign.MemorySegment;
import java.util.function.IntConsumer;
import org.slq4j.NonFiniteValueException;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.plan.RowRangeOperator;

/**
 * Drives several Lanczos runs in lockstep ({@link Lanczos#runBlock}): at each step the current
 * vectors of all unfinished runs are interleaved into one block, multiplied by one
 * {@link SymmetricOperator#applyBlock} call (one pass over the operator's data for all of them),
 * and the results interleaved back; each run then finishes its step by itself. A run that stops
 * early (invariant subspace) leaves the block, which shrinks; a block of one is the product of
 * a single run ({@link LanczosRun#multiply}). The pack, the block product and the unpack run on
 * the calling thread; each run's own vector work goes through its lanes.
 */
final class Lockstep {

  private Lockstep() {}

  /**
   * Advances every run until all are done. The matvec time of a block is shared equally among
   * its members.
   *
   * @param blockX scratch of {@code runs.length * n} doubles, not aliasing the runs' storage
   * @param blockY scratch of {@code runs.length * n} doubles
   * @param onStep called with the member index after each step of that member (may be null)
   * @throws NonFiniteValueException from a member's step, with the member index as its run
   */
  static void drive(SymmetricOperator operator, LanczosRun[] runs, long n, MemorySegment blockX,
      MemorySegment blockY, IntConsumer onStep) {
    int count = runs.length;
    int[] active = new int[count];
    MemorySegment[] in = new MemorySegment[count];
    MemorySegment[] out = new MemorySegment[count];
    Interleave buffers = new Interleave(count);
    RowRangeOperator byRows = LanczosRun.byRows(operator);
    while (true) {
      int m = 0;
      for (int k = 0; k < count; k++) {
        if (!runs[k].done()) {
          in[m] = runs[k].input();
          out[m] = runs[k].output();
          active[m++] = k;
        }
      }
      if (m == 0) {
        break;
      }
      long t0 = System.nanoTime();
      if (m == 1) {
        runs[active[0]].multiply(operator, byRows);
      } else {
        buffers.pack(in, m, n, blockX);
        operator.applyBlock(blockX, blockY, m);
        buffers.unpack(blockY, m, n, out);
        for (int a = 0; a < m; a++) {
          runs[active[a]].multipliedElsewhere();
        }
      }
      long share = (System.nanoTime() - t0) / m;
      for (int a = 0; a < m; a++) {
        int k = active[a];
        runs[k].matvecNanos += share;
        try {
          runs[k].advance();
        } catch (NonFiniteValueException e) {
          throw e.withRun(k);
        }
        if (onStep != null) {
          onStep.accept(k);
        }
      }
    }
  }
}
