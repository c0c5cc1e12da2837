package org.slq4j.spark;

import java.util.List;
import java.util.Locale;
import org.slq4j.SpectralDensity;

/**
 * A row-partitioned estimate with where its time went: the density, the partitions, the
 * driver's wall time of the Spark job, and per task its rows, entries, halo and the time spent
 * loading its rows, planning its halo, in its products, in halo exchanges (the entries of the
 * new vector other tasks read, with the norm's partial sum, including the wait for the
 * slowest task), in reductions (the dot products' partial sums, same), and in its
 * vector work.
 *
 * @param density the estimate
 * @param partitions the tasks (row blocks)
 * @param jobNanos the driver's wall time of the barrier job, scheduling included
 * @param tasks each task's report, in task order
 */
public record RowsEstimate(SpectralDensity density, int partitions, long jobNanos,
    List<Task> tasks) {

  /**
   * One task's report.
   *
   * @param rows rows owned
   * @param nonzeros stored entries of those rows
   * @param halo entries of other tasks read per product
   * @param export own entries sent to other tasks per product (one per reading task)
   * @param steps Lanczos steps taken over all runs
   * @param loadNanos building the rows
   * @param planNanos the halo plan and its exchange
   * @param matvecNanos the products
   * @param haloNanos the halo exchanges
   * @param reduceNanos the reductions
   * @param vectorNanos the vector work
   * @param haloMessages allGathers of halo messages
   * @param reduceMessages allGathers of reductions
   */
  public record Task(long rows, long nonzeros, int halo, int export, long steps, long loadNanos,
      long planNanos, long matvecNanos, long haloNanos, long reduceNanos, long vectorNanos,
      long haloMessages, long reduceMessages) {}

  /** One line per task and a total, milliseconds per Lanczos step. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "rows mode: %d partitions, job %.3f s%n", partitions,
        jobNanos / 1e9));
    for (int p = 0; p < tasks.size(); p++) {
      Task t = tasks.get(p);
      double steps = Math.max(1, t.steps());
      s.append(String.format(Locale.ROOT, "  task %d: %d rows, %d entries, halo %d, export %d; "
          + "load %.3f s, plan %.3f s; per step (ms): matvec %.3f, halo exchange %.3f "
          + "(%d msgs), reductions %.3f (%d msgs), vector %.3f%n", p, t.rows(), t.nonzeros(),
          t.halo(), t.export(), t.loadNanos() / 1e9, t.planNanos() / 1e9,
          t.matvecNanos() / 1e6 / steps, t.haloNanos() / 1e6 / steps, t.haloMessages(),
          t.reduceNanos() / 1e6 / steps, t.reduceMessages(), t.vectorNanos() / 1e6 / steps));
    }
    return s.toString();
  }
}
