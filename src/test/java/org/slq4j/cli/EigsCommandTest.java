package org.slq4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slq4j.EigenSolver;
import org.slq4j.Eigenpairs;
import org.slq4j.operators.LaplacianOperator;

/**
 * {@code slq4j eigs} in process: the printed pairs and the files against the library run with
 * the same options (same seed: the same bits) and against the Laplacian's exact eigenvalues;
 * user errors as one line with exit code 2 and nothing written.
 */
class EigsCommandTest {

  @TempDir
  Path dir;

  @Test
  void topKOfALaplacianWithVectors() throws IOException {
    CliTesting.Result r = CliTesting.run(dir, "eigs", "laplacian:12x10", "--top", "3",
        "--vectors", "--threads", "1");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    Path out = dir.resolve("laplacian-12x10-eigs");
    assertEquals(List.of("eigs.csv", "eigvecs.npy"), CliTesting.listing(out));
    assertEquals(List.of("laplacian-12x10-eigs"), CliTesting.listing(dir), "no leftovers");
    List<double[]> rows = CliTesting.csv(out.resolve("eigs.csv"), "index,eigenvalue,residual");
    double[] exact = exactLaplacian(12, 10);
    try (Eigenpairs p = EigenSolver.builder().k(3).threads(1).build()
        .solve(LaplacianOperator.of(12, 10))) {
      assertEquals(3, rows.size());
      for (int i = 0; i < 3; i++) {
        assertEquals(i, rows.get(i)[0]);
        assertEquals(p.eigenvalue(i), rows.get(i)[1], "same bits as the library");
        assertEquals(p.residualNorm(i), rows.get(i)[2]);
        assertEquals(exact[exact.length - 1 - i], rows.get(i)[1], 1e-12);
        assertTrue(r.out().contains("  " + i + "  " + p.eigenvalue(i)), r.out());
      }
      double[][] v = npyMatrix(out.resolve("eigvecs.npy"), 120, 3);
      for (int j = 0; j < 3; j++) {
        assertArrayEquals(p.eigenvectorArray(j), v[j]);
      }
    }
    assertTrue(r.out().startsWith("slq4j eigs laplacian:12x10: Dirichlet Laplacian"), r.out());
    assertTrue(r.out().contains("3 largest"), r.out());
    assertTrue(r.out().contains("wrote laplacian-12x10-eigs/: eigs.csv, eigvecs.npy"), r.out());
  }

