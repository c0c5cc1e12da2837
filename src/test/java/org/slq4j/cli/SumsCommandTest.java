package org.slq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slq4j.SpectralDensityEstimator;
import org.slq4j.SpectralFunction;
import org.slq4j.SpectralSum;
import org.slq4j.SpectralSums;
import org.slq4j.operators.LaplacianOperator;

/**
 * {@code slq4j sums} in process: sums.json and the printed lines against the library run with
 * the same options (the same bits) and against the Laplacian's exact eigenvalues; user errors
 * as one line with exit code 2 and nothing written.
 */
class SumsCommandTest {

  @TempDir
  Path dir;

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> quantities(Path json) throws IOException {
    Map<String, Object> root = (Map<String, Object>) CliTesting.parseJson(
        Files.readString(json));
    return (List<Map<String, Object>>) root.get("quantities");
  }

  @Test
  void fixedRunsMatchTheLibraryAndTheExactSums() throws IOException {
    CliTesting.Result r = CliTesting.run(dir, "sums", "laplacian:12x10", "--f",
        "logdet,trace,count:0:2", "--runs", "5", "--steps", "40", "--threads", "1");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    Path out = dir.resolve("laplacian-12x10-sums");
    assertEquals(List.of("sums.json"), CliTesting.listing(out));
    List<Map<String, Object>> q = quantities(out.resolve("sums.json"));
    List<SpectralSum> lib = SpectralSums.builder(SpectralDensityEstimator.builder().numRuns(5)
        .lanczosSteps(40).threads(1).options()).build().estimate(LaplacianOperator.of(12, 10),
        List.of(SpectralFunction.logDeterminant(), SpectralFunction.trace(),
            SpectralFunction.count(0, 2)));
    List<String> names = List.of("logdet", "trace", "count:0:2");
    for (int i = 0; i < 3; i++) {
      Map<String, Object> m = q.get(i);
      assertEquals(names.get(i), m.get("name"));
      assertEquals(lib.get(i).estimate(), (double) m.get("estimate"), "same bits");
      assertEquals(lib.get(i).lower(), (double) m.get("lower"));
      assertEquals(lib.get(i).upper(), (double) m.get("upper"));
      assertEquals(0.95, (double) m.get("confidence"));
      assertEquals(5.0, (double) m.get("runs"));
      assertEquals("max-runs", m.get("stop"));
      assertTrue(r.out().contains("  " + names.get(i) + " "), r.out());
    }
    double[] exact = EigsCommandTest.exactLaplacian(12, 10);
    double logdet = 0;
    long below2 = 0;
    for (double x : exact) {
      logdet += Math.log(x);
      below2 += x <= 2 ? 1 : 0;
    }
    // tr H = 4 n = 480 (Hutchinson's estimate: unbiased, not exact for a non-diagonal H).
    double half = 0.5 * ((double) q.get(1).get("upper") - (double) q.get(1).get("lower"));
    assertEquals(480, (double) q.get(1).get("estimate"), 2 * half);
    double logdetHalf = 0.5 * ((double) q.get(0).get("upper") - (double) q.get(0).get("lower"));
    assertEquals(logdet, (double) q.get(0).get("estimate"), 2 * logdetHalf);
    assertTrue(Math.abs((double) q.get(2).get("estimate") - below2) <= 10, q.get(2).toString());
    assertTrue(r.out().contains("95% interval ["), r.out());
    assertTrue(r.out().contains("5 runs, stop: max-runs"), r.out());
    assertTrue(r.out().contains("wrote laplacian-12x10-sums/: sums.json"), r.out());
  }

  @Test
  void adaptiveRunsStopOnTheTolerance() throws IOException {
    CliTesting.Result r = CliTesting.run(dir, "sums", "laplacian:30x20", "--f", "logdet",
        "--rtol", "1e-2", "--runs", "3", "--steps", "30", "--confidence", "0.9", "--max-runs",
        "200", "--out", "o");
    assertEquals(0, r.code(), r.err());
    Map<String, Object> m = quantities(dir.resolve("o/sums.json")).get(0);
    assertEquals("tolerance", m.get("stop"));
    assertEquals(0.9, (double) m.get("confidence"));
    double est = (double) m.get("estimate");
    double half = 0.5 * ((double) m.get("upper") - (double) m.get("lower"));
    assertTrue(half <= 1e-2 * Math.abs(est), m.toString());
    double[] exact = EigsCommandTest.exactLaplacian(30, 20);
    double logdet = 0;
    for (double x : exact) {
      logdet += Math.log(x);
    }
    assertEquals(logdet, est, 3e-2 * Math.abs(logdet));
    assertTrue(r.out().contains("stop: tolerance"), r.out());
  }

  @Test
  void userErrorsAreOneLineAndWriteNothing() throws IOException {
    Path input = dir.resolve("in");
    Files.createDirectories(input);
    Files.writeString(input.resolve("indefinite.mtx"), """
        %%MatrixMarket matrix coordinate real symmetric
        3 3 3
        1 1 1.0
        2 2 -1.0
        3 3 2.0
        """);
    String[][] cases = {
        {"sums needs --f", "sums", "laplacian:5"},
        {"--f: unknown function 'det'", "sums", "laplacian:5", "--f", "det"},
        {"--f: 'count:2:1' needs A <= B", "sums", "laplacian:5", "--f", "count:2:1"},
        {"--f: 'count:x:1': count:A:B needs numbers A and B, got 'x'", "sums", "laplacian:5",
            "--f", "count:x:1"},
        {"--f: 'logdet' is given twice", "sums", "laplacian:5", "--f", "logdet,logdet"},
        {"--rtol must be a positive number, got '-1'", "sums", "laplacian:5", "--f", "trace",
            "--rtol", "-1"},
        {"--confidence must be a number in (0, 1), got '1.5'", "sums", "laplacian:5", "--f",
            "trace", "--confidence", "1.5"},
        {"--max-runs limits adaptive runs: give --rtol or --atol too", "sums", "laplacian:5",
            "--f", "trace", "--max-runs", "50"},
        {"--steps 80 exceeds the dimension n = 5 of laplacian:5", "sums", "laplacian:5", "--f",
            "trace"},
        {"in/indefinite.mtx: logdet needs a positive definite operator", "sums",
            "in/indefinite.mtx", "--f", "trace,logdet", "--steps", "3"},
        {"in/indefinite.mtx: traceinv needs a positive definite operator", "sums",
            "in/indefinite.mtx", "--f", "traceinv", "--steps", "3", "--rtol", "0.1"},
        {"sums needs an INPUT file", "sums", "--f", "trace"},
        {"unknown option '--top' (see slq4j sums --help)", "sums", "laplacian:5", "--top", "1"},
    };
    for (String[] c : cases) {
      CliTesting.Result r = CliTesting.run(dir, Arrays.copyOfRange(c, 1, c.length));
      String line = CliTesting.oneErrorLine(r);
      assertTrue(line.contains(c[0]), "expected '" + c[0] + "' in: " + line);
      assertEquals(List.of("in"), CliTesting.listing(dir), "nothing written for " + c[0]);
    }
  }

  @Test
  void helpListsTheFunctions() {
    CliTesting.Result r = CliTesting.run(dir, "sums", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("count:A:B"), r.out());
    assertTrue(CliTesting.run(dir, "--help").out().contains("slq4j sums INPUT"));
  }
}
