package org.slq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slq4j.BandedEstimate;
import org.slq4j.EstimatorOptions;
import org.slq4j.GridScale;
import org.slq4j.SharedData;
import org.slq4j.SpectralDensity;
import org.slq4j.SpectralDensityEstimator;
import org.slq4j.SpectralMeasure;
import org.slq4j.io.LoadedMatrix;
import org.slq4j.io.MatrixFiles;
import org.slq4j.operators.LaplacianOperator;
import org.slq4j.Reorthogonalization;

/**
 * End-to-end runs of {@code slq4j density} in process: the files are read back and checked
 * against the library run directly with the same options (same seed: bit-identical results).
 */
class DensityCommandTest {

  @TempDir
  Path dir;

  /** The main job: no arguments, the bundled matrix, the library's defaults. */
  @Test
  void noArgumentsRunsTheBundledMatrixWithDefaults() throws Exception {
    CliTesting.Result r = CliTesting.run(dir);
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    Path out = dir.resolve("1138_bus-density");
    assertEquals(List.of("cdf.csv", "density.csv", "density.svg", "nodes.csv", "summary.json"),
        CliTesting.listing(out));
    assertTrue(r.out().contains("1138_bus.mtx"), r.out());
    assertTrue(r.out().contains("n = 1138"), r.out());
    assertTrue(r.out().contains("wrote 1138_bus-density/"), r.out());
    assertEquals(List.of("1138_bus-density"), CliTesting.listing(dir), "no temporary leftovers");

    Path bundled = dir.resolve("copy-of-bundled.mtx");
    try (InputStream in = DensityCommand.class.getResourceAsStream(DensityCommand.BUNDLED)) {
      Files.copy(in, bundled);
    }
    SpectralDensity expected = library(bundled, SpectralDensityEstimator.builder());
    checkFiles(out, expected, 10, 80, 10000);
    Map<?, ?> input = (Map<?, ?>) summary(out).get("input");
    assertEquals(Boolean.TRUE, input.get("bundled"));
    assertEquals("1138_bus.mtx", input.get("name"));
    assertTrue(((String) input.get("provenance")).contains("HB/1138_bus"));
  }

