package org.slq4j.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.slq4j.InsufficientMemoryException;
import org.slq4j.operators.CsrOperator;
import org.slq4j.operators.NotSymmetricException;
import org.slq4j.operators.Operators;

/**
 * Reads a real symmetric sparse matrix from a SciPy {@code .npz} archive, as written by
 * {@code scipy.sparse.save_npz} (compressed or not): a zip archive of {@code .npy} arrays,
 * {@code format} (a byte string: {@code csr}, {@code csc} or {@code coo}), {@code shape} (two
 * integers), and {@code data} with {@code indices} and {@code indptr} (csr, csc) or {@code row}
 * and {@code col} (coo; or a 2 x nnz {@code coords} array). The result is a
 * {@link CsrOperator}.
 *
 * <p>The archive stores the whole matrix, both triangles, so the matrix must be symmetric within
 * {@link Operators#SYMMETRY_TOLERANCE} times max|a_ij| (mirrored pairs that differ by less are
 * averaged), as for a Matrix Market {@code general} file; duplicate entries are summed, as SciPy
 * sums them. A csc archive is read as the csr archive of the transpose, which for a symmetric
 * matrix is the same matrix. Index arrays may be any integer dtype (SciPy writes int32 or
 * int64); data may be float64, float32, float16, any integer dtype or bool, in either byte
 * order. Complex data, the bsr and dia formats, non-square or empty matrices, out-of-range or
 * unsorted row pointers, out-of-range indices, NaN or infinite values, and truncated or surplus
 * arrays give a {@link MatrixFormatException} naming the file, the entry and the byte offset in
 * the entry's uncompressed bytes.
 *
 * <p>The arrays are streamed, each through a 64 KiB buffer, several entries at once (the zip
 * file gives random access to its entries): memory grows with the entries actually read, never
 * with what a header or the shape claims, and no object is made per element.
 */
public final class NpzReader {

  /** How many entry names an error lists. */
  private static final int NAMES_SHOWN = 8;

  private NpzReader() {}

  /** Reads {@code path}. */
  public static LoadedMatrix read(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    ZipFile zip;
    try {
      zip = new ZipFile(path.toFile());
    } catch (ZipException | java.io.EOFException e) {
      // EOFException: the end record points past the end of the file (a truncated archive).
      throw MatrixFormatException.ofMatrix(path, "not a readable zip archive ("
          + (e.getMessage() == null ? "it ends early" : e.getMessage())
          + "): an .npz file is the zip archive scipy.sparse.save_npz writes", e);
    }
    try (Archive archive = new Archive(path, zip)) {
      return archive.load();
    }
  }

  /** One pass over one archive; closes every stream it opened and the zip file. */
  private static final class Archive implements Closeable {

    private final Path path;
    private final ZipFile zip;
    private final List<InputStream> opened = new ArrayList<>();

    Archive(Path path, ZipFile zip) {
      this.path = path;
      this.zip = zip;
    }

    LoadedMatrix load() throws IOException {
      String format = readFormat();
      long n = readDimension();
      CsrOperator.Builder builder = CsrOperator.builder(n);
      switch (format) {
        case "csr", "csc" -> compressed(format.equals("csr"), n, builder);
        case "coo" -> coordinate(n, builder);
        case "bsr", "dia" -> throw MatrixFormatException.inEntry(path, "format.npy", -1,
            "sparse format '" + format + "' is not supported: slq4j reads csr, csc and coo "
                + "(save A.tocsr() instead)", null);
        default -> throw MatrixFormatException.inEntry(path, "format.npy", -1,
            "unknown sparse format '" + MatrixMarketReader.abbreviate(format)
                + "' (expected csr, csc or coo)", null);
      }
      CsrOperator op;
      try {
        op = builder.build();
      } catch (NotSymmetricException e) {
        throw MatrixFormatException.ofMatrix(path, "matrix is not symmetric: largest |a_ij - "
            + "a_ji| = " + e.difference() + " at (i, j) = (" + e.row() + ", " + e.column()
            + ") (0-based), max|a_ij| = " + e.maxAbs() + ", tolerance "
            + Operators.SYMMETRY_TOLERANCE + " * max|a_ij|", e);
      } catch (InsufficientMemoryException e) {
        throw e; // not a format problem: n may be right and the machine too small
      } catch (IllegalArgumentException e) {
        throw MatrixFormatException.ofMatrix(path, e.getMessage(), e);
      }
      return new LoadedMatrix(op, n, op.nnz(), LoadedMatrix.NPZ, path);
    }

