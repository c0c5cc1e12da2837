package org.slq4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slq4j.operators.DenseSymmetricOperator;

class NpyReaderTest {

  @TempDir
  Path dir;

  /** Writes a .npy file the way numpy.lib.format does (header padded to 64 bytes, '\n'). */
  static byte[] npy(int major, String descr, boolean fortran, String shape, double[] values) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
        + ", 'shape': " + shape + ", }";
    int prefix = major == 1 ? 10 : 12;
    int total = prefix + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    byte[] hb = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    int item = descr.endsWith("4") ? 4 : 8;
    ByteBuffer b = ByteBuffer.allocate(prefix + hb.length + values.length * item)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII));
    b.put((byte) major).put((byte) 0);
    if (major == 1) {
      b.putShort((short) hb.length);
    } else {
      b.putInt(hb.length);
    }
    b.put(hb);
    for (double v : values) {
      if (item == 4) {
        b.putFloat((float) v);
      } else {
        b.putDouble(v);
      }
    }
    return b.array();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private static double[] symmetric(int n, Random rnd) {
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        a[i * n + j] = a[j * n + i] = rnd.nextGaussian();
      }
    }
    return a;
  }

  @ParameterizedTest
  @CsvSource({"1, <f8, false", "2, <f8, true", "3, <f8, false", "1, <f4, false",
      "2, <f4, true", "3, <f4, true"})
  void readsEveryVersionDtypeAndOrder(int major, String descr, boolean fortran)
      throws IOException {
    int n = 7;
    double[] a = symmetric(n, new Random(major * 31 + n));
    Path p = write("m.npy", npy(major, descr, fortran, "(" + n + ", " + n + ")", a));
    try (LoadedMatrix m = NpyReader.read(p)) {
      assertEquals("npy", m.format());
      assertEquals(n, m.dimension());
      assertEquals((long) n * n, m.storedNonzeros());
      DenseSymmetricOperator op = assertInstanceOf(DenseSymmetricOperator.class, m.operator());
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double want = descr.equals("<f4") ? (float) a[i * n + j] : a[i * n + j];
          assertEquals(want, op.get(i, j), 0.0);
        }
      }
    }
  }

  @Test
  void fortranOrderMeansTransposedStorage() throws IOException {
    // Stored [1, 2, 2, 3] is [[1, 2], [2, 3]] either way; an asymmetric file must name the
    // matrix position in its own order.
    double[] stored = {1, 2, 5, 3};
    Path p = write("f.npy", npy(1, "<f8", true, "(2, 2)", stored));
    MatrixFormatException e = assertThrows(MatrixFormatException.class, () -> NpyReader.read(p));
    // Fortran: stored index 1 is matrix (row 1, column 0), stored index 2 is (0, 1).
    assertTrue(e.getMessage().contains("(i, j) = (1, 0)"), e.getMessage());
    assertTrue(e.getMessage().contains("|a_ij - a_ji| = 3.0"), e.getMessage());
    long dataOffset = Files.size(p) - 32;
    assertEquals(dataOffset + 8, e.byteOffset());
    assertTrue(e.getMessage().contains("a_ji at byte offset " + (dataOffset + 16)),
        e.getMessage());
  }

  private MatrixFormatException fails(String name, byte[] bytes, long offset,
      String... reasons) throws IOException {
    Path p = write(name, bytes);
    MatrixFormatException e = assertThrows(MatrixFormatException.class, () -> NpyReader.read(p));
    String m = e.getMessage();
    assertTrue(m.contains(name), m);
    if (offset >= 0) {
      assertEquals(offset, e.byteOffset(), m);
      assertTrue(m.contains("byte offset " + offset + ":"), m);
    }
    for (String r : reasons) {
      assertTrue(m.contains(r), "'" + r + "' not in: " + m);
    }
    return e;
  }

  @Test
  void errorsNameFileOffsetAndReason() throws IOException {
    double[] four = {1, 0, 0, 1};
    fails("magic.npy", "PK\u0003\u0004 not numpy".getBytes(StandardCharsets.ISO_8859_1), 0,
        "magic");
    fails("empty.npy", new byte[0], 0, "magic");
    byte[] v4 = npy(1, "<f8", false, "(2, 2)", four);
    v4[6] = 4;
    fails("v4.npy", v4, 6, "version 4.0");
    fails("i8.npy", npy(1, "<i8", false, "(2, 2)", four), -1, "unsupported dtype '<i8'");
    fails("be.npy", npy(1, ">f8", false, "(2, 2)", four), -1, "unsupported dtype '>f8'");
    fails("c16.npy", npy(1, "<c16", false, "(2, 2)", four), -1, "'<c16'");
    fails("rank1.npy", npy(1, "<f8", false, "(4,)", four), -1, "2-D", "(4,)");
    fails("rank3.npy", npy(1, "<f8", false, "(1, 2, 2)", four), -1, "2-D");
    fails("rect.npy", npy(1, "<f8", false, "(1, 4)", four), -1, "not square", "(1, 4)");
    byte[] full = npy(1, "<f8", false, "(2, 2)", four);
    byte[] cut = java.util.Arrays.copyOf(full, full.length - 3);
    fails("cut.npy", cut, cut.length, "truncated data", "needs 32 bytes");
    byte[] extra = java.util.Arrays.copyOf(full, full.length + 8);
    fails("extra.npy", extra, full.length, "8 bytes after the end");
    byte[] shortHeader = java.util.Arrays.copyOf(full, 40);
    fails("hdr.npy", shortHeader, 10, "truncated header");
    int data = full.length - 32;
    fails("nan.npy", npy(1, "<f8", false, "(2, 2)", new double[] {1, 0, 0, Double.NaN}),
        data + 24, "entry (1, 1)", "not finite", "NaN");
    fails("inf.npy", npy(1, "<f4", false, "(2, 2)",
        new double[] {1, Double.POSITIVE_INFINITY, 0, 1}), -1, "entry (0, 1)", "Infinity");
    fails("asym.npy", npy(1, "<f8", false, "(2, 2)", new double[] {1, 2, 2.5, 1}), data + 8,
        "not symmetric", "|a_ij - a_ji| = 0.5", "(i, j) = (0, 1)");
    String structured = "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2, 2), }";
    byte[] s = npy(1, "<f8", false, "(2, 2)", four);
    byte[] sh = structured.getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(sh, 0, s, 10, sh.length);
    fails("struct.npy", s, 10, "unsupported dtype", "structured");
  }

  /** A header over the 16 MiB limit is refused as too long, not reported as truncated. */
  @Test
  void headerOverTheLimitIsNamedAsSuch() throws IOException {
    long limit = 16L << 20;
    for (long declared : new long[] {limit + 1, 0xffffffffL}) {
      byte[] v2 = npy(2, "<f8", false, "(2, 2)", new double[] {1, 0, 0, 1});
      ByteBuffer.wrap(v2).order(ByteOrder.LITTLE_ENDIAN).putInt(8, (int) declared);
      // Short file, and a (sparse) file long enough to hold the declared header.
      Path p = write("big.npy", v2);
      MatrixFormatException e = fails("big.npy", v2, 8, "header length " + declared
          + " bytes exceeds the limit of " + limit + " bytes");
      assertFalse(e.getMessage().contains("truncated"), e.getMessage());
      try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
        f.setLength(12 + declared + 32);
      }
      e = assertThrows(MatrixFormatException.class, () -> NpyReader.read(p));
      assertTrue(e.getMessage().contains("header length " + declared + " bytes exceeds the "
          + "limit of " + limit + " bytes"), e.getMessage());
      Files.delete(p);
    }
    // At the limit the header is read (and here rejected for its content, not its length).
    byte[] v2 = npy(2, "<f8", false, "(2, 2)", new double[] {1, 0, 0, 1});
    ByteBuffer.wrap(v2).order(ByteOrder.LITTLE_ENDIAN).putInt(8, (int) limit);
    Path p = write("atlimit.npy", java.util.Arrays.copyOf(v2, 12));
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.setLength(12 + limit + 32);
    }
    MatrixFormatException e = assertThrows(MatrixFormatException.class, () -> NpyReader.read(p));
    assertFalse(e.getMessage().contains("exceeds the limit"), e.getMessage());
    assertTrue(e.getMessage().contains("descr"), e.getMessage());
  }
}