  @Test
  void provenanceOfTheBundledMatrixShipsBesideIt() throws Exception {
    try (InputStream in = DensityCommand.class.getResourceAsStream("1138_bus.PROVENANCE.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(text.contains("SuiteSparse Matrix Collection"));
      assertTrue(text.contains("HB"));
    }
    try (InputStream in = DensityCommand.class.getResourceAsStream(DensityCommand.BUNDLED)) {
      String head = new String(in.readNBytes(400), StandardCharsets.US_ASCII);
      assertTrue(head.startsWith("%%MatrixMarket matrix coordinate real symmetric"), head);
      assertTrue(head.contains("HB/1138_bus"), head);
    }
  }

  @Test
  void sparseMatrixFromSharedDataMatchesTheLibrary() throws Exception {
    Path input = SharedData.file("suitesparse/1138_bus.mtx");
    CliTesting.Result r = CliTesting.run(dir, "density", input.toString(), "--runs", "3",
        "--steps", "30", "--grid-points", "1500", "--seed", "7", "--threads", "2",
        "--block-size", "2", "--out", "result");
    assertEquals(0, r.code(), r.err());
    SpectralDensity expected = library(input, SpectralDensityEstimator.builder().numRuns(3)
        .lanczosSteps(30).numGridPoints(1500).seed(7).threads(2));
    checkFiles(dir.resolve("result"), expected, 3, 30, 1500);
  }

  @Test
  void logGridOnAnIndefiniteHessianUsesTheSymmetricLog() throws Exception {
    Path input = SharedData.file("hessians/mlp_digits_init.npy");
    CliTesting.Result r = CliTesting.run(dir, "density", input.toString(), "--runs=2",
        "--steps=30", "--grid-points=700", "--log-grid", "--quiet", "--out", "sym");
    assertEquals(0, r.code(), r.err());
    SpectralDensity expected = library(input, SpectralDensityEstimator.builder().numRuns(2)
        .lanczosSteps(30).numGridPoints(700).gridScale(GridScale.AUTO_LOG));
    assertEquals(GridScale.SYMLOG10, expected.gridScale());
    checkFiles(dir.resolve("sym"), expected, 2, 30, 700);
    Map<?, ?> p = (Map<?, ?>) summary(dir.resolve("sym")).get("parameters");
    assertEquals("symlog10", p.get("grid_scale"));
    assertEquals(expected.linearZone(), p.get("linear_zone"));
    assertTrue(((String) p.get("grid_variable")).startsWith("sign(eigenvalue) log10(1 + "
        + "|eigenvalue| / "), (String) p.get("grid_variable"));
    assertTrue(((String) p.get("grid_scale_reason")).contains("--log-grid"));
    String svg = Files.readString(dir.resolve("sym/density.svg"));
    assertTrue(svg.contains("class=\"linear-zone\""), "the linear zone is shaded");
    assertTrue(svg.contains("\u221210<tspan"), "negative decades are labelled");
    assertTrue(svg.contains(">0</text>"), "zero is labelled");

    // --symlog with a given zone, on a positive spectrum too.
    Path pd = SharedData.file("suitesparse/bcsstk13.mtx");
    r = CliTesting.run(dir, "density", pd.toString(), "--runs=1", "--steps=20",
        "--grid-points=300", "--symlog", "--linear-zone", "1e3", "-q", "--out", "pd");
    assertEquals(0, r.code(), r.err());
    expected = library(pd, SpectralDensityEstimator.builder().numRuns(1).lanczosSteps(20)
        .numGridPoints(300).gridScale(GridScale.SYMLOG10).symlogLinearZone(1e3));
    checkFiles(dir.resolve("pd"), expected, 1, 20, 300);
    p = (Map<?, ?>) summary(dir.resolve("pd")).get("parameters");
    assertEquals(1e3, p.get("linear_zone"));
    assertEquals("given (--linear-zone)", p.get("linear_zone_rule"));
  }

  @Test
  void deflationMatchesTheLibraryAndReportsWhatRan() throws Exception {
    Path input = SharedData.file("suitesparse/1138_bus.mtx");
    CliTesting.Result r = CliTesting.run(dir, "density", input.toString(), "--runs", "4",
        "--steps", "60", "--grid-points", "1200", "--variance-reduction", "deflate", "--quiet",
        "--out", "deflated");
    assertEquals(0, r.code(), r.err());
    SpectralDensity expected = library(input, SpectralDensityEstimator.builder().numRuns(4)
        .lanczosSteps(60).numGridPoints(1200)
        .varianceReduction(org.slq4j.VarianceReduction.DEFLATE));
    assertEquals(org.slq4j.VarianceReduction.DEFLATE, expected.varianceReduction());
    checkFiles(dir.resolve("deflated"), expected, 4, 60, 1200);
    Map<String, Object> s = summary(dir.resolve("deflated"));
    assertEquals("deflate", s.get("variance_reduction"));
    assertEquals("deflate", ((Map<?, ?>) s.get("parameters")).get("variance_reduction_requested"));
    assertEquals(expected.deflatedEigenvalues().length,
        ((List<?>) s.get("deflated_eigenvalues")).size());
    double matvecs = (Double) s.get("matvecs");
    assertEquals((double) expected.matvecs(), matvecs);
    assertTrue(matvecs <= 4 * 60 + 2, "matvecs " + matvecs);

    CliTesting.Result classic = CliTesting.run(dir, "density", input.toString(), "--runs", "2",
        "--steps", "20", "--grid-points", "500", "--quiet", "--out", "classic");
    assertEquals(0, classic.code(), classic.err());
    assertEquals("none", summary(dir.resolve("classic")).get("variance_reduction"));

    CliTesting.Result bad = CliTesting.run(dir, "density", input.toString(),
        "--variance-reduction", "maybe");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--variance-reduction must be 'none', 'deflate' or 'auto'"),
        bad.err());
  }