    /** The sparse format, from the 0-d byte (or text) string in format.npy. */
    private String readFormat() throws IOException {
      if (zip.getEntry("format.npy") == null) {
        throw MatrixFormatException.ofMatrix(path, "not a SciPy sparse matrix archive: no entry "
            + "format.npy (entries: " + entryNames() + "); scipy.sparse.save_npz writes format, "
            + "shape and the index and data arrays (a dense array belongs in a .npy file)",
            null);
      }
      Array a = open("format.npy");
      NpyDtype d = a.dtype;
      if ((d.kind() != 'S' && d.kind() != 'U') || a.count != 1) {
        throw a.error(a.header.descrOffset(), "expected a single byte string such as b'csr', "
            + "found dtype '" + d.descr() + "' and shape (" + a.header.shapeText() + ")");
      }
      byte[] raw;
      try {
        raw = a.in.readNBytes((int) Math.min(d.itemBytes(), 64));
      } catch (IOException e) {
        throw MatrixFormatException.inEntry(path, "format.npy", -1, "unreadable entry ("
            + e.getMessage() + ")", e);
      }
      if (raw.length < Math.min(d.itemBytes(), 64)) {
        throw a.error(a.header.dataOffset() + raw.length, "truncated data");
      }
      String s = d.kind() == 'S' ? new String(raw, StandardCharsets.ISO_8859_1)
          : new String(raw, Charset.forName(d.order() == ByteOrder.BIG_ENDIAN ? "UTF-32BE"
              : "UTF-32LE"));
      int end = s.indexOf('\0');
      return (end >= 0 ? s.substring(0, end) : s).strip();
    }

    /** n, from shape.npy, checked to describe a non-empty square matrix. */
    private long readDimension() throws IOException {
      Array a = open("shape.npy");
      if (!a.dtype.isIndex() || a.count != 2) {
        throw a.error(a.header.descrOffset(), "expected two integers (rows, columns), found "
            + "dtype '" + a.dtype.descr() + "' and shape (" + a.header.shapeText() + ")");
      }
      NpyElements e = a.elements();
      long rows = e.nextLong();
      long cols = e.nextLong();
      e.checkEnd();
      long at = a.header.dataOffset();
      if (rows != cols) {
        throw a.error(at, "matrix is not square: shape (" + rows + ", " + cols + ")");
      }
      if (rows < 1) {
        throw a.error(at, "the matrix is empty (n = " + rows + ")");
      }
      if (rows > Integer.MAX_VALUE) {
        throw a.error(at, "n = " + rows + " exceeds " + Integer.MAX_VALUE
            + ", the largest dimension of a sparse matrix");
      }
      return rows;
    }

