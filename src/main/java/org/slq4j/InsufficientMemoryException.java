package org.slq4j;

/**
 * One Lanczos run needs more memory than the machine has available, so the estimate is refused
 * before anything large is allocated. The message says how much one run needs (its basis and
 * its operator vectors), how much is available, and which settings would fit, with their size.
 * Running fewer runs at once never helps here: the estimator already lowers the concurrency
 * when only that does not fit.
 */
public final class InsufficientMemoryException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final long bytesNeeded;
  private final long bytesAvailable;

  /**
   * @param message the plan, the budget and what would fit
   * @param bytesNeeded bytes one run needs
   * @param bytesAvailable bytes available when the estimate was planned
   */
  public InsufficientMemoryException(String message, long bytesNeeded, long bytesAvailable) {
    super(message);
    this.bytesNeeded = bytesNeeded;
    this.bytesAvailable = bytesAvailable;
  }

  /** Bytes one run needs. */
  public long bytesNeeded() {
    return bytesNeeded;
  }

  /** Bytes of memory that were available. */
  public long bytesAvailable() {
    return bytesAvailable;
  }
}