  @Test
  void smallestAndBothEndsAreOrderedAsDocumented() throws IOException {
    double[] exact = exactLaplacian(9, 7);
    CliTesting.Result r = CliTesting.run(dir, "eigs", "laplacian:9x7", "--top", "3",
        "--which", "smallest", "--out", "low", "-q");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.out(), "quiet");
    List<double[]> low = CliTesting.csv(dir.resolve("low/eigs.csv"), "index,eigenvalue,residual");
    for (int i = 0; i < 3; i++) {
      assertEquals(exact[i], low.get(i)[1], 1e-12);
    }
    r = CliTesting.run(dir, "eigs", "--which=both", "laplacian:9x7", "--top=5", "--out=both",
        "--tol", "1e-10", "--seed", "4");
    assertEquals(0, r.code(), r.err());
    List<double[]> both = CliTesting.csv(dir.resolve("both/eigs.csv"),
        "index,eigenvalue,residual");
    double[] expected = {exact[62], exact[61], exact[60], exact[1], exact[0]};
    for (int i = 0; i < 5; i++) {
      assertEquals(expected[i], both.get(i)[1], 1e-12, "pair " + i);
    }
    assertTrue(r.out().contains("3 largest and 2 smallest"), r.out());
    assertEquals(List.of("eigs.csv"), CliTesting.listing(dir.resolve("both")));
  }

  @Test
  void aMatrixFileIsReadAsDensityReadsIt() throws IOException {
    Path mtx = dir.resolve("path.mtx");
    // The path graph's Laplacian-like tridiagonal (2, -1): the 1-D Dirichlet Laplacian.
    StringBuilder b = new StringBuilder("%%MatrixMarket matrix coordinate real symmetric\n"
        + "6 6 11\n");
    for (int i = 1; i <= 6; i++) {
      b.append(i).append(' ').append(i).append(" 2\n");
      if (i < 6) {
        b.append(i + 1).append(' ').append(i).append(" -1\n");
      }
    }
    Files.writeString(mtx, b);
    CliTesting.Result r = CliTesting.run(dir, "eigs", "path.mtx", "--top", "2");
    assertEquals(0, r.code(), r.err());
    List<double[]> rows = CliTesting.csv(dir.resolve("path-eigs/eigs.csv"),
        "index,eigenvalue,residual");
    double[] exact = exactLaplacian(6);
    assertEquals(exact[5], rows.get(0)[1], 1e-13);
    assertEquals(exact[4], rows.get(1)[1], 1e-13);
  }

  @Test
  void unconvergedPairsAreWrittenWithAWarning() throws IOException {
    CliTesting.Result r = CliTesting.run(dir, "eigs", "laplacian:40x40", "--top", "3",
        "--max-matvecs", "12", "--out", "capped");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().startsWith("slq4j: warning: "), r.err());
    assertTrue(r.err().contains("did not reach --tol 1e-8 within --max-matvecs 12"), r.err());
    assertTrue(r.out().contains("not converged"), r.out());
    assertEquals(3, CliTesting.csv(dir.resolve("capped/eigs.csv"), "index,eigenvalue,residual")
        .size());
  }

  @Test
  void userErrorsAreOneLineAndWriteNothing() throws IOException {
    String[][] cases = {
        {"eigs needs --top K", "eigs", "laplacian:5"},
        {"--top 6 exceeds the dimension n = 5 of laplacian:5", "eigs", "laplacian:5", "--top",
            "6"},
        {"--top must be a whole number in [1, 2147483647], got '0'", "eigs", "laplacian:5",
            "--top", "0"},
        {"--tol must be a number in (0, 1), got '-1'", "eigs", "laplacian:5", "--top", "1",
            "--tol", "-1"},
        {"--tol must be a number, got 'NaN'", "eigs", "laplacian:5", "--top", "1", "--tol",
            "NaN"},
        {"--which must be 'largest', 'smallest' or 'both', got 'middle'", "eigs",
            "laplacian:5", "--top", "1", "--which", "middle"},
        {"--which both needs --top 2 or more", "eigs", "laplacian:5", "--top", "1", "--which",
            "both"},
        {"--max-matvecs 2 is less than --top 3", "eigs", "laplacian:5", "--top", "3",
            "--max-matvecs", "2"},
        {"option --vectors takes no value", "eigs", "laplacian:5", "--top", "1",
            "--vectors=yes"},
        {"unknown option '--runs' (see slq4j eigs --help)", "eigs", "laplacian:5", "--top", "1",
            "--runs", "3"},
        {"missing.mtx: no such file", "eigs", "missing.mtx", "--top", "1"},
        {"eigs needs an INPUT file", "eigs", "--top", "1"},
        {"laplacian:0: Laplacian grid sizes must be >= 1", "eigs", "laplacian:0", "--top", "1"},
    };
    for (String[] c : cases) {
      CliTesting.Result r = CliTesting.run(dir, Arrays.copyOfRange(c, 1, c.length));
      String line = CliTesting.oneErrorLine(r);
      assertTrue(line.contains(c[0]), "expected '" + c[0] + "' in: " + line);
      assertEquals(List.of(), CliTesting.listing(dir), "nothing written for " + c[0]);
    }
  }

  @Test
  void helpListsTheCommandAndItsOptions() {
    CliTesting.Result help = CliTesting.run(dir, "eigs", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().startsWith("Usage: slq4j eigs INPUT --top K"), help.out());
    for (String option : new String[] {"--top", "--which", "--tol", "--max-matvecs", "--seed",
        "--threads", "--vectors", "--out", "eigs.csv", "eigvecs.npy"}) {
      assertTrue(help.out().contains(option), option);
    }
    CliTesting.Result main = CliTesting.run(dir, "--help");
    assertTrue(main.out().contains("slq4j eigs INPUT --top K"), main.out());
    CliTesting.Result unknown = CliTesting.run(dir, "plot");
    assertTrue(CliTesting.oneErrorLine(unknown).contains("commands: density, eigs"));
  }

  /** The n x k float64 C-order matrix of a .npy file, as its k columns. */
  static double[][] npyMatrix(Path file, int n, int k) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals((byte) 0x93, bytes[0]);
    assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.ISO_8859_1));
    int dataOffset = 10 + (b.getShort(8) & 0xffff);
    String header = new String(bytes, 10, dataOffset - 10, StandardCharsets.ISO_8859_1);
    assertTrue(header.contains("'descr': '<f8'"), header);
    assertTrue(header.contains("'fortran_order': False"), header);
    assertTrue(header.contains("'shape': (" + n + ", " + k + ")"), header);
    assertEquals(dataOffset + 8L * n * k, bytes.length);
    double[][] columns = new double[k][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        columns[j][i] = b.getDouble(dataOffset + 8 * (i * k + j));
      }
    }
    return columns;
  }

  /** The exact eigenvalues of the Dirichlet Laplacian on the grid, ascending. */
  static double[] exactLaplacian(int... shape) {
    double[] values = {0};
    for (int size : shape) {
      double[] next = new double[values.length * size];
      int q = 0;
      for (double v : values) {
        for (int i = 1; i <= size; i++) {
          double s = Math.sin(i * Math.PI / (2.0 * (size + 1)));
          next[q++] = v + 4 * s * s;
        }
      }
      values = next;
    }
    Arrays.sort(values);
    return values;
  }
}
