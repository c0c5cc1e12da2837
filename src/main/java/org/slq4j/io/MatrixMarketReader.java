package org.slq4j.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.slq4j.InsufficientMemoryException;
import org.slq4j.operators.CsrOperator;
import org.slq4j.operators.DenseSymmetricOperator;
import org.slq4j.operators.DuplicateOverflowException;
import org.slq4j.operators.NotSymmetricException;
import org.slq4j.operators.Operators;

/**
 * Reads a real symmetric matrix from a Matrix Market file (NIST, "The Matrix Market Exchange
 * Formats: Initial Design", Boisvert, Pozo and Remington 1996), plain or gzip-compressed.
 *
 * <ul>
 *   <li>{@code coordinate} with field {@code real}, {@code integer} or {@code pattern} (every
 *       entry 1) and symmetry {@code general} or {@code symmetric}: a {@link CsrOperator} with
 *       both triangles stored. A symmetric file must hold one triangle (either one; a file mixing
 *       entries above and below the diagonal is rejected, since the format would count them
 *       twice). Duplicate entries are summed.
 *   <li>{@code array} with field {@code real} or {@code integer} and symmetry {@code general}
 *       (n^2 values, column-major) or {@code symmetric} (the lower triangle, column by column):
 *       a {@link DenseSymmetricOperator}.
 * </ul>
 *
 * <p>{@code general} matrices must be symmetric within {@link Operators#SYMMETRY_TOLERANCE}
 * times max|a_ij|. Complex, Hermitian and skew-symmetric matrices, non-square matrices,
 * out-of-range indices, NaN or infinite values, truncated or surplus data and corrupt gzip data
 * all give a {@link MatrixFormatException} naming the file, the line and the problem (a quoted
 * line or token shows its bytes, control characters and invalid UTF-8 as \xNN); nothing stays
 * allocated on failure. An asymmetric {@code general} matrix is found only once assembled, so
 * that error alone re-reads the file to name the line of the offending entry.
 */
public final class MatrixMarketReader {

  private static final String BANNER = "%%MatrixMarket";

  private MatrixMarketReader() {}

  /** Reads {@code path} (gzip-compressed files are recognized by their magic bytes). */
  public static LoadedMatrix read(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    try (InputStream in = open(path)) {
      return new Parser(path, in).parse();
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      // Only the gzip decoder throws these: a plain file's stream simply ends.
      throw MatrixFormatException.ofMatrix(path, "corrupt or truncated gzip data: "
          + (e.getMessage() == null ? "the compressed stream ends early" : e.getMessage()), e);
    }
  }

