package org.slq4j;

/**
 * Receives progress of an estimate. Called after every Lanczos step from the thread that ran it,
 * so with several threads it is called concurrently: implementations must be thread-safe and
 * quick (a progress bar should rate-limit its own drawing).
 */
@FunctionalInterface
public interface ProgressListener {

  /**
   * @param stepsDone Lanczos steps completed so far over all runs (a run that stops early at
   *     an invariant subspace counts as all its requested steps)
   * @param stepsTotal runs times requested steps
   * @param runsDone runs completed so far
   * @param runsTotal runs requested
   */
  void progress(long stepsDone, long stepsTotal, int runsDone, int runsTotal);
}
