package org.slq4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slq4j.SharedData;
import org.slq4j.operators.CsrOperator;
import org.slq4j.operators.DenseSymmetricOperator;

class MatrixFilesTest {

  @TempDir
  Path dir;

  private static double[] eigenvalues(Path matrix, String stem) throws IOException {
    List<String> lines = Files.readAllLines(matrix.resolveSibling(stem + ".eigenvalues.txt"));
    return lines.stream().map(String::strip).filter(s -> !s.isEmpty())
        .mapToDouble(Double::parseDouble).toArray();
  }

  /**
   * Independent check of a loaded matrix against its exact spectrum: trace = sum lambda and
   * ||A||_F^2 = sum lambda^2 (both computed from the operator's stored entries and from the
   * eigenvalue file, which came from LAPACK).
   */
  private static void assertSpectralInvariants(LoadedMatrix m, double[] lambda) {
    int n = (int) m.dimension();
    assertEquals(n, lambda.length);
    double trace = 0;
    double frob = 0;
    double sumL = 0;
    double sumL2 = 0;
    double maxL = 0;
    for (double l : lambda) {
      sumL += l;
      sumL2 += l * l;
      maxL = Math.max(maxL, Math.abs(l));
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double v = m.operator() instanceof CsrOperator c ? c.get(i, j)
            : ((DenseSymmetricOperator) m.operator()).get(i, j);
        frob += v * v;
        if (i == j) {
          trace += v;
        }
      }
    }
    assertEquals(sumL, trace, 1e-9 * n * maxL, "trace vs sum of eigenvalues");
    assertEquals(sumL2, frob, 1e-9 * sumL2, "Frobenius norm vs sum of squared eigenvalues");
  }

  @Test
  void bus1138() throws IOException {
    Path p = SharedData.file("suitesparse/1138_bus.mtx");
    try (LoadedMatrix m = MatrixFiles.load(p)) {
      assertEquals(1138, m.dimension());
      assertEquals(4054, m.storedNonzeros());
      assertEquals("matrix-market-coordinate", m.format());
      assertEquals(p, m.source());
      assertSpectralInvariants(m, eigenvalues(p, "1138_bus"));
    }
  }

  @Test
  void bcsstk13() throws IOException {
    Path p = SharedData.file("suitesparse/bcsstk13.mtx");
    try (LoadedMatrix m = MatrixFiles.load(p)) {
      assertEquals(2003, m.dimension());
      assertEquals(83883, m.storedNonzeros());
      assertSpectralInvariants(m, eigenvalues(p, "bcsstk13"));
    }
  }

  @ParameterizedTest
  @CsvSource({"mlp_digits_trained", "mlp_digits_init"})
  void mlpHessians(String stem) throws IOException {
    Path p = SharedData.file("hessians/" + stem + ".npy");
    try (LoadedMatrix m = MatrixFiles.load(p)) {
      assertEquals(1210, m.dimension());
      assertEquals(1210L * 1210, m.storedNonzeros());
      assertEquals("npy", m.format());
      assertInstanceOf(DenseSymmetricOperator.class, m.operator());
      assertSpectralInvariants(m, eigenvalues(p, stem));
    }
  }

  @Test
  void dispatchesOnMagicBytesBeforeExtension() throws IOException {
    Path npyNamedTxt = dir.resolve("matrix.txt");
    Files.write(npyNamedTxt, NpyReaderTest.npy(1, "<f8", false, "(1, 1)", new double[] {3}));
    try (LoadedMatrix m = MatrixFiles.load(npyNamedTxt)) {
      assertEquals("npy", m.format());
    }
    Path mtxNamedNpy = dir.resolve("wrong.npy");
    Files.writeString(mtxNamedNpy, "%%MatrixMarket matrix array real general\n1 1\n2\n");
    try (LoadedMatrix m = MatrixFiles.load(mtxNamedNpy)) {
      assertEquals("matrix-market-array", m.format());
    }
    Path gz = dir.resolve("g.mtx.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("%%MatrixMarket matrix coordinate pattern symmetric\n2 2 1\n2 1\n"
          .getBytes(StandardCharsets.UTF_8));
    }
    try (LoadedMatrix m = MatrixFiles.load(gz)) {
      assertEquals(2, m.storedNonzeros());
    }
  }

  @Test
  void unknownFilesAreRejectedByNameOrContent() throws IOException {
    Path txt = dir.resolve("notes.txt");
    Files.writeString(txt, "hello");
    var e = assertThrows(MatrixFormatException.class, () -> MatrixFiles.load(txt));
    assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
    assertTrue(e.getMessage().contains("unrecognized"), e.getMessage());
    Path badMtx = dir.resolve("bad.mtx");
    Files.writeString(badMtx, "1 1 1\n");
    var e2 = assertThrows(MatrixFormatException.class, () -> MatrixFiles.load(badMtx));
    assertTrue(e2.getMessage().contains("bad.mtx: line 1: wrong banner"), e2.getMessage());
    Path badNpy = dir.resolve("bad.npy");
    Files.writeString(badNpy, "x");
    var e3 = assertThrows(MatrixFormatException.class, () -> MatrixFiles.load(badNpy));
    assertTrue(e3.getMessage().contains("bad.npy: byte offset 0"), e3.getMessage());
  }

  @Test
  void loadedMatrixClosesItsOperator() throws IOException {
    Path p = dir.resolve("c.mtx");
    Files.writeString(p, "%%MatrixMarket matrix coordinate real symmetric\n1 1 1\n1 1 2\n");
    LoadedMatrix m = MatrixFiles.load(p);
    m.close();
    m.close();
    var op = m.operator();
    assertThrows(IllegalStateException.class, () -> op.apply(
        java.lang.foreign.MemorySegment.ofArray(new double[1]),
        java.lang.foreign.MemorySegment.ofArray(new double[1])));
  }

  /** Every entry of two loaded matrices, compared exactly. */
  private static void assertSameMatrix(LoadedMatrix a, LoadedMatrix b) {
    assertEquals(a.dimension(), b.dimension());
    assertEquals(a.storedNonzeros(), b.storedNonzeros());
    assertEquals(a.format(), b.format());
    int n = (int) a.dimension();
    double[] x = new double[n];
    double[] ya = new double[n];
    double[] yb = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.sin(i + 1.0);
    }
    a.operator().apply(java.lang.foreign.MemorySegment.ofArray(x),
        java.lang.foreign.MemorySegment.ofArray(ya));
    b.operator().apply(java.lang.foreign.MemorySegment.ofArray(x),
        java.lang.foreign.MemorySegment.ofArray(yb));
    org.junit.jupiter.api.Assertions.assertArrayEquals(ya, yb);
  }

  /**
   * A stream (standard input, a pipe) gives the same matrix as the file, in every format, and
   * its errors name the stream's name, never the temporary copy.
   */
  @ParameterizedTest
  @CsvSource({"suitesparse/1138_bus.mtx", "hessians/mlp_digits_init.npy"})
  void streamsLoadLikeTheirFiles(String relative) throws IOException {
    Path p = SharedData.file(relative);
    try (LoadedMatrix file = MatrixFiles.load(p);
        LoadedMatrix stream = MatrixFiles.load(Files.newInputStream(p), Path.of("stdin"))) {
      assertSameMatrix(file, stream);
      assertEquals(Path.of("stdin"), stream.source());
    }
  }

  @Test
  void streamedGzipAndNpzLoadAndStreamedErrorsNameTheStream() throws IOException {
    byte[] text = "%%MatrixMarket matrix coordinate real symmetric\n3 3 2\n1 1 2\n3 2 -1\n"
        .getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(text);
    }
    Path plain = dir.resolve("m.mtx");
    Files.write(plain, text);
    try (LoadedMatrix file = MatrixFiles.load(plain);
        LoadedMatrix stream = MatrixFiles.load(new java.io.ByteArrayInputStream(gz.toByteArray()),
            Path.of("pipe"))) {
      assertSameMatrix(file, stream);
    }
    Path npz = NpzReaderTest.fixture("csr_f4.npz");
    try (LoadedMatrix file = MatrixFiles.load(npz);
        LoadedMatrix stream = MatrixFiles.load(Files.newInputStream(npz), Path.of("stdin"))) {
      assertSameMatrix(file, stream);
    }
    var e = assertThrows(MatrixFormatException.class, () -> MatrixFiles.load(
        new java.io.ByteArrayInputStream("%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n"
            .getBytes(StandardCharsets.UTF_8)), Path.of("stdin")));
    assertEquals(Path.of("stdin"), e.file());
    assertTrue(e.getMessage().startsWith("stdin: line "), e.getMessage());
    assertTrue(!e.getMessage().contains("slq4j-input-"), "no temporary path: " + e.getMessage());
    var e2 = assertThrows(MatrixFormatException.class, () -> MatrixFiles.load(
        new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}), Path.of("stdin")));
    assertTrue(e2.getMessage().startsWith("stdin: byte offset 0: unrecognized"), e2.getMessage());
  }

  /** A UTF-8 byte-order mark before the banner is skipped, from a file and from a stream. */
  @Test
  void byteOrderMarkBeforeTheBannerIsAccepted() throws IOException {
    byte[] body = "%%MatrixMarket matrix array real symmetric\n2 2\n4\n1\n3\n"
        .getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xef;
    withBom[1] = (byte) 0xbb;
    withBom[2] = (byte) 0xbf;
    System.arraycopy(body, 0, withBom, 3, body.length);
    Path bom = dir.resolve("bom.txt");
    Files.write(bom, withBom);
    Path plain = dir.resolve("plain.mtx");
    Files.write(plain, body);
    try (LoadedMatrix a = MatrixFiles.load(plain); LoadedMatrix b = MatrixFiles.load(bom);
        LoadedMatrix c = MatrixFiles.load(new java.io.ByteArrayInputStream(withBom),
            Path.of("stdin"))) {
      assertSameMatrix(a, b);
      assertSameMatrix(a, c);
    }
  }

  /**
   * A named pipe is opened once and read to its end: the writer finishes, the load returns
   * (opening it twice, as a sniff then a read, would wait for a second writer forever).
   */
  @Test
  void namedPipeIsReadOnce() throws Exception {
    Path fifo = dir.resolve("pipe.mtx");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo unavailable");
    Path source = SharedData.file("suitesparse/1138_bus.mtx");
    Thread writer = new Thread(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        Files.copy(source, out);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    writer.setDaemon(true);
    writer.start();
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
        () -> {
          try (LoadedMatrix file = MatrixFiles.load(source);
              LoadedMatrix piped = MatrixFiles.load(fifo)) {
            assertSameMatrix(file, piped);
            assertEquals(fifo, piped.source());
          }
        });
    writer.join(5000);
  }
}
