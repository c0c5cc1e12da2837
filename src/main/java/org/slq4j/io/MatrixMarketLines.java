package org.slq4j.io;

import static org.slq4j.io.MatrixMarketReader.abbreviate;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A cursor over the lines of one Matrix Market file: skips comments and blank lines, splits a
 * line into whitespace-separated tokens, parses counts, indices and values, and turns every
 * problem into a {@link MatrixFormatException} at the current line.
 */
class MatrixMarketLines {

  final Path path;
  private final BufferedReader reader;
  private long lineNumber;
  private final long[] tokenStart = new long[4];

  MatrixMarketLines(Path path, BufferedReader reader) {
    this.path = path;
    this.reader = reader;
  }

  /** The 1-based number of the line read last. */
  final long lineNumber() {
    return lineNumber;
  }

  final MatrixFormatException error(String reason) {
    return MatrixFormatException.atLine(path, lineNumber, reason);
  }

  /** The first line as it is (the banner), or null for an empty file. */
  final String firstLine() throws IOException {
    String line = reader.readLine();
    lineNumber = 1;
    return line;
  }

  /** The next line that is neither a comment nor blank, stripped, or null at end of file. */
  final String nextDataLine() throws IOException {
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      String t = line.strip();
      if (!t.isEmpty() && t.charAt(0) != '%') {
        return t;
      }
    }
    lineNumber++;
    return null;
  }

  /** Throws if any data line follows the {@code declared} amount of data. */
  final void checkNoSurplus(String declared) throws IOException {
    String t = nextDataLine();
    if (t != null) {
      throw error("more data than the " + declared + " the size line declares: '"
          + abbreviate(t) + "'");
    }
  }

  /** Splits t at whitespace into at most max tokens (start/end packed); returns the count. */
  final int tokenize(String t, int max) {
    int count = 0;
    int k = 0;
    int len = t.length();
    while (k < len) {
      while (k < len && Character.isWhitespace(t.charAt(k))) {
        k++;
      }
      if (k == len) {
        break;
      }
      int start = k;
      while (k < len && !Character.isWhitespace(t.charAt(k))) {
        k++;
      }
      if (count == max) {
        return max + 1;
      }
      tokenStart[count++] = ((long) start << 32) | k;
    }
    return count;
  }

  private String token(String t, int index) {
    long packed = tokenStart[index];
    return t.substring((int) (packed >>> 32), (int) packed);
  }

  final long parseCount(String t, int index, String what) throws MatrixFormatException {
    String s = token(t, index);
    try {
      long v = Long.parseLong(s);
      if (v < 0) {
        throw error("number of " + what + " is negative: " + s);
      }
      return v;
    } catch (NumberFormatException e) {
      throw error("number of " + what + " is not an integer: '" + abbreviate(s) + "'");
    }
  }

  final long parseIndex(String t, int index, String what, long n)
      throws MatrixFormatException {
    String s = token(t, index);
    long v;
    try {
      v = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw error(what + " index is not an integer: '" + abbreviate(s) + "'");
    }
    if (v < 1 || v > n) {
      throw error(what + " index " + v + " out of range 1.." + n);
    }
    return v;
  }

  final double parseValue(String t, int index, boolean integer)
      throws MatrixFormatException {
    String s = token(t, index);
    double v;
    try {
      v = integer ? (double) Long.parseLong(s) : Double.parseDouble(s);
    } catch (NumberFormatException e) {
      String word = s.toLowerCase(Locale.ROOT).replaceFirst("^[+-]", "");
      if (word.equals("nan") || word.equals("inf") || word.equals("infinity")) {
        v = Double.NaN; // C and Python spellings of non-finite values: reported below.
      } else {
        throw error("value is not " + (integer ? "an integer" : "a real number") + ": '"
            + abbreviate(s) + "'");
      }
    }
    if (!Double.isFinite(v)) {
      throw error("value is not finite: '" + abbreviate(s) + "' (NaN and infinities are not "
          + "allowed)");
    }
    return v;
  }
}
