package org.slq4j.cli;

import org.slq4j.InsufficientMemoryException;
import org.slq4j.NonFiniteValueException;

/**
 * The library's exceptions from an estimate, as the one-line user errors every command prints:
 * named after the input, with the command-line option in place of the builder method.
 */
final class LibraryErrors {

  private LibraryErrors() {}

  /**
   * The user error for {@code e}, thrown by a library call on {@code input}'s operator.
   *
   * @param memoryHint appended to an out-of-memory message, or empty
   */
  static UserError of(DensityCommand.Input input, RuntimeException e, String memoryHint) {
    String msg = e.getMessage() == null ? e.toString() : e.getMessage();
    if (e instanceof NonFiniteValueException) {
      return new UserError(input.shownPath() + ": the matrix produced NaN or infinity (" + msg
          + "); check the file for NaN, Inf or overflowing entries");
    }
    if (e instanceof InsufficientMemoryException) {
      return new UserError(input.shownPath() + ": " + msg + memoryHint);
    }
    if (msg.startsWith("the operator is not symmetric")) {
      return new UserError(msg.replace("the operator is not symmetric", input.shownPath()
          + ": the matrix is not symmetric").replace("disable with checkSymmetry(false)",
          "skip this check with --no-symmetry-check"));
    }
    return new UserError(input.shownPath() + ": " + msg);
  }
}
