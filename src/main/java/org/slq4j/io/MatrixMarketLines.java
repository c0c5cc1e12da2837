package org.slq4j.io;


import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A cursor over the lines of one Matrix Market file, read as bytes through one buffer: skips
 * comments and blank lines, splits the current line into whitespace-separated tokens, parses
 * counts, indices and values in place, and turns every problem into a
 * {@link MatrixFormatException} at the current line. The data lines make no object: a String
 * is made only for a line that an error message quotes (or that is read as text, the banner).
 * Lines end at {@code \n}, {@code \r\n} or {@code \r}, as for {@link java.io.BufferedReader}.
 */
class MatrixMarketLines {

  /** The longest line read; the format's own limit is 1024 characters. */
  static final int MAX_LINE_BYTES = 1 << 24;

  private static final int BUFFER_BYTES = 1 << 16;

  final Path path;
  private final InputStream in;
  private byte[] buffer = new byte[BUFFER_BYTES];
  private int limit;
  private boolean endOfInput;
  /** The current line is buffer[lineStart, lineEnd), its terminator ends before next. */
  private int lineStart;
  private int lineEnd;
  private int next;
  private long lineNumber;
  private final int[] tokenFrom = new int[4];
  private final int[] tokenTo = new int[4];
  /** The entry read last by {@link #nextEntry} (1-based indices). */
  long entryRow;
  long entryColumn;
  double entryValue;

  MatrixMarketLines(Path path, InputStream in) {
    this.path = path;
    this.in = in;
  }

  /** The 1-based number of the line read last. */
  final long lineNumber() {
    return lineNumber;
  }

  final MatrixFormatException error(String reason) {
    return MatrixFormatException.atLine(path, lineNumber, reason);
  }

  /**
   * The first line as it is (the banner), without a UTF-8 byte-order mark before it (editors on
   * Windows write one; it is invisible on screen), or null for an empty file.
   */
  final String firstLine() throws IOException {
    boolean found = readLine();
    lineNumber = 1;
    if (!found) {
      return null;
    }
    int from = lineStart;
    if (lineEnd - from >= 3 && (buffer[from] & 0xff) == 0xef && (buffer[from + 1] & 0xff) == 0xbb
        && (buffer[from + 2] & 0xff) == 0xbf) {
      from += 3;
    }
    return new String(buffer, from, lineEnd - from, StandardCharsets.UTF_8);
  }

  /**
   * Moves to the next line that is neither a comment nor blank, with its surrounding
   * whitespace trimmed; false at the end of the file.
   */
  final boolean nextDataLine() throws IOException {
    while (readLine()) {
      lineNumber++;
      int s = lineStart;
      int e = lineEnd;
      while (s < e && isSpace(buffer[s])) {
        s++;
      }
      while (e > s && isSpace(buffer[e - 1])) {
        e--;
      }
      if (s < e && buffer[s] != '%') {
        lineStart = s;
        lineEnd = e;
        return true;
      }
    }
    lineNumber++;
    return false;
  }

  /**
   * Moves to the next data line and reads it as a coordinate entry, 'row column value' (or
   * 'row column' for a pattern file), into {@link #entryRow}, {@link #entryColumn} and
   * {@link #entryValue}; false at the end of the file. Indices must lie in 1..n. A plain line
   * (digits, blanks, a number, '\n') is parsed in one pass over its bytes; any other line (a
   * comment, a blank line, a line across the buffer's end, an error) takes the general path,
   * which gives the same result or the same error.
   */
  final boolean nextEntry(boolean pattern, boolean integer, long n) throws IOException {
    if (plainEntry(pattern, integer, n)) {
      return true;
    }
    if (!nextDataLine()) {
      return false;
    }
    int valueTokens = pattern ? 2 : 3;
    if (tokenize(4) != valueTokens) {
      throw error("expected " + (pattern ? "'row column'" : "'row column value'") + " ("
          + valueTokens + " numbers), found '" + excerptOfLine() + "'");
    }
    entryRow = parseIndex(0, "row", n);
    entryColumn = parseIndex(1, "column", n);
    entryValue = pattern ? 1.0 : parseValue(2, integer);
    return true;
  }