    /**
     * csr: row r holds data[k], columns indices[k], for k in indptr[r]..indptr[r+1]-1; csc the
     * same with rows and columns exchanged.
     */
    private void compressed(boolean csr, long n, CsrOperator.Builder builder)
        throws IOException {
      Array ptr = open("indptr.npy");
      Array idx = open("indices.npy");
      Array val = open("data.npy");
      ptr.requireIndex(1);
      idx.requireIndex(1);
      val.requireReal();
      if (ptr.count != n + 1) {
        throw ptr.error(ptr.header.shapeOffset(), "holds " + ptr.count + " row pointers, shape ("
            + n + ", " + n + ") needs " + (n + 1));
      }
      long nnz = idx.count;
      if (val.count != nnz) {
        throw val.error(val.header.shapeOffset(), "holds " + val.count + " values, indices.npy "
            + nnz + " indices");
      }
      NpyElements p = ptr.elements();
      NpyElements ix = idx.elements();
      NpyElements v = val.elements();
      long start = p.nextLong();
      if (start != 0) {
        throw ptr.error(p.offsetOf(0), "indptr[0] = " + start + ", must be 0");
      }
      String outer = csr ? "row" : "column";
      for (long r = 0; r < n; r++) {
        long end = p.nextLong();
        if (end < start || end > nnz) {
          throw ptr.error(p.offsetOf(r + 1), "indptr[" + (r + 1) + "] = " + end + " is outside "
              + start + ".." + nnz + " (indptr[" + r + "] up to the " + nnz + " indices)");
        }
        for (long k = start; k < end; k++) {
          long j = ix.nextLong();
          if (j < 0 || j >= n) {
            throw idx.error(ix.offsetOf(k), "index " + j + " of " + outer + " " + r
                + " is out of range 0.." + (n - 1));
          }
          double x = v.nextDouble();
          long i = csr ? r : j;
          long c = csr ? j : r;
          if (!Double.isFinite(x)) {
            throw val.error(v.offsetOf(k), "value at (" + i + ", " + c + ") (0-based) is not "
                + "finite: " + x);
          }
          builder.add(i, c, x);
        }
        start = end;
      }
      if (start != nnz) {
        throw ptr.error(p.offsetOf(n), "indptr[" + n + "] = " + start + ", but indices.npy "
            + "holds " + nnz + " indices");
      }
      p.checkEnd();
      ix.checkEnd();
      v.checkEnd();
    }

    /** coo: entry k is data[k] at (row[k], col[k]), or at (coords[0, k], coords[1, k]). */
    private void coordinate(long n, CsrOperator.Builder builder) throws IOException {
      Array rowArray;
      Array colArray;
      NpyElements rows;
      NpyElements cols;
      long nnz;
      boolean coords = zip.getEntry("row.npy") == null && zip.getEntry("coords.npy") != null;
      if (coords) {
        rowArray = open("coords.npy");
        rowArray.requireIndex(2);
        long[] shape = rowArray.header.shape();
        if (shape[0] != 2 || rowArray.header.fortranOrder()) {
          throw rowArray.error(rowArray.header.shapeOffset(), "expected coordinates of shape "
              + "(2, nnz) in C order, found shape (" + rowArray.header.shapeText() + ")"
              + (rowArray.header.fortranOrder() ? " in Fortran order" : ""));
        }
        nnz = shape[1];
        colArray = open("coords.npy");
        rows = rowArray.elements();
        cols = colArray.elements();
        cols.skip(nnz);
      } else {
        rowArray = open("row.npy");
        colArray = open("col.npy");
        rowArray.requireIndex(1);
        colArray.requireIndex(1);
        nnz = rowArray.count;
        if (colArray.count != nnz) {
          throw colArray.error(colArray.header.shapeOffset(), "holds " + colArray.count
              + " column indices, row.npy " + nnz + " row indices");
        }
        rows = rowArray.elements();
        cols = colArray.elements();
      }
      Array val = open("data.npy");
      val.requireReal();
      if (val.count != nnz) {
        throw val.error(val.header.shapeOffset(), "holds " + val.count + " values, for " + nnz
            + " coordinates");
      }
      NpyElements v = val.elements();
      for (long k = 0; k < nnz; k++) {
        long i = rows.nextLong();
        if (i < 0 || i >= n) {
          throw rowArray.error(rows.offsetOf(k), "row index " + i + " of entry " + k
              + " is out of range 0.." + (n - 1));
        }
        long j = cols.nextLong();
        if (j < 0 || j >= n) {
          throw colArray.error(cols.offsetOf(cols.index() - 1), "column index " + j
              + " of entry " + k + " is out of range 0.." + (n - 1));
        }
        double x = v.nextDouble();
        if (!Double.isFinite(x)) {
          throw val.error(v.offsetOf(k), "value at (" + i + ", " + j + ") (0-based) is not "
              + "finite: " + x);
        }
        builder.add(i, j, x);
      }
      if (!coords) {
        rows.checkEnd(); // in coords.npy the columns follow the rows
      }
      cols.checkEnd();
      v.checkEnd();
    }

