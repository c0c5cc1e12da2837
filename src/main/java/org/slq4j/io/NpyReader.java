package org.slq4j.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
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

  static final byte[] MAGIC = NpyHeader.MAGIC;

  private NpyReader() {}

  /** Reads {@code path}. */
  public static LoadedMatrix read(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long fileSize = ch.size();
      NpyHeader h = NpyHeader.read(Channels.newInputStream(ch), fileSize, "file",
          (offset, reason) -> MatrixFormatException.atByte(path, offset, reason));
      String dtype = h.descr();
      ValueLayout layout = switch (dtype) {
        case "<f8" -> ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        case "<f4" -> ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        default -> throw MatrixFormatException.atByte(path, h.descrOffset(),
            "unsupported dtype '" + dtype + "': slq4j reads '<f8' (float64) and '<f4' "
                + "(float32), little-endian");
      };
      boolean fortranOrder = h.fortranOrder();
      long[] shape = h.shape();
      long shapeOffset = h.shapeOffset();
      long dataOffset = h.dataOffset();
      if (shape.length != 2) {
        throw MatrixFormatException.atByte(path, shapeOffset, "expected a 2-D array, found "
            + "shape (" + h.shapeText().strip() + ")");
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
}