  /** The fast path of {@link #nextEntry}: false, with nothing moved, unless the line is plain. */
  private boolean plainEntry(boolean pattern, boolean integer, long n) {
    byte[] b = buffer;
    int lim = limit;
    int p = next;
    int s = p;
    long r = 0;
    while (p < lim && b[p] >= '0' && b[p] <= '9') {
      r = r * 10 + (b[p++] - '0');
    }
    if (p == s || p - s > 18 || p >= lim || (b[p] != ' ' && b[p] != '\t')) {
      return false;
    }
    while (p < lim && (b[p] == ' ' || b[p] == '\t')) {
      p++;
    }
    s = p;
    long c = 0;
    while (p < lim && b[p] >= '0' && b[p] <= '9') {
      c = c * 10 + (b[p++] - '0');
    }
    if (p == s || p - s > 18 || p >= lim) {
      return false;
    }
    double v = 1.0;
    if (!pattern) {
      if (b[p] != ' ' && b[p] != '\t') {
        return false;
      }
      while (p < lim && (b[p] == ' ' || b[p] == '\t')) {
        p++;
      }
      s = p;
      while (p < lim && b[p] > ' ') { // a negative byte (not ASCII) ends it too, and fails below
        p++;
      }
      if (p == s || p >= lim) {
        return false;
      }
      try {
        v = integer ? DecimalParser.parseLong(b, s, p) : DecimalParser.parseDouble(b, s, p);
      } catch (NumberFormatException e) {
        return false;
      }
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    while (p < lim && (b[p] == ' ' || b[p] == '\t')) {
      p++;
    }
    if (p >= lim || b[p] != '\n' || r < 1 || r > n || c < 1 || c > n) {
      return false;
    }
    lineNumber++;
    lineStart = next;
    lineEnd = p;
    next = p + 1;
    entryRow = r;
    entryColumn = c;
    entryValue = v;
    return true;
  }

  /** The current data line as text, for messages. */
  final String line() {
    return new String(buffer, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
  }

  /** The current line for quoting in a message ({@link MatrixMarketReader#excerpt}). */
  final String excerptOfLine() {
    return MatrixMarketReader.excerpt(buffer, lineStart, lineEnd);
  }

  /** Throws if any data line follows the {@code declared} amount of data. */
  final void checkNoSurplus(String declared) throws IOException {
    if (nextDataLine()) {
      throw error("more data than the " + declared + " the size line declares: '"
          + excerptOfLine() + "'");
    }
  }

  /** Splits the current line at whitespace into at most max tokens; returns the count. */
  final int tokenize(int max) {
    byte[] b = buffer;
    int count = 0;
    int k = lineStart;
    int end = lineEnd;
    while (k < end) {
      while (k < end && isSpace(b[k])) {
        k++;
      }
      if (k == end) {
        break;
      }
      int start = k;
      while (k < end && !isSpace(b[k])) {
        k++;
      }
      if (count == max) {
        return max + 1;
      }
      tokenFrom[count] = start;
      tokenTo[count++] = k;
    }
    return count;
  }

  private String token(int index) {
    return new String(buffer, tokenFrom[index], tokenTo[index] - tokenFrom[index],
        StandardCharsets.UTF_8);
  }

  /** Token {@code index} for quoting in a message ({@link MatrixMarketReader#excerpt}). */
  private String excerptOfToken(int index) {
    return MatrixMarketReader.excerpt(buffer, tokenFrom[index], tokenTo[index]);
  }

  final long parseCount(int index, String what) throws MatrixFormatException {
    try {
      long v = DecimalParser.parseLong(buffer, tokenFrom[index], tokenTo[index]);
      if (v < 0) {
        throw error("number of " + what + " is negative: " + token(index));
      }
      return v;
    } catch (NumberFormatException e) {
      throw error("number of " + what + " is not an integer: '" + excerptOfToken(index)
          + "'");
    }
  }

  final long parseIndex(int index, String what, long n) throws MatrixFormatException {
    long v;
    try {
      v = DecimalParser.parseLong(buffer, tokenFrom[index], tokenTo[index]);
    } catch (NumberFormatException e) {
      throw error(what + " index is not an integer: '" + excerptOfToken(index) + "'");
    }
    if (v < 1 || v > n) {
      throw error(what + " index " + v + " out of range 1.." + n);
    }
    return v;
  }

  final double parseValue(int index, boolean integer) throws MatrixFormatException {
    double v;
    try {
      v = integer ? (double) DecimalParser.parseLong(buffer, tokenFrom[index], tokenTo[index])
          : DecimalParser.parseDouble(buffer, tokenFrom[index], tokenTo[index]);
    } catch (NumberFormatException e) {
      String word = token(index).toLowerCase(Locale.ROOT).replaceFirst("^[+-]", "");
      if (word.equals("nan") || word.equals("inf") || word.equals("infinity")) {
        v = Double.NaN; // C and Python spellings of non-finite values: reported below.
      } else {
        throw error("value is not " + (integer ? "an integer" : "a real number") + ": '"
            + excerptOfToken(index) + "'");
      }
    }
    if (!Double.isFinite(v)) {
      throw error("value is not finite: '" + excerptOfToken(index) + "' (NaN and infinities "
          + "are not allowed)");
    }
    return v;
  }

  /** Whitespace as {@link Character#isWhitespace} sees it, for ASCII bytes. */
  private static boolean isSpace(byte c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  }

  /**
   * Moves to the next line, whatever it holds; false at the end of the file. The whole line is
   * in the buffer afterwards (the buffer grows for a long line, up to
   * {@link #MAX_LINE_BYTES}).
   */
  private boolean readLine() throws IOException {
    int scan = next;
    while (true) {
      int k = scan;
      byte[] b = buffer;
      int lim = limit;
      while (k < lim && b[k] != '\n' && b[k] != '\r') {
        k++;
      }
      if (k < lim && (b[k] == '\n' || k + 1 < lim || endOfInput)) {
        // '\n', or '\r' whose next byte is known: "\r\n" is one terminator.
        lineStart = next;
        lineEnd = k;
        next = b[k] == '\r' && k + 1 < lim && b[k + 1] == '\n' ? k + 2 : k + 1;
        return true;
      }
      if (endOfInput) {
        if (next == lim) {
          return false;
        }
        lineStart = next; // a last line without a terminator
        lineEnd = lim;
        next = lim;
        return true;
      }
      scan = k - next; // where the search resumes, relative to the line start
      fill();
      scan += next;
    }
  }

  /** Moves the unread bytes to the front (growing the buffer if they fill it) and reads more. */
  private void fill() throws IOException {
    int kept = limit - next;
    if (next == 0 && kept == buffer.length) {
      if (buffer.length >= MAX_LINE_BYTES) {
        lineNumber++;
        throw error("line longer than " + MAX_LINE_BYTES + " bytes");
      }
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    } else if (next > 0) {
      System.arraycopy(buffer, next, buffer, 0, kept);
    }
    next = 0;
    limit = kept;
    int r = in.read(buffer, limit, buffer.length - limit);
    if (r < 0) {
      endOfInput = true;
    } else {
      limit += r;
    }
  }
}