  /** The file's bytes, through gzip if the file starts with its magic bytes. */
  static InputStream open(Path path) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    try {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** One pass over the lines of one file: the banner, the size line and the data. */
  private static final class Parser extends MatrixMarketLines {

    Parser(Path path, InputStream in) {
      super(path, in);
    }

    LoadedMatrix parse() throws IOException {
      String line = firstLine();
      if (line == null) {
        throw error("empty file: expected the banner '" + BANNER
            + " matrix <format> <field> <symmetry>'");
      }
      String[] banner = line.strip().split("\\s+");
      if (!banner[0].equalsIgnoreCase(BANNER)) {
        throw error("wrong banner: expected a first line starting with '" + BANNER
            + "', found '" + excerptOfLine() + "'");
      }
      if (banner.length != 5) {
        throw error("wrong banner: expected '" + BANNER
            + " matrix <format> <field> <symmetry>', found '" + excerptOfLine() + "'");
      }
      String object = banner[1].toLowerCase(Locale.ROOT);
      String format = banner[2].toLowerCase(Locale.ROOT);
      String field = banner[3].toLowerCase(Locale.ROOT);
      String symmetry = banner[4].toLowerCase(Locale.ROOT);
      if (!object.equals("matrix")) {
        throw error("wrong banner: object '" + banner[1] + "' is not 'matrix'");
      }
      if (!format.equals("coordinate") && !format.equals("array")) {
        throw error("wrong banner: format '" + banner[2]
            + "' is neither 'coordinate' nor 'array'");
      }
      switch (field) {
        case "real", "integer", "pattern" -> { }
        case "complex" -> throw error("complex field is not supported: slq4j reads real "
            + "symmetric matrices (field real, integer or pattern)");
        default -> throw error("wrong banner: unknown field '" + banner[3]
            + "' (expected real, integer, pattern or complex)");
      }
      switch (symmetry) {
        case "general", "symmetric" -> { }
        case "skew-symmetric" -> throw error("skew-symmetric matrices are not supported: "
            + "slq4j needs a real symmetric matrix (symmetry general or symmetric)");
        case "hermitian" -> throw error("hermitian matrices are not supported: slq4j needs a "
            + "real symmetric matrix (symmetry general or symmetric)");
        default -> throw error("wrong banner: unknown symmetry '" + banner[4]
            + "' (expected general, symmetric, skew-symmetric or hermitian)");
      }
      if (format.equals("array") && field.equals("pattern")) {
        throw error("the array format has no pattern field (Matrix Market specification)");
      }
      boolean symmetric = symmetry.equals("symmetric");
      return format.equals("coordinate")
          ? coordinate(field, symmetric)
          : array(field, symmetric);
    }

    private LoadedMatrix coordinate(String field, boolean symmetric) throws IOException {
      if (!nextDataLine()) {
        throw error("truncated data: missing the size line 'rows columns entries'");
      }
      int count = tokenize(3);
      if (count != 3) {
        throw error("size line must be 'rows columns entries', found '" + excerptOfLine()
            + "'");
      }
      long rows = parseCount(0, "rows");
      long cols = parseCount(1, "columns");
      long entries = parseCount(2, "entries");
      checkSquare(rows, cols);
      if (rows > Integer.MAX_VALUE) {
        throw error("n = " + rows + " exceeds " + Integer.MAX_VALUE
            + ", the largest dimension of a sparse matrix");
      }
      boolean pattern = field.equals("pattern");
      boolean integer = field.equals("integer");
      CsrOperator.Builder builder = CsrOperator.builder(rows).symmetricExpansion(symmetric);
      long upperLine = -1;
      long lowerLine = -1;
      for (long e = 0; e < entries; e++) {
        if (!nextEntry(pattern, integer, rows)) {
          throw error("truncated data: the size line declares " + entries + " entries, the file"
              + " ends after " + e);
        }
        long i = entryRow;
        long j = entryColumn;
        double v = entryValue;
        if (symmetric && i != j) {
          if (i < j) {
            upperLine = upperLine < 0 ? lineNumber() : upperLine;
          } else {
            lowerLine = lowerLine < 0 ? lineNumber() : lowerLine;
          }
          if (upperLine > 0 && lowerLine > 0) {
            throw error("symmetric file holds entries on both sides of the diagonal (line "
                + Math.min(upperLine, lowerLine) + " and line " + lineNumber() + "); a symmetric "
                + "Matrix Market file stores one triangle only");
          }
        }
        builder.add(i - 1, j - 1, v);
      }
      checkNoSurplus(entries + " entries");
      CsrOperator op;
      try {
        op = builder.build();
      } catch (NotSymmetricException e) {
        throw AsymmetryReport.of(path, e, true, field);
      } catch (DuplicateOverflowException e) {
        throw AsymmetryReport.ofOverflow(path, e, symmetric, field);
      } catch (InsufficientMemoryException e) {
        throw e; // not a format problem: n may be right and the machine too small
      } catch (IllegalArgumentException e) {
        throw MatrixFormatException.ofMatrix(path, e.getMessage(), e);
      }
      return new LoadedMatrix(op, rows, op.nnz(), LoadedMatrix.MATRIX_MARKET_COORDINATE, path);
    }

    private LoadedMatrix array(String field, boolean symmetric) throws IOException {
      if (!nextDataLine()) {
        throw error("truncated data: missing the size line 'rows columns'");
      }
      if (tokenize(3) != 2) {
        throw error("size line must be 'rows columns', found '" + excerptOfLine() + "'");
      }
      long rows = parseCount(0, "rows");
      long cols = parseCount(1, "columns");
      checkSquare(rows, cols);
      if (rows > 46340) {
        throw error("n = " + rows + " is too large for a dense text matrix (at most 46340)");
      }
      int n = (int) rows;
      if (n < 1) {
        throw error("the matrix is empty (n = 0)");
      }
      boolean integer = field.equals("integer");
      long expected = symmetric ? (long) n * (n + 1) / 2 : (long) n * n;
      // The values as stored, column-major, in an array grown with the values read: the size
      // line is a claim, and a short file must not cost n^2 doubles.
      double[] stored = new double[(int) Math.min(expected, 1 << 16)];
      for (long e = 0; e < expected; e++) {
        if (!nextDataLine()) {
          throw error("truncated data: expected " + expected + " values, the file ends after "
              + e);
        }
        if (tokenize(2) != 1) {
          throw error("expected one value per line, found '" + excerptOfLine() + "'");
        }
        if (e == stored.length) {
          stored = Arrays.copyOf(stored, (int) Math.min(expected, 2 * e));
        }
        stored[(int) e] = parseValue(0, integer);
      }
      checkNoSurplus(expected + " values");
      double[] a = symmetric ? unpackLower(stored, n) : transposeInPlace(stored, n);
      DenseSymmetricOperator op;
      try {
        op = DenseSymmetricOperator.copyOf(MemorySegment.ofArray(a), n);
      } catch (NotSymmetricException e) {
        throw AsymmetryReport.of(path, e, false, field);
      } catch (IllegalArgumentException e) {
        throw MatrixFormatException.ofMatrix(path, e.getMessage(), e);
      }
      return new LoadedMatrix(op, n, (long) n * n, LoadedMatrix.MATRIX_MARKET_ARRAY, path);
    }

    /** Row-major n x n from the lower triangle stored column by column. */
    private static double[] unpackLower(double[] lower, int n) {
      double[] a = new double[n * n];
      int k = 0;
      for (int j = 0; j < n; j++) {
        for (int i = j; i < n; i++) {
          a[i * n + j] = lower[k];
          a[j * n + i] = lower[k++];
        }
      }
      return a;
    }

    /** Row-major from column-major, in place. */
    private static double[] transposeInPlace(double[] a, int n) {
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          double t = a[i * n + j];
          a[i * n + j] = a[j * n + i];
          a[j * n + i] = t;
        }
      }
      return a;
    }

