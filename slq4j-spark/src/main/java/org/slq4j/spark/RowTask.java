package org.slq4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One task of a row-partitioned estimate: builds its rows, plans and exchanges its halo, runs
 * every run of the estimate SPMD with the other tasks ({@link RowLanczos}) and reports. Task 0
 * also carries the runs' tridiagonals (identical on every task).
 *
 * @param part the task's index
 * @param rows the rows it owned
 * @param nonzeros the stored entries of its rows
 * @param halo the entries of other tasks its rows read
 * @param export its entries other tasks read
 * @param alpha per run, T's diagonal (task 0 only, else null)
 * @param beta per run, T's off-diagonal (task 0 only, else null)
 * @param nanos load, plan, matvec, halo exchange, reductions, vector work (nanoseconds)
 * @param steps Lanczos steps taken, over all runs
 * @param messages allGathers: halo messages, then reductions
 */
record RowTask(int part, long rows, long nonzeros, int halo, int export, double[][] alpha,
    double[][] beta, long[] nanos, long steps, long[] messages) implements Serializable {

  private static final long serialVersionUID = 1L;

  static RowTask run(int part, long[] bounds, RowEntries matrix, long n, long seed, int runs,
      int steps, boolean full, RowLanczos.Exchange exchange) {
    long t0 = System.nanoTime();
    RowBlock block;
    try {
      block = RowBlock.load(matrix, bounds[part], bounds[part + 1]);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read rows " + bounds[part] + " .. "
          + (bounds[part + 1] - 1) + " of " + matrix + ": " + e.getMessage(), e);
    }
    long t1 = System.nanoTime();
    HaloPlan plan = HaloPlan.build(bounds, part, block);
    double[] request = plan.request();
    plan.connect(exchange.allGather(request, request.length));
    long t2 = System.nanoTime();
    RowLanczos lanczos = new RowLanczos(block, plan, n, exchange);
    double[][] alpha = part == 0 ? new double[runs][] : null;
    double[][] beta = part == 0 ? new double[runs][] : null;
    for (int r = 0; r < runs; r++) {
      RowLanczos.Tridiagonal t = lanczos.run(r, probeSeed(seed, r), steps, full);
      if (part == 0) {
        alpha[r] = t.alpha();
        beta[r] = t.beta();
      }
    }
    RowLanczos.Timings tm = lanczos.timings;
    return new RowTask(part, block.rows(), block.nonzeros(), plan.haloSize(), plan.exportSize(),
        alpha, beta, new long[] {t1 - t0, t2 - t1, tm.matvec, tm.halo, tm.reduce, tm.vector},
        tm.steps, new long[] {tm.haloMessages, tm.reduceMessages});
  }

  /**
   * The seed of run r's Rademacher vector, as the local estimator derives it: output r + 1 of
   * SplitMix64 ({@link SplittableRandom}) seeded with SplitMix64's first output for the
   * estimate's seed, so distinct (seed, run) pairs give independent vectors.
   */
  static long probeSeed(long seed, int run) {
    SplittableRandom outputs = new SplittableRandom(new SplittableRandom(seed).nextLong());
    long probe = 0;
    for (int k = 0; k <= run; k++) {
      probe = outputs.nextLong();
    }
    return probe;
  }

  /** The names of {@link #nanos()}'s entries. */
  static final List<String> PHASES = List.of("load", "plan", "matvec", "halo exchange",
      "reductions", "vector work");
}
