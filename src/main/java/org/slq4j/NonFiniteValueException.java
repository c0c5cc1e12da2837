package org.slq4j;

/**
 * The operator produced a NaN or an infinity. Thrown instead of letting a non-finite value reach
 * the density; names the run and the Lanczos step where it was detected.
 */
public final class NonFiniteValueException extends ArithmeticException {

  private static final long serialVersionUID = 1L;

  private final int run;
  private final int step;
  private final String detail;

  /**
   * @param run the run index (0-based), or -1 when not known or not in a run
   * @param step the Lanczos step (1-based), or 0 when not in a Lanczos run
   * @param detail what was non-finite
   */
  public NonFiniteValueException(int run, int step, String detail) {
    super((run >= 0 ? "run " + run + ", " : "") + (step > 0 ? "Lanczos step " + step + ": " : "")
        + detail);
    this.run = run;
    this.step = step;
    this.detail = detail;
  }

  /** The same failure, attributed to the given run. */
  public NonFiniteValueException withRun(int run) {
    NonFiniteValueException e = new NonFiniteValueException(run, step, detail);
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** The run index (0-based), or -1 when not known. */
  public int run() {
    return run;
  }

  /** The Lanczos step (1-based) at which the non-finite value appeared, or 0 outside a run. */
  public int step() {
    return step;
  }
}
