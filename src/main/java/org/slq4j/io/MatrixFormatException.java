package org.slq4j.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A matrix file that cannot be loaded as a real symmetric matrix. The message names the file,
 * the entry of an archive ({@code .npz}), the position (a 1-based line for text formats, a
 * 0-based byte offset for binary ones, within the entry's uncompressed bytes for an archive, or
 * none when the problem concerns the whole matrix) and what is wrong.
 */
public final class MatrixFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String entry;
  private final long line;
  private final long byteOffset;
  private final String reason;

  private MatrixFormatException(Path file, String entry, long line, long byteOffset,
      String reason, Throwable cause) {
    super(file + (entry != null ? ": entry " + entry : "") + (line >= 0 ? ": line " + line : "")
        + (byteOffset >= 0 ? ": byte offset " + byteOffset : "") + ": " + reason, cause);
    this.file = file;
    this.entry = entry;
    this.line = line;
    this.byteOffset = byteOffset;
    this.reason = reason;
  }

  /** A problem at a 1-based line of a text file. */
  public static MatrixFormatException atLine(Path file, long line, String reason) {
    return atLine(file, line, reason, null);
  }

  /** A problem at a 1-based line of a text file (or none, -1), found through {@code cause}. */
  public static MatrixFormatException atLine(Path file, long line, String reason,
      Throwable cause) {
    return new MatrixFormatException(Objects.requireNonNull(file, "file"), null, line, -1,
        reason, cause);
  }

  /** A problem at a 0-based byte offset of a binary file. */
  public static MatrixFormatException atByte(Path file, long byteOffset, String reason) {
    return new MatrixFormatException(Objects.requireNonNull(file, "file"), null, -1, byteOffset,
        reason, null);
  }

  /**
   * A problem in the entry {@code entry} of an archive, at a 0-based byte offset of its
   * uncompressed bytes (or none, -1), found through {@code cause} (or null).
   */
  public static MatrixFormatException inEntry(Path file, String entry, long byteOffset,
      String reason, Throwable cause) {
    return new MatrixFormatException(Objects.requireNonNull(file, "file"),
        Objects.requireNonNull(entry, "entry"), -1, byteOffset, reason, cause);
  }

  /** A problem of the matrix as a whole (e.g. a sum of duplicates that overflows). */
  public static MatrixFormatException ofMatrix(Path file, String reason, Throwable cause) {
    return new MatrixFormatException(Objects.requireNonNull(file, "file"), null, -1, -1, reason,
        cause);
  }

  /**
   * The same problem, attributed to {@code shown}: for a stream that was read into a temporary
   * file, so that the message names the user's input and not the copy.
   */
  MatrixFormatException withFile(Path shown) {
    MatrixFormatException e = new MatrixFormatException(Objects.requireNonNull(shown, "shown"),
        entry, line, byteOffset, reason, getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** The archive entry, or null for a file that is not an archive or a whole-file problem. */
  public String entry() {
    return entry;
  }

  /** The 1-based line, or -1. */
  public long line() {
    return line;
  }

  /** The 0-based byte offset, or -1. */
  public long byteOffset() {
    return byteOffset;
  }

  /** What is wrong, without the file and position. */
  public String reason() {
    return reason;
  }
}
