package org.slq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slq4j.TraceEstimate;
import org.slq4j.TraceEstimator;
import org.slq4j.operators.LaplacianOperator;

/**
 * {@code slq4j trace} in process: the printed estimate against the library run with the same
 * options (same seed: the same bits) and against exact traces; user errors as one line with
 * exit code 2 and nothing written.
 */
class TraceCommandTest {

  @TempDir
  Path dir;

  private static String row(String out, String name) {
    for (String line : out.split("\n")) {
      if (line.startsWith("  " + name)) {
        return line.substring(2 + 10).trim();
      }
    }
    throw new AssertionError("no row " + name + " in:\n" + out);
  }

  @Test
  void hutchinsonOnALaplacianPrintsTheLibraryEstimateAndItsInterval() throws IOException {
    CliTesting.Result r = CliTesting.run(dir, "trace", "laplacian:30x20", "--matvecs", "50",
        "--seed", "7", "--threads", "1");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    TraceEstimate t = TraceEstimator.builder().matvecs(50).seed(7).threads(1).build()
        .estimate(LaplacianOperator.of(30, 20));
    assertEquals(Double.toString(t.estimate()), row(r.out(), "trace"), r.out());
    assertEquals("[" + t.lower() + ", " + t.upper() + "]", row(r.out(), "95% CI"));
    // 5-point Laplacian: every diagonal entry is 4, trace 4 n = 2400.
    double printed = Double.parseDouble(row(r.out(), "trace"));
    assertEquals(2400, printed, 6 * t.standardError());
    assertTrue(r.out().startsWith("slq4j trace laplacian:30x20: Dirichlet Laplacian"), r.out());
    assertEquals("52 (estimate 50, symmetry probe 2)", row(r.out(), "matvecs"));
    assertEquals(List.of(), CliTesting.listing(dir), "trace writes no files");
  }

  @Test
  void hutchPlusPlusOnAMatrixMarketFile() throws IOException {
    // A diagonal of rank 3 in a file: Hutch++ with M/3 = 4 >= rank is exact.
    Files.writeString(dir.resolve("d.mtx"), """
        %%MatrixMarket matrix coordinate real symmetric
        10 10 3
        1 1 2.5
        4 4 -1.0
        9 9 7.25
        """);
    CliTesting.Result r = CliTesting.run(dir, "trace", "d.mtx", "--matvecs=12", "--method",
        "hutchpp");
    assertEquals(0, r.code(), r.err());
    assertEquals(8.75, Double.parseDouble(row(r.out(), "trace")), 1e-12, r.out());
    assertTrue(row(r.out(), "method").startsWith("Hutch++, sketch rank 3"), r.out());
    assertEquals("13 (estimate 11, symmetry probe 2)", row(r.out(), "matvecs"),
        "one product, on the dependent column, unspent");
  }

  @Test
  void oneProbeHasNoInterval() {
    CliTesting.Result r = CliTesting.run(dir, "trace", "laplacian:5", "--matvecs", "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(row(r.out(), "std error").startsWith("none from a single probe"), r.out());
    assertTrue(!r.out().contains("95% CI"), r.out());
  }

  @Test
  void userErrorsAreOneLine() throws IOException {
    String[][] cases = {
        {"trace needs --matvecs M", "trace", "laplacian:5"},
        {"--matvecs must be a whole number in [1, 2147483647], got '0'", "trace",
            "laplacian:5", "--matvecs", "0"},
        {"--matvecs must be a whole number >= 1, got 'many'", "trace", "laplacian:5",
            "--matvecs", "many"},
        {"--method hutchpp needs --matvecs 3 or more", "trace", "laplacian:5", "--matvecs", "2",
            "--method", "hutchpp"},
        {"--method must be 'hutchinson' or 'hutchpp', got 'exact'", "trace", "laplacian:5",
            "--matvecs", "9", "--method", "exact"},
        {"--threads must be a whole number in [1, 2147483647], got '0'", "trace",
            "laplacian:5", "--matvecs", "9", "--threads", "0"},
        {"--seed must be a whole number (64-bit), got 'x'", "trace", "laplacian:5",
            "--matvecs", "9", "--seed", "x"},
        {"option --matvecs is given twice", "trace", "laplacian:5", "--matvecs", "9",
            "--matvecs", "9"},
        {"unknown option '--top' (see slq4j trace --help)", "trace", "laplacian:5", "--top",
            "3"},
        {"missing.mtx: no such file", "trace", "missing.mtx", "--matvecs", "9"},
        {"trace needs an INPUT file", "trace", "--matvecs", "9"},
        {"laplacian:0: Laplacian grid sizes must be >= 1", "trace", "laplacian:0", "--matvecs",
            "9"},
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
    CliTesting.Result help = CliTesting.run(dir, "trace", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().startsWith("Usage: slq4j trace INPUT --matvecs M"), help.out());
    for (String option : new String[] {"--matvecs", "--method", "hutchpp", "--seed",
        "--threads"}) {
      assertTrue(help.out().contains(option), option);
    }
    CliTesting.Result main = CliTesting.run(dir, "--help");
    assertTrue(main.out().contains("slq4j trace INPUT --matvecs M"), main.out());
    CliTesting.Result unknown = CliTesting.run(dir, "plot");
    assertTrue(CliTesting.oneErrorLine(unknown).contains("commands: density, eigs, trace"));
  }
}