    private void checkSquare(long rows, long cols) throws MatrixFormatException {
      if (rows != cols) {
        throw error("matrix is not square: " + rows + " rows, " + cols + " columns");
      }
      if (rows < 1) {
        throw error("the matrix is empty (n = 0)");
      }
    }
  }

  /**
   * The bytes {@code b[from, to)} of a file for quoting in a one-line error message: printable
   * ASCII and well-formed UTF-8 of printable characters as they are; every other byte (control
   * characters, invalid UTF-8, a byte-order mark or other invisible format characters) written
   * as \xNN, so that the message shows what the file holds; cut after about 80 characters.
   */
  static String excerpt(byte[] b, int from, int to) {
    StringBuilder s = new StringBuilder();
    int k = from;
    while (k < to && s.length() < 77) {
      int c = b[k] & 0xff;
      if (c >= 0x20 && c < 0x7f) {
        s.append((char) c);
        k++;
        continue;
      }
      int len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3
          : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
      if (len > 0 && k + len <= to) {
        try {
          String ch = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
              .decode(java.nio.ByteBuffer.wrap(b, k, len)).toString();
          if (printable(ch.codePointAt(0))) {
            s.append(ch);
            k += len;
            continue;
          }
        } catch (java.nio.charset.CharacterCodingException e) {
          // not UTF-8: the bytes are shown one by one below
        }
      }
      s.append(String.format(Locale.ROOT, "\\x%02x", c));
      k++;
    }
    if (k < to) {
      s.append("...");
    }
    return s.toString();
  }

  private static boolean printable(int cp) {
    int type = Character.getType(cp);
    return cp != 0xfffd && type != Character.CONTROL && type != Character.FORMAT
        && type != Character.SURROGATE && type != Character.PRIVATE_USE
        && type != Character.UNASSIGNED && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR;
  }

  /**
   * {@code s} for quoting in a one-line error message: cut to at most 80 characters, and every
   * control character (ESC, BEL, NUL, line breaks, DEL, the C1 range) written as \xNN, so that
   * binary garbage cannot reach the terminal or break the message's line.
   */
  static String abbreviate(String s) {
    String cut = s.length() <= 80 ? s : s.substring(0, 77) + "...";
    StringBuilder b = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
        b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
