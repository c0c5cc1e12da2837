package org.slq4j.io;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slq4j.EigenSolver;
import org.slq4j.Eigenpairs;
import org.slq4j.operators.LaplacianOperator;

/**
 * {@link NpyWriter}: files read back through the reader's own header parser, the bytes after
 * it compared with the values in C order, little-endian; the header laid out as NumPy writes
 * it (data at a multiple of 64 bytes, a newline last). A square matrix written this way loads
 * through {@link MatrixFiles}.
 */
class NpyWriterTest {

  @TempDir
  Path dir;

  @Test
  void aMatrixOfColumnsIsWrittenInCOrder() throws IOException {
    double[] a = {1.5, -2, Math.PI};
    double[] b = {0, 1e-300, Double.MAX_VALUE};
    Path file = dir.resolve("m.npy");
    NpyWriter.writeColumns(file, 3, List.of(MemorySegment.ofArray(a), MemorySegment.ofArray(b)));
    NpyHeader h = header(file);
    assertEquals("<f8", h.descr());
    assertFalse(h.fortranOrder());
    assertArrayEquals(new long[] {3, 2}, h.shape());
    assertEquals(0, h.dataOffset() % 64);
    assertArrayEquals(new double[] {1.5, 0, -2, 1e-300, Math.PI, Double.MAX_VALUE},
        data(file, h));
    byte[] bytes = Files.readAllBytes(file);
    assertEquals('\n', bytes[(int) h.dataOffset() - 1]);
    assertTrue(new String(bytes, 0, (int) h.dataOffset(), java.nio.charset.StandardCharsets
        .ISO_8859_1).contains("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }"));
  }

  @Test
  void aVectorHasShapeNComma() throws IOException {
    Path file = dir.resolve("v.npy");
    NpyWriter.writeVector(file, MemorySegment.ofArray(new double[] {4, 5, 6, 7}), 3);
    NpyHeader h = header(file);
    assertArrayEquals(new long[] {3}, h.shape());
    assertEquals("3,", h.shapeText());
    assertArrayEquals(new double[] {4, 5, 6}, data(file, h));
  }

  @Test
  void aSquareMatrixLoadsBackThroughTheReader() throws IOException {
    double[][] columns = {{2, -1, 0}, {-1, 2, -1}, {0, -1, 2}};
    Path file = dir.resolve("laplacian.npy");
    NpyWriter.writeColumns(file, 3, List.of(MemorySegment.ofArray(columns[0]),
        MemorySegment.ofArray(columns[1]), MemorySegment.ofArray(columns[2])));
    try (LoadedMatrix m = MatrixFiles.load(file)) {
      assertEquals(3, m.dimension());
      MemorySegment y = MemorySegment.ofArray(new double[3]);
      m.operator().apply(MemorySegment.ofArray(new double[] {1, 0, 0}), y);
      assertArrayEquals(columns[0], y.toArray(JAVA_DOUBLE));
    }
  }

  @Test
  void eigenvectorsAreTheColumns() throws IOException {
    Path file = dir.resolve("eigvecs.npy");
    try (Eigenpairs p = EigenSolver.builder().k(3).build().solve(LaplacianOperator.of(9))) {
      NpyWriter.writeEigenvectors(file, p);
      NpyHeader h = header(file);
      assertArrayEquals(new long[] {9, 3}, h.shape());
      double[] d = data(file, h);
      for (int j = 0; j < 3; j++) {
        double[] v = p.eigenvectorArray(j);
        for (int i = 0; i < 9; i++) {
          assertEquals(v[i], d[i * 3 + j]);
        }
      }
      p.close();
      assertThrows(IllegalStateException.class, () -> NpyWriter.writeEigenvectors(file, p));
    }
  }

  @Test
  void badArgumentsAreRefused() {
    Path file = dir.resolve("x.npy");
    MemorySegment two = MemorySegment.ofArray(new double[2]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NpyWriter.writeColumns(file, 3, List.of(two)));
    assertEquals("column 0 holds 2 doubles, fewer than rows = 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> NpyWriter.writeColumns(file, 2, List.of()));
    assertEquals("there must be at least one column", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> NpyWriter.writeVector(file, two, -1));
    assertEquals("rows must be >= 0, got -1", e.getMessage());
    assertFalse(Files.exists(file), "nothing written on a refusal");
  }

  @Test
  void aLongHeaderSwitchesToVersion2() {
    long[] shape = new long[30_000];  // "1, " 30000 times: more than 65535 header bytes
    java.util.Arrays.fill(shape, 1);
    byte[] h = NpyHeader.encode("<f8", false, shape);
    assertEquals(2, h[6]);
    assertEquals(0, h.length % 64);
    assertEquals(1, NpyHeader.encode("<f8", false, new long[] {5, 2})[6]);
  }

  private static NpyHeader header(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return NpyHeader.read(in, Files.size(file), "file",
          (offset, reason) -> MatrixFormatException.atByte(file, offset, reason));
    }
  }

  private static double[] data(Path file, NpyHeader h) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    b.position((int) h.dataOffset());
    double[] out = new double[b.remaining() / Double.BYTES];
    b.asDoubleBuffer().get(out);
    return out;
  }
}
