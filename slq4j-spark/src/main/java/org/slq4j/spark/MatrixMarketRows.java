package org.slq4j.spark;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The rows of a Matrix Market coordinate file (real, integer or pattern; general or symmetric),
 * read in one pass that keeps only the entries of the asked rows: a task's memory is its rows,
 * not the file. A symmetric file's entry (i, j) also gives (j, i). Gzip-compressed files are
 * recognized by their magic bytes. The file is not checked for symmetry (a general file is
 * taken as it is; the plain estimator checks it).
 */
final class MatrixMarketRows implements RowEntries {

  private static final long serialVersionUID = 1L;

  private final String path;
  /** n once read; 0 until then (also after deserialization: n >= 1 for any matrix). */
  private transient long dimension;

  MatrixMarketRows(String path) {
    this.path = path;
  }

  @Override
  public long dimension() {
    if (dimension == 0) {
      try {
        dimension = scan(-1, -1, null);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage(), e);
      }
    }
    return dimension;
  }

  @Override
  public void rows(long from, long to, Sink sink) throws IOException {
    scan(from, to, sink);
  }

  /** Reads the header and, with a sink, the entries of rows [from, to); returns n. */
  private long scan(long from, long to, Sink sink) throws IOException {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(open(Path.of(path)),
        StandardCharsets.US_ASCII), 1 << 16)) {
      String banner = in.readLine();
      long line = 1;
      if (banner == null || !banner.startsWith("%%MatrixMarket")) {
        throw new IOException(path + ": not a Matrix Market file (no %%MatrixMarket banner)");
      }
      String[] b = banner.trim().toLowerCase(Locale.ROOT).split("\\s+");
      if (b.length < 5 || !b[1].equals("matrix") || !b[2].equals("coordinate")) {
        throw new IOException(path + ": row-partitioned estimates read Matrix Market "
            + "'matrix coordinate' files, got '" + banner.trim() + "'");
      }
      boolean pattern = b[3].equals("pattern");
      if (!pattern && !b[3].equals("real") && !b[3].equals("integer")) {
        throw new IOException(path + ": field '" + b[3] + "' is not supported (real, integer "
            + "or pattern)");
      }
      boolean symmetric = b[4].equals("symmetric");
      if (!symmetric && !b[4].equals("general")) {
        throw new IOException(path + ": symmetry '" + b[4] + "' is not supported (general or "
            + "symmetric)");
      }
      String s;
      do {
        s = in.readLine();
        line++;
      } while (s != null && (s.isBlank() || s.startsWith("%")));
      if (s == null) {
        throw new IOException(path + ": no size line");
      }
      String[] size = s.trim().split("\\s+");
      long rows = Long.parseLong(size[0]);
      long cols = Long.parseLong(size[1]);
      long entries = Long.parseLong(size[2]);
      if (rows != cols) {
        throw new IOException(path + ": the matrix is " + rows + " x " + cols + ", not square");
      }
      if (sink == null) {
        return rows;
      }
      long seen = 0;
      while ((s = in.readLine()) != null) {
        line++;
        if (s.isBlank() || s.startsWith("%")) {
          continue;
        }
        seen++;
        int p = 0;
        int len = s.length();
        while (p < len && s.charAt(p) <= ' ') {
          p++;
        }
        int q = p;
        while (q < len && s.charAt(q) > ' ') {
          q++;
        }
        int r = q;
        while (r < len && s.charAt(r) <= ' ') {
          r++;
        }
        int t = r;
        while (t < len && s.charAt(t) > ' ') {
          t++;
        }
        long i;
        long j;
        double v;
        try {
          i = Long.parseLong(s, p, q, 10) - 1;
          j = Long.parseLong(s, r, t, 10) - 1;
          v = pattern ? 1.0 : Double.parseDouble(s.substring(t).trim());
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
          throw new IOException(path + ": line " + line + ": bad entry '" + s.trim() + "'", e);
        }
        if (i < 0 || i >= rows || j < 0 || j >= rows) {
          throw new IOException(path + ": line " + line + ": entry (" + (i + 1) + ", " + (j + 1)
              + ") outside the " + rows + " x " + rows + " matrix");
        }
        if (i >= from && i < to) {
          sink.accept(i, j, v);
        }
        if (symmetric && i != j && j >= from && j < to) {
          sink.accept(j, i, v);
        }
      }
      if (seen != entries) {
        throw new IOException(path + ": the size line announces " + entries + " entries, the "
            + "file has " + seen);
      }
      return rows;
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw new IOException(path + ": bad size line (" + e.getMessage() + ")", e);
    }
  }

  private static InputStream open(Path path) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
  }

  @Override
  public String toString() {
    return path;
  }
}