    /** Opens {@code name} (which must exist) and reads its header. */
    private Array open(String name) throws IOException {
      ZipEntry entry = zip.getEntry(name);
      if (entry == null) {
        throw MatrixFormatException.ofMatrix(path, "no entry " + name + " (entries: "
            + entryNames() + "); scipy.sparse.save_npz writes it for this format", null);
      }
      InputStream in;
      try {
        in = zip.getInputStream(entry);
      } catch (ZipException e) {
        throw MatrixFormatException.inEntry(path, name, -1, "unreadable entry ("
            + e.getMessage() + ")", e);
      }
      opened.add(in);
      return new Array(name, entry.getSize(), in);
    }

    private String entryNames() {
      StringBuilder s = new StringBuilder();
      Enumeration<? extends ZipEntry> e = zip.entries();
      int shown = 0;
      while (e.hasMoreElements()) {
        String name = e.nextElement().getName();
        if (shown == NAMES_SHOWN) {
          s.append(", ...");
          break;
        }
        s.append(shown++ > 0 ? ", " : "").append(MatrixMarketReader.abbreviate(name));
      }
      return shown == 0 ? "none" : s.toString();
    }

    @Override
    public void close() throws IOException {
      IOException first = null;
      for (InputStream in : opened) {
        try {
          in.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      try {
        zip.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
      if (first != null) {
        throw first;
      }
    }

    /** One entry: its header, dtype and element count, checked against the entry's size. */
    private final class Array {

      final String name;
      final InputStream in;
      final NpyHeader header;
      final NpyDtype dtype;
      final long count;

      Array(String name, long entrySize, InputStream in) throws IOException {
        this.name = name;
        this.in = in;
        try {
          this.header = NpyHeader.read(in, entrySize, "entry", this::error);
        } catch (MatrixFormatException e) {
          throw e;
        } catch (IOException e) {
          throw MatrixFormatException.inEntry(path, name, -1, "unreadable entry ("
              + e.getMessage() + ")", e);
        }
        this.dtype = NpyDtype.parse(header.descr());
        if (dtype == null) {
          throw error(header.descrOffset(), "unsupported dtype '" + header.descr() + "'");
        }
        try {
          this.count = header.count();
          long bytes = Math.multiplyExact(count, dtype.itemBytes());
          long stored = entrySize - header.dataOffset();
          if (entrySize >= 0 && stored < bytes) {
            throw error(entrySize, "truncated data: shape (" + header.shapeText() + ") of "
                + dtype.descr() + " needs " + bytes + " bytes from byte offset "
                + header.dataOffset() + ", the entry ends after " + stored);
          }
          if (entrySize >= 0 && stored > bytes) {
            throw error(header.dataOffset() + bytes, (stored - bytes) + " bytes after the end "
                + "of the data: not a single .npy array");
          }
        } catch (ArithmeticException e) {
          throw error(header.shapeOffset(), "shape (" + header.shapeText() + ") is too large");
        }
      }

      MatrixFormatException error(long byteOffset, String reason) {
        return MatrixFormatException.inEntry(path, name, byteOffset, reason, null);
      }

      void requireIndex(int rank) throws MatrixFormatException {
        if (!dtype.isIndex()) {
          throw error(header.descrOffset(), "unsupported dtype '" + dtype.descr() + "' for "
              + "indices: expected integers (SciPy writes int32 or int64)");
        }
        requireRank(rank);
      }

      void requireReal() throws MatrixFormatException {
        if (dtype.kind() == 'c') {
          throw error(header.descrOffset(), "complex data (dtype '" + dtype.descr() + "') is "
              + "not supported: slq4j reads real symmetric matrices");
        }
        if (!dtype.isReal()) {
          throw error(header.descrOffset(), "unsupported dtype '" + dtype.descr() + "' for "
              + "values: expected float64, float32, float16, an integer type or bool");
        }
        requireRank(1);
      }

      private void requireRank(int rank) throws MatrixFormatException {
        if (header.shape().length != rank) {
          throw error(header.shapeOffset(), "expected a " + rank + "-D array, found shape ("
              + header.shapeText().strip() + ")");
        }
      }

      NpyElements elements() {
        return new NpyElements(in, dtype, count, header.dataOffset(), this::error);
      }
    }
  }
}
