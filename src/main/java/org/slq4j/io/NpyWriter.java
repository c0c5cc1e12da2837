package org.slq4j.io;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import org.slq4j.Eigenpairs;

/**
 * Writes float64 arrays as NumPy {@code .npy} files (format 1.0, dtype {@code <f8}, C order),
 * readable by {@code numpy.load}: a vector, or an n x k matrix given by its columns, such as the
 * eigenvectors of an {@link Eigenpairs}. Data are written little-endian whatever the platform's
 * byte order; n may exceed 2^31. An existing file is replaced.
 */
public final class NpyWriter {

  /** Bytes buffered per write. */
  private static final int BUFFER_BYTES = 1 << 20;

  private NpyWriter() {}

  /**
   * Writes x[0..n) as a 1-D array of shape (n,).
   *
   * @throws IllegalArgumentException when n is negative or x holds fewer than n doubles
   */
  public static void writeVector(Path file, MemorySegment x, long n) throws IOException {
    writeColumns(file, n, List.of(x), new long[] {n});
  }

  /**
   * Writes the n x k matrix whose column j is columns.get(j)[0..n), k = columns.size(), in C
   * order: row i holds element i of every column.
   *
   * @throws IllegalArgumentException when rows is negative, there are no columns, or a column
   *     holds fewer than rows doubles
   */
  public static void writeColumns(Path file, long rows, List<MemorySegment> columns)
      throws IOException {
    writeColumns(file, rows, columns, new long[] {rows, columns.size()});
  }

  /**
   * Writes the eigenvectors of {@code pairs} as an n x k matrix: column j is eigenvector j, as
   * {@code numpy.linalg.eigh} returns them.
   *
   * @throws IllegalStateException when pairs is closed
   */
  public static void writeEigenvectors(Path file, Eigenpairs pairs) throws IOException {
    Objects.requireNonNull(pairs, "pairs");
    MemorySegment[] columns = new MemorySegment[pairs.count()];
    for (int j = 0; j < columns.length; j++) {
      columns[j] = pairs.eigenvector(j);
    }
    writeColumns(file, pairs.dimension(), List.of(columns));
  }

  private static void writeColumns(Path file, long rows, List<MemorySegment> columns,
      long[] shape) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(columns, "columns");
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, got " + rows);
    }
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("there must be at least one column");
    }
    MemorySegment[] cols = columns.toArray(new MemorySegment[0]);
    for (int j = 0; j < cols.length; j++) {
      Objects.requireNonNull(cols[j], "column " + j);
      if (cols[j].byteSize() / Double.BYTES < rows) {
        throw new IllegalArgumentException("column " + j + " holds "
            + cols[j].byteSize() / Double.BYTES + " doubles, fewer than rows = " + rows);
      }
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      writeFully(ch, ByteBuffer.wrap(NpyHeader.encode("<f8", false, shape)));
      ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      int k = cols.length;
      for (long i = 0; i < rows; i++) {
        for (int j = 0; j < k; j++) {
          if (!buffer.hasRemaining()) {
            buffer.flip();
            writeFully(ch, buffer);
            buffer.clear();
          }
          buffer.putDouble(cols[j].getAtIndex(JAVA_DOUBLE, i));
        }
      }
      buffer.flip();
      writeFully(ch, buffer);
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }
}
