package org.slq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slq4j.TraceEstimate;
import org.slq4j.TraceEstimator;
import org.slq4j.operators.LaplacianOperator;

/**
 * {@code slq4j trace} in process: the printed estimate and trace.json against the library run
 * with the same options (same seed: the same bits) and against exact traces; user errors as one
 * line with exit code 2 and nothing written.
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

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(Path file) throws IOException {
    return (Map<String, Object>) CliTesting.parseJson(Files.readString(file));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<String, Object> root, String name) {
    return (Map<String, Object>) root.get(name);
  }

  private static final String DIAGONAL_RANK_3 = """
      %%MatrixMarket matrix coordinate real symmetric
      10 10 3
      1 1 2.5
      4 4 -1.0
      9 9 7.25
      """;

  @Test
  void hutchinsonOnALaplacianPrintsAndWritesTheLibraryEstimateAndItsInterval()
      throws IOException {
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
    assertTrue(r.out().endsWith("wrote laplacian-30x20-trace/: trace.json\n"), r.out());

    // The default folder is named as eigs and sums name theirs, and holds trace.json only.
    assertEquals(List.of("laplacian-30x20-trace"), CliTesting.listing(dir));
    Path out = dir.resolve("laplacian-30x20-trace");
    assertEquals(List.of("trace.json"), CliTesting.listing(out));
    Map<String, Object> root = json(out.resolve("trace.json"));
    // JSON doubles are written with Double.toString, so the same bits come back.
    assertEquals(t.estimate(), (Double) root.get("estimate"));
    assertEquals(t.lower(), (Double) root.get("lower"));
    assertEquals(t.upper(), (Double) root.get("upper"));
    assertEquals(t.standardError(), (Double) root.get("standard_error"));
    assertEquals(0.95, root.get("confidence"));
    assertEquals("hutchinson", root.get("method"));
    assertEquals(52.0, root.get("matvecs"));
    assertEquals(50.0, root.get("probes"));
    assertFalse(root.containsKey("sketch_rank"), "Hutch++ only");
    assertFalse(root.containsKey("exact_part"), "Hutch++ only");
    Map<String, Object> in = object(root, "input");
    assertEquals("laplacian:30x20", in.get("name"));
    assertEquals(600.0, in.get("n"));
    assertTrue(((String) in.get("generated")).startsWith("Dirichlet Laplacian"), in.toString());
    Map<String, Object> p = object(root, "parameters");
    assertEquals("hutchinson", p.get("method"));
    assertEquals(50.0, p.get("matvecs"));
    assertEquals(0.95, p.get("confidence"));
    assertEquals(7.0, p.get("seed"));
    assertEquals(1.0, p.get("threads"));
    assertEquals(true, p.get("symmetry_check"));
    Map<String, Object> tool = object(root, "slq4j");
    assertEquals(List.of("trace", "laplacian:30x20", "--matvecs", "50", "--seed", "7",
        "--threads", "1"), tool.get("arguments"));
    assertTrue((Double) tool.get("seconds") > 0, tool.toString());
  }

  @Test
  void hutchPlusPlusOnAMatrixMarketFileIntoANamedFolder() throws IOException {
    // A diagonal of rank 3 in a file: Hutch++ is exact once its sketch H S spans range(H).
    // Restricted to the 3 nonzero coordinates, the k = M/3 = 10 sketch columns are random +-1
    // vectors in R^3, which span it unless they take at most 2 of the 4 directions up to sign
    // (probability 6 (2^10 - 2) / 4^10 + 4 / 4^10 < 0.6%); with 4 columns that was 34%.
    Files.writeString(dir.resolve("d.mtx"), DIAGONAL_RANK_3);
    CliTesting.Result r = CliTesting.run(dir, "trace", "d.mtx", "--matvecs=30", "--method",
        "hutchpp", "--out", "results/d");
    assertEquals(0, r.code(), r.err());
    assertEquals(8.75, Double.parseDouble(row(r.out(), "trace")), 1e-12, r.out());
    assertTrue(row(r.out(), "method").startsWith("Hutch++, sketch rank 3"), r.out());
    assertEquals("25 (estimate 23, symmetry probe 2)", row(r.out(), "matvecs"),
        "seven products, on the dependent columns, unspent");
    assertTrue(r.out().endsWith("wrote results/d/: trace.json\n"), r.out());
    assertEquals(List.of("d.mtx", "results"), CliTesting.listing(dir));
    Map<String, Object> root = json(dir.resolve("results/d/trace.json"));
    assertEquals(Double.parseDouble(row(r.out(), "trace")), (Double) root.get("estimate"));
    assertEquals("hutchpp", root.get("method"));
    assertEquals(3.0, root.get("sketch_rank"));
    assertEquals(8.75, (Double) root.get("exact_part"), 1e-12);
    assertEquals(25.0, root.get("matvecs"));
    Map<String, Object> in = object(root, "input");
    assertEquals("d.mtx", in.get("name"));
    assertEquals(dir.resolve("d.mtx").toAbsolutePath().normalize().toString(), in.get("path"));
    assertEquals(10.0, in.get("n"));
  }

  @Test
  void aSecondRunReplacesTraceJsonInAnExistingFolderAndKeepsOtherFiles() throws IOException {
    Path out = Files.createDirectory(dir.resolve("old"));
    Files.writeString(out.resolve("trace.json"), "stale");
    Files.writeString(out.resolve("notes.txt"), "mine");
    CliTesting.Result r = CliTesting.run(dir, "trace", "laplacian:40", "--matvecs", "9",
        "--out", "old", "-q");
    assertEquals(0, r.code(), r.err());
    // .slq4j.lock: the lock file commits into an existing folder take turns on.
    assertEquals(List.of(".slq4j.lock", "notes.txt", "trace.json"), CliTesting.listing(out));
    assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    TraceEstimate t = TraceEstimator.builder().matvecs(9).build()
        .estimate(LaplacianOperator.of(40));
    assertEquals(t.estimate(), (Double) json(out.resolve("trace.json")).get("estimate"));
  }

  @Test
  void oneProbeHasNoInterval() throws IOException {
    CliTesting.Result r = CliTesting.run(dir, "trace", "laplacian:5", "--matvecs", "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(row(r.out(), "std error").startsWith("none from a single probe"), r.out());
    assertFalse(r.out().contains("% CI"), r.out());
    Map<String, Object> root = json(dir.resolve("laplacian-5-trace/trace.json"));
    assertTrue(root.containsKey("standard_error") && root.get("standard_error") == null,
        root.toString());
    assertTrue(root.containsKey("lower") && root.get("lower") == null, root.toString());
    assertTrue(root.containsKey("upper") && root.get("upper") == null, root.toString());
    assertEquals(Double.parseDouble(row(r.out(), "trace")), (Double) root.get("estimate"));
  }

  @Test
  void quietPrintsNothingAndStillWrites() throws IOException {
    for (String flag : new String[] {"-q", "--quiet"}) {
      Path out = dir.resolve("q" + flag);
      CliTesting.Result r = CliTesting.run(dir, "trace", "laplacian:8x8", "--matvecs", "20",
          "--seed", "3", flag, "--out", out.getFileName().toString());
      assertEquals(0, r.code(), r.err());
      assertEquals("", r.out(), flag);
      assertEquals("", r.err(), flag);
      TraceEstimate t = TraceEstimator.builder().matvecs(20).seed(3).build()
          .estimate(LaplacianOperator.of(8, 8));
      assertEquals(t.estimate(), (Double) json(out.resolve("trace.json")).get("estimate"),
          flag);
    }
  }

  @Test
  void higherConfidenceWidensTheIntervalAroundTheSameEstimate() throws IOException {
    CliTesting.Result r95 = CliTesting.run(dir, "trace", "laplacian:20x20", "--matvecs", "30",
        "--seed", "5", "--out", "c95");
    CliTesting.Result r99 = CliTesting.run(dir, "trace", "laplacian:20x20", "--matvecs", "30",
        "--seed", "5", "--confidence", "0.99", "--out", "c99");
    assertEquals(0, r95.code(), r95.err());
    assertEquals(0, r99.code(), r99.err());
    assertEquals(row(r95.out(), "trace"), row(r99.out(), "trace"));
    assertFalse(r99.out().contains("95% CI"), "the row shows the level given:\n" + r99.out());
    Map<String, Object> j95 = json(dir.resolve("c95/trace.json"));
    Map<String, Object> j99 = json(dir.resolve("c99/trace.json"));
    assertEquals(j95.get("estimate"), j99.get("estimate"));
    assertEquals(0.99, j99.get("confidence"));
    assertEquals(0.99, object(j99, "parameters").get("confidence"));
    double w95 = (Double) j95.get("upper") - (Double) j95.get("lower");
    double w99 = (Double) j99.get("upper") - (Double) j99.get("lower");
    assertTrue(w99 > w95 && w95 > 0, w95 + " " + w99);
    TraceEstimate t = TraceEstimator.builder().matvecs(30).seed(5).confidence(0.99).build()
        .estimate(LaplacianOperator.of(20, 20));
    assertEquals("[" + t.lower() + ", " + t.upper() + "]", row(r99.out(), "99% CI"));
    assertEquals(t.upper(), (Double) j99.get("upper"));
  }

  @Test
  void aNonSymmetricFileIsRefusedNamingIt() throws IOException {
    Files.writeString(dir.resolve("general.mtx"), """
        %%MatrixMarket matrix coordinate real general
        3 3 4
        1 1 1
        2 2 2
        3 3 3
        1 3 5
        """);
    // The reader refuses it (with or without the operator probe: every file is checked entry
    // by entry as it is read, as for density, eigs and sums).
    for (String[] extra : new String[][] {{}, {"--no-symmetry-check"}}) {
      String[] args = new String[4 + extra.length];
      System.arraycopy(new String[] {"trace", "general.mtx", "--matvecs", "9"}, 0, args, 0, 4);
      System.arraycopy(extra, 0, args, 4, extra.length);
      String line = CliTesting.oneErrorLine(CliTesting.run(dir, args));
      assertTrue(line.contains("general.mtx"), line);
      assertTrue(line.contains("not symmetric"), line);
      assertEquals(List.of("general.mtx"), CliTesting.listing(dir), line);
    }
  }

  @Test
  void noSymmetryCheckSkipsTheProbeAndKeepsTheEstimate() throws IOException {
    Files.writeString(dir.resolve("d.mtx"), DIAGONAL_RANK_3);
    CliTesting.Result on = CliTesting.run(dir, "trace", "d.mtx", "--matvecs", "6", "--out",
        "on");
    CliTesting.Result off = CliTesting.run(dir, "trace", "d.mtx", "--matvecs", "6", "--out",
        "off", "--no-symmetry-check");
    assertEquals(0, off.code(), off.err());
    assertEquals("6", row(off.out(), "matvecs"), "the budget alone: no probe");
    assertEquals(row(on.out(), "trace"), row(off.out(), "trace"));
    // A diagonal: every Rademacher sample n z'Dz is the trace 8.75.
    assertEquals(8.75, Double.parseDouble(row(off.out(), "trace")), 1e-12);
    Map<String, Object> root = json(dir.resolve("off/trace.json"));
    assertEquals(6.0, root.get("matvecs"));
    assertEquals(false, object(root, "parameters").get("symmetry_check"));
    assertEquals(8.0, json(dir.resolve("on/trace.json")).get("matvecs"));
  }

  @Test
  void userErrorsAreOneLine() throws IOException {
    Files.writeString(dir.resolve("taken"), "a file");
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
        {"--confidence must be a number in (0, 1), got '1'", "trace", "laplacian:5",
            "--matvecs", "9", "--confidence", "1"},
        {"--confidence must be a number in (0, 1), got '0'", "trace", "laplacian:5",
            "--matvecs", "9", "--confidence", "0"},
        {"--confidence must be a number in (0, 1), got '-0.5'", "trace", "laplacian:5",
            "--matvecs", "9", "--confidence=-0.5"},
        {"--confidence must be a number in (0, 1), got '95'", "trace", "laplacian:5",
            "--matvecs", "9", "--confidence", "95"},
        {"--confidence must be a number, got 'NaN'", "trace", "laplacian:5", "--matvecs", "9",
            "--confidence", "NaN"},
        {"--confidence must be a number, got 'high'", "trace", "laplacian:5", "--matvecs", "9",
            "--confidence", "high"},
        {"option --matvecs is given twice", "trace", "laplacian:5", "--matvecs", "9",
            "--matvecs", "9"},
        {"option --quiet takes no value", "trace", "laplacian:5", "--matvecs", "9", "--quiet=yes"},
        {"--out needs a folder name", "trace", "laplacian:5", "--matvecs", "9", "--out="},
        {"output folder taken exists and is not a folder", "trace", "laplacian:5", "--matvecs",
            "9", "--out", "taken"},
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
      assertEquals(List.of("taken"), CliTesting.listing(dir), "nothing written for " + c[0]);
    }
  }

  @Test
  void helpListsTheCommandAndItsOptions() {
    CliTesting.Result help = CliTesting.run(dir, "trace", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().startsWith("Usage: slq4j trace INPUT --matvecs M"), help.out());
    for (String option : new String[] {"--matvecs", "--method", "hutchpp", "--confidence",
        "--seed", "--threads", "--no-symmetry-check", "--out DIR", "-q, --quiet",
        "trace.json"}) {
      assertTrue(help.out().contains(option), option);
    }
    CliTesting.Result main = CliTesting.run(dir, "--help");
    assertTrue(main.out().contains("slq4j trace INPUT --matvecs M"), main.out());
    CliTesting.Result unknown = CliTesting.run(dir, "plot");
    assertTrue(CliTesting.oneErrorLine(unknown).contains("commands: density, eigs, trace"));
  }
}
