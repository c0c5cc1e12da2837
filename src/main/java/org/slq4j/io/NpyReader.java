package org.slq4j.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slq4j.operators.DenseSymmetricOperator;
import org.slq4j.operators.NotSymmetricException;
import org.slq4j.operators.Operators;

/**
 * Reads a square symmetric matrix from a NumPy {@code .npy} file (format versions 1.0, 2.0 and
 * 3.0, as specified in NumPy's {@code numpy.lib.format}): 2-D, dtype {@code <f8} or {@code <f4}
 * (little-endian float64 or float32, widened exactly), C or Fortran order. The data are mapped,
 * not read onto the heap, and copied once into a {@link DenseSymmetricOperator}.
 *
 * <p>For a symmetric matrix C and Fortran order describe the same matrix; symmetry is checked
 * anyway (tolerance {@link Operators#SYMMETRY_TOLERANCE} times max|a_ij|). A wrong magic string,
 * unsupported version or dtype, a shape that is not n x n, truncated or surplus data, NaN or
 * infinite entries and an asymmetric matrix give a {@link MatrixFormatException} with the byte
 * offset of the problem.
 */
public final class NpyReader {

  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** The longest header read; NumPy's own headers are a few hundred bytes. */
  static final long MAX_HEADER_LENGTH = 1 << 24;

  private static final Pattern DESCR =
      Pattern.compile("['\"]descr['\"]\\s*:\\s*(['\"]([^'\"]*)['\"]|\\S)");
  private static final Pattern FORTRAN =
      Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

  private NpyReader() {}

