package org.slq4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.slq4j.operators.DuplicateOverflowException;
import org.slq4j.operators.NotSymmetricException;
import org.slq4j.operators.Operators;

/**
 * The errors found on an assembled Matrix Market matrix, where line numbers are gone: a
 * {@code general} matrix that fails the symmetry check, and duplicates whose sum overflows.
 * Rather than keep a line per entry on the normal path, these error paths re-read the file for
 * the entries at (i, j) and (j, i) and name the line of (i, j), or of (j, i) when (i, j) is
 * absent.
 */
final class AsymmetryReport {

  private AsymmetryReport() {}

  /** The error for {@code e}, found in the {@code coordinate} or array file {@code path}. */
  static MatrixFormatException of(Path path, NotSymmetricException e, boolean coordinate,
      String field) {
    long i = e.row() + 1;
    long j = e.column() + 1;
    Occurrences ij = new Occurrences();
    Occurrences ji = new Occurrences();
    IOException rescan = rescan(path, coordinate, field, i, j, ij, ji);
    String where = rescan != null ? ","
        : ": a_ij " + ij.describe() + ", a_ji " + ji.describe() + ";";
    long line = ij.count > 0 ? ij.lines[0] : ji.count > 0 ? ji.lines[0] : -1;
    MatrixFormatException m = MatrixFormatException.atLine(path, rescan != null ? -1 : line,
        "general matrix is not symmetric: largest |a_ij - a_ji| = " + e.difference()
            + " at (" + i + ", " + j + ") (1-based, as in the file)" + where + " max|a_ij| = "
            + e.maxAbs() + ", tolerance " + Operators.SYMMETRY_TOLERANCE + " * max|a_ij|",
        e);
    if (rescan != null) {
      m.addSuppressed(rescan);
    }
    return m;
  }

  /**
   * The error for duplicates of a {@code coordinate} file whose sum overflowed: the position
   * 1-based, as in the file, with the lines of the entries there (and at the mirrored position
   * of a symmetric file, which lands on the same entry).
   */
  static MatrixFormatException ofOverflow(Path path, DuplicateOverflowException e,
      boolean symmetric, String field) {
    long i = e.row() + 1;
    long j = e.column() + 1;
    Occurrences ij = new Occurrences();
    Occurrences ji = new Occurrences();
    IOException rescan = rescan(path, true, field, i, j, ij, ji);
    String where = rescan != null ? "" : i == j || !symmetric ? ": a_ij " + ij.describe()
        : ": a_ij " + ij.describe() + ", a_ji " + ji.describe();
    long line = ij.count > 0 ? ij.lines[0] : ji.count > 0 ? ji.lines[0] : -1;
    MatrixFormatException m = MatrixFormatException.atLine(path, rescan != null ? -1 : line,
        "the duplicate entries at (" + i + ", " + j + ") (1-based, as in the file) sum beyond "
            + "the double range" + where + " (duplicates are summed)", e);
    if (rescan != null) {
      m.addSuppressed(rescan);
    }
    return m;
  }

  /** {@link #find} on a fresh read of {@code path}; the error that stopped it, or null. */
  private static IOException rescan(Path path, boolean coordinate, String field, long i, long j,
      Occurrences ij, Occurrences ji) {
    try (InputStream again = MatrixMarketReader.open(path)) {
      find(new MatrixMarketLines(path, again), coordinate, field, i, j, ij, ji);
      return null;
    } catch (IOException x) {
      return x;
    }
  }

  /**
   * Reads the file again, already validated once, collecting the entries at (i, j) and
   * (j, i) (1-based) with their lines; duplicates are summed in file order, as the builder
   * sums them. Stops quietly if the file has become shorter since.
   */
  private static void find(MatrixMarketLines in, boolean coordinate, String field, long i, long j,
      Occurrences ij, Occurrences ji) throws IOException {
    in.firstLine(); // the banner
    if (!in.nextDataLine()) {
      return;
    }
    in.tokenize(3);
    long n = in.parseCount(0, "rows");
    boolean integer = field.equals("integer");
    if (coordinate) {
      boolean pattern = field.equals("pattern");
      long entries = in.parseCount(2, "entries");
      for (long e = 0; e < entries && in.nextDataLine(); e++) {
        in.tokenize(4);
        long r = in.parseIndex(0, "row", n);
        long c = in.parseIndex(1, "column", n);
        if ((r == i && c == j) || (r == j && c == i)) {
          (r == i ? ij : ji).add(in.lineNumber(), pattern ? 1.0 : in.parseValue(2, integer));
        }
      }
    } else {
      // Column-major: value k (0-based) is entry (k % n, k / n) (0-based).
      long kij = (j - 1) * n + (i - 1);
      long kji = (i - 1) * n + (j - 1);
      long last = Math.max(kij, kji);
      for (long k = 0; k <= last && in.nextDataLine(); k++) {
        if (k == kij || k == kji) {
          in.tokenize(2);
          (k == kij ? ij : ji).add(in.lineNumber(), in.parseValue(0, integer));
        }
      }
    }
  }

  /** The lines and the summed value of the entries at one position, found by a re-scan. */
  private static final class Occurrences {

    private static final int LINES_SHOWN = 3;

    private final long[] lines = new long[LINES_SHOWN];
    private long count;
    private double sum;

    void add(long line, double value) {
      if (count < LINES_SHOWN) {
        lines[(int) count] = line;
      }
      count++;
      sum += value;
    }

    /** E.g. "= 1.5 on line 7", "= 3.0, the sum of 2 entries on lines 4, 9", "absent (0)". */
    String describe() {
      if (count == 0) {
        return "absent (0)";
      }
      StringBuilder s = new StringBuilder("= ").append(sum);
      if (count == 1) {
        return s.append(" on line ").append(lines[0]).toString();
      }
      s.append(", the sum of ").append(count).append(" entries on lines ");
      for (int k = 0; k < Math.min(count, LINES_SHOWN); k++) {
        s.append(k > 0 ? ", " : "").append(lines[k]);
      }
      return s.append(count > LINES_SHOWN ? ", ..." : "").toString();
    }
  }
}
