package org.slq4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slq4j.operators.CsrOperator;

/**
 * The .npz fixtures were written by SciPy itself (src/test/resources/org/slq4j/io/npz/
 * make_fixtures.py); damaged archives are made here from them, entry by entry.
 */
class NpzReaderTest {

  private static final int N = 30;

  @TempDir
  Path dir;

  static Path fixture(String name) {
    try {
      return Path.of(NpzReaderTest.class.getResource("npz/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double[] apply(CsrOperator op, double[] x) {
    double[] y = new double[x.length];
    op.apply(MemorySegment.ofArray(x), MemorySegment.ofArray(y));
    return y;
  }

  @ParameterizedTest
  @ValueSource(strings = {"csr_f8_i4.npz", "csc_f8_i4_z.npz", "coo_f8_i4_z.npz",
      "csr_f8_i8_z.npz", "csc_f8_i8.npz", "coo_f8_i8.npz", "csr_f8_big_endian.npz",
      "csr_array.npz", "coo_coords_z.npz"})
  void equalsTheMatrixMarketOperatorOfTheSameMatrix(String name) throws IOException {
    try (LoadedMatrix mm = MatrixFiles.load(fixture("matrix.mtx"));
        LoadedMatrix npz = MatrixFiles.load(fixture(name))) {
      assertEquals(LoadedMatrix.NPZ, npz.format());
      assertEquals(N, npz.dimension());
      assertEquals(mm.storedNonzeros(), npz.storedNonzeros());
      CsrOperator a = (CsrOperator) mm.operator();
      CsrOperator b = assertInstanceOf(CsrOperator.class, npz.operator());
      for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
          assertEquals(a.get(i, j), b.get(i, j), 0.0, "(" + i + ", " + j + ")");
        }
      }
      double[] x = new Random(7).doubles(N, -1, 1).toArray();
      assertArrayEquals(apply(a, x), apply(b, x), 0.0);
    }
  }

  @Test
  void float32DataAreWidenedExactly() throws IOException {
    try (LoadedMatrix mm = MatrixFiles.load(fixture("matrix.mtx"));
        LoadedMatrix npz = NpzReader.read(fixture("csr_f4.npz"))) {
      CsrOperator a = (CsrOperator) mm.operator();
      CsrOperator b = (CsrOperator) npz.operator();
      for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
          assertEquals((double) (float) a.get(i, j), b.get(i, j), 0.0);
        }
      }
    }
  }

  @Test
  void integerDataReadAsTheirValues() throws IOException {
    // The graph Laplacian of the fixture matrix's pattern: degree on the diagonal, -1 off it.
    try (LoadedMatrix mm = MatrixFiles.load(fixture("matrix.mtx"));
        LoadedMatrix npz = NpzReader.read(fixture("laplacian_i8.npz"))) {
      CsrOperator a = (CsrOperator) mm.operator();
      CsrOperator l = (CsrOperator) npz.operator();
      for (int i = 0; i < N; i++) {
        int degree = 0;
        for (int j = 0; j < N; j++) {
          if (i != j && a.get(i, j) != 0) {
            degree++;
            assertEquals(-1.0, l.get(i, j), 0.0);
          }
        }
        assertEquals(degree, l.get(i, i), 0.0);
      }
    }
  }

  @Test
  void duplicatesAreSummed() throws IOException {
    try (LoadedMatrix npz = NpzReader.read(fixture("coo_duplicates.npz"))) {
      CsrOperator op = (CsrOperator) npz.operator();
      assertEquals(1.25, op.get(0, 0), 0.0);
      assertEquals(0.5, op.get(1, 1), 0.0);
      assertEquals(2.0, op.get(1, 2), 0.0);
      assertEquals(2.0, op.get(2, 1), 0.0);
      assertEquals(0.0, op.get(2, 2), 0.0);
      assertEquals(4, op.nnz());
    }
  }

  private static MatrixFormatException fails(Path p, String entry, String... reasons) {
    MatrixFormatException e = assertThrows(MatrixFormatException.class,
        () -> MatrixFiles.load(p));
    String m = e.getMessage();
    assertTrue(m.startsWith(p.toString()), m);
    assertEquals(entry, e.entry(), m);
    if (entry != null) {
      assertTrue(m.contains(": entry " + entry), m);
    }
    for (String r : reasons) {
      assertTrue(m.contains(r), "'" + r + "' not in: " + m);
    }
    return e;
  }

  @Test
  void refusedMatricesAreNamed() {
    fails(fixture("nonsymmetric.npz"), null, "not symmetric", "|a_ij - a_ji| = 1.0");
    fails(fixture("complex.npz"), "data.npy", "complex data", "'<c16'");
    fails(fixture("rectangular.npz"), "shape.npy", "not square", "(3, 4)");
    fails(fixture("bsr.npz"), "format.npy", "'bsr' is not supported", "tocsr()");
    fails(fixture("plain.npz"), null, "no entry format.npy", "arr_0.npy", ".npy file");
  }

  /** The entries of a fixture, in order, with {@code entry} replaced by what edit makes of it. */
  private Path rewrite(String fixture, String entry, UnaryOperator<byte[]> edit)
      throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(fixture(fixture).toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
      }
    }
    byte[] edited = edit.apply(entries.get(entry));
    if (edited == null) {
      entries.remove(entry);
    } else {
      entries.put(entry, edited);
    }
    Path p = dir.resolve(fixture.replace(".npz", "") + "-" + entry.replace(".npy", "")
        + ".npz");
    try (OutputStream out = Files.newOutputStream(p);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return p;
  }

  /** Offset of the data in a .npy entry written by NumPy (header length at bytes 8-9). */
  private static int dataOffset(byte[] npy) {
    return 10 + ((npy[8] & 0xff) | (npy[9] & 0xff) << 8);
  }

  private static UnaryOperator<byte[]> putInt(int element, int value) {
    return b -> {
      byte[] c = b.clone();
      ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(dataOffset(c) + 4 * element,
          value);
      return c;
    };
  }

  @Test
  void damagedArraysAreNamedWithEntryAndOffset() throws IOException {
    String csr = "csr_f8_i4.npz";
    fails(rewrite(csr, "indices.npy", b -> Arrays.copyOf(b, b.length - 4)), "indices.npy",
        "truncated data");
    fails(rewrite(csr, "data.npy", b -> Arrays.copyOf(b, b.length + 8)), "data.npy",
        "8 bytes after the end");
    MatrixFormatException e = fails(rewrite(csr, "indices.npy", putInt(2, N)), "indices.npy",
        "index 30", "out of range 0..29");
    assertEquals(128 + 8, e.byteOffset());
    fails(rewrite(csr, "indices.npy", putInt(0, -1)), "indices.npy", "index -1");
    fails(rewrite(csr, "indptr.npy", putInt(5, 0)), "indptr.npy", "indptr[5] = 0 is outside");
    fails(rewrite(csr, "indptr.npy", putInt(0, 1)), "indptr.npy", "indptr[0] = 1, must be 0");
    fails(rewrite(csr, "indptr.npy", b -> Arrays.copyOf(b, b.length - 4)), "indptr.npy",
        "truncated data");
    fails(rewrite(csr, "data.npy", b -> {
      byte[] c = b.clone();
      ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putDouble(dataOffset(c) + 8,
          Double.NaN);
      return c;
    }), "data.npy", "not finite: NaN");
    fails(rewrite(csr, "indptr.npy", b -> null), null, "no entry indptr.npy");
    fails(rewrite(csr, "format.npy", b -> {
      byte[] c = b.clone();
      c[dataOffset(c)] = 'x';
      return c;
    }), "format.npy", "unknown sparse format 'xsr'");
    fails(rewrite("coo_f8_i4_z.npz", "col.npy", putInt(1, N)), "col.npy",
        "column index 30 of entry 1");
    fails(rewrite("coo_f8_i4_z.npz", "row.npy", b -> Arrays.copyOf(b, b.length - 8)),
        "row.npy", "truncated data", "needs 560 bytes", "the entry ends after 552");
  }

  /** A header's shape is a claim: checked against the entry's size before anything is read. */
  @Test
  void claimedSizesBeyondTheEntryAreRefusedBeforeReading() throws IOException {
    UnaryOperator<byte[]> huge = b -> {
      int start = 10;
      String h = new String(b, start, dataOffset(b) - start, StandardCharsets.ISO_8859_1);
      String dict = h.strip().replaceFirst("'shape': \\(\\d+,\\)",
          "'shape': (1000000000000000,)");
      String same = dict + " ".repeat(h.length() - 1 - dict.length()) + "\n";
      byte[] c = b.clone();
      byte[] hb = same.getBytes(StandardCharsets.ISO_8859_1);
      System.arraycopy(hb, 0, c, start, hb.length);
      return c;
    };
    fails(rewrite("csr_f8_i4.npz", "data.npy", huge), "data.npy", "truncated data",
        "needs 8000000000000000 bytes");
    fails(rewrite("csr_f8_i4.npz", "indices.npy", huge), "indices.npy", "truncated data");
  }

  @Test
  void notAZipArchiveIsNamed() throws IOException {
    Path p = dir.resolve("broken.npz");
    Files.write(p, "PK\u0003\u0004 not a zip archive".getBytes(StandardCharsets.ISO_8859_1));
    fails(p, null, "not a readable zip archive");
    Path q = dir.resolve("text.npz");
    Files.writeString(q, "hello");
    fails(q, null, "not a readable zip archive");
  }
}