  /** Reads {@code path}. */
  public static LoadedMatrix read(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long fileSize = ch.size();
      ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, pre, 0);
      int got = pre.position();
      for (int k = 0; k < MAGIC.length; k++) {
        if (k >= got || pre.get(k) != MAGIC[k]) {
          throw MatrixFormatException.atByte(path, k, "not a .npy file: the file must start "
              + "with the magic string \\x93NUMPY");
        }
      }
      if (got < 10) {
        throw MatrixFormatException.atByte(path, got, "truncated header");
      }
      int major = pre.get(6) & 0xff;
      int minor = pre.get(7) & 0xff;
      long headerLength;
      int headerStart;
      if (major == 1) {
        headerLength = pre.getShort(8) & 0xffff;
        headerStart = 10;
      } else if (major == 2 || major == 3) {
        if (got < 12) {
          throw MatrixFormatException.atByte(path, got, "truncated header");
        }
        headerLength = pre.getInt(8) & 0xffffffffL;
        headerStart = 12;
      } else {
        throw MatrixFormatException.atByte(path, 6, "unsupported .npy format version " + major
            + "." + minor + " (supported: 1.0, 2.0, 3.0)");
      }
      if (headerLength > MAX_HEADER_LENGTH) {
        throw MatrixFormatException.atByte(path, 8, "header length " + headerLength
            + " bytes exceeds the limit of " + MAX_HEADER_LENGTH + " bytes (16 MiB)");
      }
      long dataOffset = headerStart + headerLength;
      if (dataOffset > fileSize) {
        throw MatrixFormatException.atByte(path, headerStart, "truncated header: it declares "
            + headerLength + " bytes, the file has " + (fileSize - headerStart) + " after byte "
            + headerStart);
      }
      ByteBuffer hb = ByteBuffer.allocate((int) headerLength);
      readFully(ch, hb, headerStart);
      String header = new String(hb.array(), 0, hb.position(),
          major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

      Matcher descr = DESCR.matcher(header);
      if (!descr.find() || descr.group(2) == null) {
        throw MatrixFormatException.atByte(path, headerStart, "unsupported dtype: the header "
            + "has no simple 'descr' (structured arrays are not supported): " + brief(header));
      }
      String dtype = descr.group(2);
      ValueLayout layout = switch (dtype) {
        case "<f8" -> ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        case "<f4" -> ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        default -> throw MatrixFormatException.atByte(path, headerStart + descr.start(2),
            "unsupported dtype '" + dtype + "': slq4j reads '<f8' (float64) and '<f4' "
                + "(float32), little-endian");
      };
      Matcher fortran = FORTRAN.matcher(header);
      if (!fortran.find()) {
        throw MatrixFormatException.atByte(path, headerStart,
            "header has no 'fortran_order': " + brief(header));
      }
      boolean fortranOrder = fortran.group(1).equals("True");
      Matcher shapeMatch = SHAPE.matcher(header);
      if (!shapeMatch.find()) {
        throw MatrixFormatException.atByte(path, headerStart,
            "header has no 'shape': " + brief(header));
      }
      long shapeOffset = headerStart + shapeMatch.start(1);
      String[] dims = shapeMatch.group(1).split(",");
      long[] shape = new long[dims.length];
      int rank = 0;
      for (String d : dims) {
        String s = d.strip();
        if (s.isEmpty()) {
          continue;
        }
        try {
          shape[rank++] = Long.parseLong(s);
        } catch (NumberFormatException e) {
          throw MatrixFormatException.atByte(path, shapeOffset,
              "shape (" + shapeMatch.group(1) + ") is not a tuple of integers");
        }
      }
      if (rank != 2) {
        throw MatrixFormatException.atByte(path, shapeOffset, "expected a 2-D array, found "
            + "shape (" + shapeMatch.group(1).strip() + ")");
      }
      long n = shape[0];
      if (shape[0] != shape[1]) {
        throw MatrixFormatException.atByte(path, shapeOffset, "matrix is not square: shape ("
            + shape[0] + ", " + shape[1] + ")");
      }
      if (n < 1) {
        throw MatrixFormatException.atByte(path, shapeOffset, "the matrix is empty (n = 0)");
      }
      long itemSize = layout.byteSize();
      long dataBytes;
      try {
        dataBytes = Math.multiplyExact(Math.multiplyExact(n, n), itemSize);
      } catch (ArithmeticException e) {
        throw MatrixFormatException.atByte(path, shapeOffset, "shape (" + n + ", " + n
            + ") is too large");
      }
      if (fileSize - dataOffset < dataBytes) {
        throw MatrixFormatException.atByte(path, fileSize, "truncated data: shape (" + n + ", "
            + n + ") of " + dtype + " needs " + dataBytes + " bytes from byte offset "
            + dataOffset + ", the file ends after " + (fileSize - dataOffset));
      }
      if (fileSize - dataOffset > dataBytes) {
        throw MatrixFormatException.atByte(path, dataOffset + dataBytes, (fileSize - dataOffset
            - dataBytes) + " bytes after the end of the data: not a single .npy array");
      }
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment data = ch.map(FileChannel.MapMode.READ_ONLY, dataOffset, dataBytes, arena);
        checkFinite(path, data, layout, n, dataOffset, fortranOrder);
        DenseSymmetricOperator op;
        try {
          op = DenseSymmetricOperator.copyOf(data, layout, n);
        } catch (NotSymmetricException e) {
          // The copy is the stored order; for Fortran order stored (r, c) is matrix (c, r).
          long i = fortranOrder ? e.column() : e.row();
          long j = fortranOrder ? e.row() : e.column();
          long offIj = dataOffset + (fortranOrder ? j * n + i : i * n + j) * itemSize;
          long offJi = dataOffset + (fortranOrder ? i * n + j : j * n + i) * itemSize;
          throw MatrixFormatException.atByte(path, offIj, "matrix is not symmetric: largest "
              + "|a_ij - a_ji| = " + e.difference() + " at (i, j) = (" + i + ", " + j
              + ") (0-based; a_ji at byte offset " + offJi + "), max|a_ij| = " + e.maxAbs()
              + ", tolerance " + Operators.SYMMETRY_TOLERANCE + " * max|a_ij|");
        }
        return new LoadedMatrix(op, n, n * n, LoadedMatrix.NPY, path);
      }
    }
  }

  private static void checkFinite(Path path, MemorySegment data, ValueLayout layout, long n,
      long dataOffset, boolean fortranOrder) throws MatrixFormatException {
    long count = n * n;
    boolean isDouble = layout instanceof ValueLayout.OfDouble;
    ValueLayout.OfDouble dl = isDouble ? (ValueLayout.OfDouble) layout : null;
    ValueLayout.OfFloat fl = isDouble ? null : (ValueLayout.OfFloat) layout;
    for (long k = 0; k < count; k++) {
      double v = isDouble ? data.getAtIndex(dl, k) : data.getAtIndex(fl, k);
      if (!Double.isFinite(v)) {
        long r = k / n;
        long c = k % n;
        throw MatrixFormatException.atByte(path, dataOffset + k * layout.byteSize(), "entry ("
            + (fortranOrder ? c : r) + ", " + (fortranOrder ? r : c) + ") (0-based) is not "
            + "finite: " + v);
      }
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
    long pos = position;
    while (b.hasRemaining()) {
      int r = ch.read(b, pos);
      if (r < 0) {
        return;
      }
      pos += r;
    }
  }

  private static String brief(String header) {
    return MatrixMarketReader.abbreviate(header.strip());
  }
}
