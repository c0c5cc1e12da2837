package org.slq4j.cli;

/**
 * A problem the user can fix (a bad option, a missing or malformed file, an unusable output
 * folder): reported as one line on stderr with exit code 2, never with a stack trace.
 */
final class UserError extends Exception {

  private static final long serialVersionUID = 1L;

  UserError(String message) {
    super(message, null, false, false);
  }

  UserError(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