  @Test
  void hessianWithLogGridAndGivenSigmaMatchesTheLibrary() throws Exception {
    // The trained network's Hessian is indefinite (tiny negative eigenvalues), so the log grid
    // runs on bcsstk13 (positive definite, condition 1e10) and the Hessian on a linear grid.
    Path input = SharedData.file("suitesparse/bcsstk13.mtx");
    CliTesting.Result r = CliTesting.run(dir, "density", input.toString(), "--runs=2",
        "--steps=25", "--grid-points=800", "--log-grid", "--sigma", "0.05", "--padding",
        "0.2", "--reorth", "none", "--quiet", "--out", "log");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.out(), "--quiet prints nothing");
    SpectralDensity expected = library(input, SpectralDensityEstimator.builder().numRuns(2)
        .lanczosSteps(25).numGridPoints(800).gridScale(GridScale.AUTO_LOG).sigma(0.05)
        .gridPadding(0.2).reorthogonalization(Reorthogonalization.NONE));
    checkFiles(dir.resolve("log"), expected, 2, 25, 800);
    Map<String, Object> s = summary(dir.resolve("log"));
    Map<?, ?> p = (Map<?, ?>) s.get("parameters");
    assertEquals("log10", p.get("grid_scale"));
    assertEquals("none", p.get("reorthogonalization"));
    assertEquals("given (--sigma)", p.get("sigma_rule"));
    String svg = Files.readString(dir.resolve("log/density.svg"));
    assertTrue(svg.contains("10<tspan"), "decade labels on the x axis");
  }

  @Test
  void npyHessianMatchesTheLibrary() throws Exception {
    Path input = SharedData.file("hessians/mlp_digits_trained.npy");
    CliTesting.Result r = CliTesting.run(dir, "density", input.toString(), "--runs", "2",
        "--steps", "20", "--grid-points", "600", "--threads", "1");
    assertEquals(0, r.code(), r.err());
    Path out = dir.resolve("mlp_digits_trained-density");  // the default folder name
    SpectralDensity expected = library(input, SpectralDensityEstimator.builder().numRuns(2)
        .lanczosSteps(20).numGridPoints(600).threads(1));
    checkFiles(out, expected, 2, 20, 600);
  }

  /**
   * A generated Laplacian: no file, the default folder named after the shape, the summary naming
   * the generator, the shape and the exact extremes; the density is the library's on the same
   * operator.
   */
  @Test
  void generatedLaplacianMatchesTheLibrary() throws Exception {
    CliTesting.Result r = CliTesting.run(dir, "density", "laplacian:12x10x8", "--runs", "3",
        "--steps", "20", "--grid-points", "500", "--seed", "5", "--reorth", "none");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("slq4j density laplacian:12x10x8: Dirichlet Laplacian, "
        + "7-point stencil on a 12x10x8 grid, matrix-free\n"), r.out());
    assertTrue(r.out().contains("n = 960, 6128 nonzeros, none stored (laplacian)"), r.out());
    Path out = dir.resolve("laplacian-12x10x8-density");
    assertEquals(List.of("laplacian-12x10x8-density"), CliTesting.listing(dir));
    LaplacianOperator op = LaplacianOperator.of(12, 10, 8);
    SpectralDensity expected = SpectralDensityEstimator.builder().numRuns(3).lanczosSteps(20)
        .numGridPoints(500).seed(5).reorthogonalization(Reorthogonalization.NONE).build()
        .estimate(op);
    checkFiles(out, expected, 3, 20, 500);
    Map<?, ?> input = (Map<?, ?>) summary(out).get("input");
    assertEquals("laplacian:12x10x8", input.get("name"));
    assertEquals("laplacian", input.get("format"));
    assertEquals(List.of(12.0, 10.0, 8.0), input.get("shape"));
    assertEquals((double) op.nonzeros(), input.get("nnz"));
    assertEquals(op.eigenvalueMin(), input.get("exact_eigenvalue_min"));
    assertEquals(op.eigenvalueMax(), input.get("exact_eigenvalue_max"));
    assertFalse(input.containsKey("path"), "nothing was read");
    assertEquals(Boolean.FALSE, input.get("bundled"));

    CliTesting.Result line = CliTesting.run(dir, "density", "laplacian:30", "--runs", "1",
        "--steps", "30", "--grid-points", "100", "-q", "--out", "line");
    assertEquals(0, line.code(), line.err());
    assertEquals(List.of(30.0), ((Map<?, ?>) summary(dir.resolve("line")).get("input"))
        .get("shape"));
  }

  /**
   * A given sigma below the grid step undersamples the density: the run completes, and stderr
   * and summary.json say so with the integral it left.
   */
  @Test
  void sigmaBelowTheGridStepIsWarnedAbout() throws Exception {
    Path input = SharedData.file("suitesparse/1138_bus.mtx");
    CliTesting.Result r = CliTesting.run(dir, "density", input.toString(), "--runs", "1",
        "--steps", "10", "--grid-points", "100", "--sigma", "1", "--out", "coarse", "-q");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().startsWith("slq4j: warning: the grid step "), r.err());
    assertTrue(r.err().contains("exceeds sigma 1: the density is undersampled"), r.err());
    List<?> warnings = (List<?>) summary(dir.resolve("coarse")).get("warnings");
    assertEquals(1, warnings.size());
    CliTesting.Result fine = CliTesting.run(dir, "density", input.toString(), "--runs", "1",
        "--steps", "10", "--grid-points", "100", "--out", "fine", "-q");
    assertEquals("", fine.err(), "the default sigma on this grid needs no warning");
    assertFalse(summary(dir.resolve("fine")).containsKey("warnings"));
  }

  /** "-" reads standard input: density and trace, the same result as from the file. */
  @Test
  void dashReadsStandardInput() throws Exception {
    Path input = SharedData.file("suitesparse/1138_bus.mtx");
    byte[] bytes = Files.readAllBytes(input);
    CliTesting.Result r = CliTesting.runWithInput(dir, bytes, "density", "-", "--runs", "1",
        "--steps", "10", "--grid-points", "100", "-q");
    assertEquals(0, r.code(), r.err());
    checkFiles(dir.resolve("stdin-density"), library(input, SpectralDensityEstimator.builder()
        .numRuns(1).lanczosSteps(10).numGridPoints(100)), 1, 10, 100);
    Map<?, ?> in = (Map<?, ?>) summary(dir.resolve("stdin-density")).get("input");
    assertEquals("standard input", in.get("path"));
    CliTesting.Result t = CliTesting.runWithInput(dir, bytes, "trace", "-", "--matvecs", "6",
        "-q");
    assertEquals(0, t.code(), t.err());
    String json = Files.readString(dir.resolve("stdin-trace/trace.json"));
    assertTrue(json.contains("\"path\": \"standard input\""), json);
  }

  @Test
  void rerunReplacesTheFilesAndKeepsOthers() throws Exception {
    Path input = SharedData.file("suitesparse/1138_bus.mtx");
    Path out = Files.createDirectories(dir.resolve("existing"));
    Files.writeString(out.resolve("density.csv"), "old");
    Files.writeString(out.resolve("notes.txt"), "mine");
    CliTesting.Result r = CliTesting.run(dir, "density", input.toString(), "--runs", "1",
        "--steps", "10", "--grid-points", "100", "--out", "existing", "-q");
    assertEquals(0, r.code(), r.err());
    // .slq4j.lock: the lock file commits into an existing folder take turns on.
    assertEquals(List.of(".slq4j.lock", "cdf.csv", "density.csv", "density.svg", "nodes.csv",
        "notes.txt", "summary.json"), CliTesting.listing(out));
    assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    assertEquals(101, Files.readAllLines(out.resolve("density.csv")).size());
    assertEquals(List.of("existing"), CliTesting.listing(dir), "no temporary leftovers");
  }

  @Test
  void outputFolderParentsAreCreated() throws Exception {
    Path input = SharedData.file("suitesparse/1138_bus.mtx");
    CliTesting.Result r = CliTesting.run(dir, "density", input.toString(), "--runs", "1",
        "--steps", "5", "--grid-points", "50", "--out", "a/b/c", "--quiet");
    assertEquals(0, r.code(), r.err());
    assertEquals(5, CliTesting.listing(dir.resolve("a/b/c")).size());
  }

  @Test
  void helpAndVersion() throws Exception {
    CliTesting.Result help = CliTesting.run(dir, "--help");
    assertEquals(0, help.code());
    for (String option : new String[] {"--runs", "--steps", "--grid-points", "--sigma",
        "--seed", "--padding", "--log-grid", "--threads", "--block-size", "--reorth", "--out",
        "--quiet",
        "--version"}) {
      assertTrue(help.out().contains(option), option);
    }
    CliTesting.Result densityHelp = CliTesting.run(dir, "density", "--help");
    assertEquals(0, densityHelp.code());
    assertTrue(densityHelp.out().startsWith("Usage: slq4j density INPUT"));
    // The .npy dtypes the help names are the ones NpyReader takes: '<f8' and '<f4'.
    assertTrue(densityHelp.out().replaceAll("\\s+", " ").contains("dtype float64 or float32, "
        + "little-endian ('<f8' or '<f4'"), densityHelp.out());
    CliTesting.Result version = CliTesting.run(dir, "--version");
    assertEquals(0, version.code());
    assertTrue(version.out().matches("slq4j \\S.*\nkernels: .*; self-check: ok\n"),
        version.out());
    assertTrue(version.out().contains(org.slq4j.internal.vectorization.VectorKernels.describe()),
        version.out());
    assertEquals(List.of(), CliTesting.listing(dir), "help and version write nothing");
  }

  /**
   * The .npy dtypes density --help names are read (and a big-endian one, which it excludes, is
   * refused); summary.json's threads is the count that ran, not an unreachable request.
   */
  @Test
  void npyDtypesOfTheHelpAndThreadsThatRan() throws Exception {
    for (String dtype : new String[] {"<f8", "<f4", ">f8"}) {
      String name = "m" + (dtype.startsWith("<") ? "le" : "be") + dtype.substring(1);
      java.nio.file.Files.write(dir.resolve(name + ".npy"),
          BadInputTable.npy(dtype, "2x2", "2,1,1,2"));
      CliTesting.Result r = CliTesting.run(dir, "density", name + ".npy", "--steps", "2",
          "--runs", "3", "--threads", "10000", "--quiet", "--out", name);
      if (dtype.startsWith(">")) {
        assertTrue(CliTesting.oneErrorLine(r).contains("unsupported dtype '>f8'"), r.err());
        continue;
      }
      assertEquals(0, r.code(), dtype + ": " + r.err());
      @SuppressWarnings("unchecked")
      Map<String, Object> parameters = (Map<String, Object>) ((Map<String, Object>)
          CliTesting.parseJson(java.nio.file.Files.readString(dir.resolve(name)
              .resolve("summary.json")))).get("parameters");
      // n = 2 is one row chunk: one thread per run, three runs.
      assertEquals(3.0, parameters.get("threads"), dtype);
      assertEquals(10000.0, parameters.get("threads_requested"), dtype);
    }
  }

  // --- checks -----------------------------------------------------------------------------

  static SpectralDensity library(Path input, EstimatorOptions.Builder b)
      throws Exception {
    try (LoadedMatrix m = MatrixFiles.load(input)) {
      return b.build().estimate(m.operator());
    }
  }

  static Map<String, Object> summary(Path out) throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) CliTesting.parseJson(
        Files.readString(out.resolve("summary.json")));
    return s;
  }

  /** Reads the five files back and compares them with the library's result {@code d}. */
  static void checkFiles(Path out, SpectralDensity d, int runs, int steps, int gridPoints)
      throws Exception {
    // density.csv: the library's grid and density to the last bit; integrates to 1.
    List<double[]> density = CliTesting.csv(out.resolve("density.csv"), "grid,density");
    assertEquals(gridPoints, density.size());
    double integral = 0;
    for (int j = 0; j < gridPoints; j++) {
      assertEquals(d.gridPoint(j), density.get(j)[0], 0.0, "grid " + j);
      assertEquals(d.densityAt(j), density.get(j)[1], 0.0, "density " + j);
      if (j > 0) {
        double h = density.get(j)[0] - density.get(j - 1)[0];
        integral += 0.5 * h * (density.get(j)[1] + density.get(j - 1)[1]);
      }
    }
    assertEquals(1.0, integral, 1e-6, "trapezoid integral of density.csv");

    // nodes.csv: every node and weight of every run, in order; weights sum to the run count.
    List<double[]> nodes = CliTesting.csv(out.resolve("nodes.csv"), "run,k,node,weight");
    int row = 0;
    double weightSum = 0;
    for (int r = 0; r < runs; r++) {
      double[] x = d.nodes(r);
      double[] w = d.weights(r);
      for (int k = 0; k < x.length; k++, row++) {
        double[] line = nodes.get(row);
        assertEquals(r, line[0]);
        assertEquals(k, line[1]);
        assertEquals(x[k], line[2], 0.0, "node " + r + "," + k);
        assertEquals(w[k], line[3], 0.0, "weight " + r + "," + k);
        weightSum += line[3];
      }
    }
    assertEquals(nodes.size(), row, "no extra rows");
    assertEquals(runs, weightSum, 1e-9 * runs, "weights sum to the number of runs");

    // cdf.csv: on the density's grid, the library's measure at each grid point (at 10^t on a
    // log grid) to the last bit; the band holds the estimate and all three are monotone.
    List<double[]> cdf = CliTesting.csv(out.resolve("cdf.csv"), "t,cdf,lower,upper");
    assertEquals(gridPoints, cdf.size());
    SpectralMeasure measure = d.measure();
    for (int j = 0; j < gridPoints; j++) {
      double[] line = cdf.get(j);
      assertEquals(d.gridPoint(j), line[0], 0.0, "t " + j);
      BandedEstimate e = measure.cdf(d.eigenvalueAt(line[0]));
      assertEquals(e.estimate(), line[1], 0.0, "cdf " + j);
      assertEquals(e.lower(), line[2], 0.0, "lower " + j);
      assertEquals(e.upper(), line[3], 0.0, "upper " + j);
      assertTrue(0 <= line[2] && line[2] <= line[1] && line[1] <= line[3] && line[3] <= 1,
          "line " + j);
      if (j > 0) {
        double[] prev = cdf.get(j - 1);
        assertTrue(prev[1] <= line[1] && prev[2] <= line[2] && prev[3] <= line[3], "line " + j);
      }
    }
    assertEquals(0.0, cdf.get(0)[2], "no mass is certain below the grid");
    assertEquals(1.0, cdf.get(gridPoints - 1)[1], "every node lies on the grid");

    // summary.json: the values the library reports.
    Map<String, Object> s = summary(out);
    assertEquals(0.95, s.get("cdf_confidence"));
    Map<?, ?> negative = (Map<?, ?>) s.get("negative_count");
    BandedEstimate n0 = measure.countBelow(0);
    assertEquals(n0.estimate(), negative.get("estimate"));
    assertEquals(n0.lower(), negative.get("lower"));
    assertEquals(n0.upper(), negative.get("upper"));
    assertEquals(n0.dominant().name().toLowerCase(java.util.Locale.ROOT),
        negative.get("dominant"));
    assertTrue(((String) s.get("cdf_note")).contains(switch (d.gridScale()) {
      case LOG10 -> "10^t";
      case SYMLOG10 -> "c (10^|t| - 1)";
      default -> "<= t from";
    }));
    Map<?, ?> input = (Map<?, ?>) s.get("input");
    assertEquals((double) d.dimension(), input.get("n"));
    assertTrue((Double) input.get("nnz") > 0);
    Map<?, ?> p = (Map<?, ?>) s.get("parameters");
    assertEquals((double) runs, p.get("runs"));
    assertEquals((double) steps, p.get("lanczos_steps"));
    assertEquals((double) gridPoints, p.get("grid_points"));
    assertEquals(d.sigma(), p.get("sigma"));
    assertEquals(d.gridPoint(0), p.get("grid_min"));
    assertEquals(d.gridPoint(gridPoints - 1), p.get("grid_max"));
    assertEquals((double) d.seed(), p.get("seed"));
    assertEquals((double) d.matvecs(), s.get("matvecs"));
    assertEquals(d.kernels(), s.get("kernels"));
    assertEquals(d.integral(), ((Map<?, ?>) s.get("density")).get("integral"));
    Map<?, ?> time = (Map<?, ?>) s.get("time_seconds");
    for (String phase : new String[] {"load", "estimate", "matvec", "reorthogonalization",
        "tridiagonal", "grid", "write", "total"}) {
      assertTrue((Double) time.get(phase) >= 0, phase);
    }
    List<?> largest = (List<?>) s.get("largest_nodes");
    assertFalse(largest.isEmpty());
    double maxNode = Double.NEGATIVE_INFINITY;
    for (int r = 0; r < runs; r++) {
      for (double x : d.nodes(r)) {
        maxNode = Math.max(maxNode, x);
      }
    }
    Map<?, ?> top = (Map<?, ?>) largest.get(0);
    assertEquals(maxNode, top.get("node_max"), "the first candidate holds the largest node");
    assertTrue((Double) top.get("total_weight") > 0);

    // density.svg: well-formed XML with one curve per panel of one point per grid value.
    String svgNs = "http://www.w3.org/2000/svg";
    List<CliTesting.XmlElement> polylines = CliTesting.xml(out.resolve("density.svg"),
        "polyline");
    assertEquals("svg", polylines.get(0).name());
    assertEquals(svgNs, polylines.get(0).namespace());
    int curves = 0;
    for (CliTesting.XmlElement e : polylines.subList(1, polylines.size())) {
      assertEquals(svgNs, e.namespace());
      if ("density".equals(e.attributes().get("class"))) {
        curves++;
        String[] points = e.attributes().get("points").trim().split("\\s+");
        assertEquals(SvgPlot.plottedPoints(gridPoints), points.length);
        for (String pt : points) {
          String[] xy = pt.split(",");
          assertEquals(2, xy.length, pt);
          assertTrue(Double.isFinite(Double.parseDouble(xy[0])), pt);
          assertTrue(Double.isFinite(Double.parseDouble(xy[1])), pt);
        }
      }
    }
    assertEquals(2, curves, "a linear and a logarithmic panel");
    String title = CliTesting.xml(out.resolve("density.svg"), "title").get(1).text();
    assertTrue(title.contains(String.valueOf(input.get("name"))), title);
    assertTrue(title.contains("n = " + d.dimension()), title);
  }
}
