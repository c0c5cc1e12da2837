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
}
