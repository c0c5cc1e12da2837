package org.slq4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slq4j.BandedEstimate;
import org.slq4j.GridScale;
import org.slq4j.InsufficientMemoryException;
import org.slq4j.NonFiniteValueException;
import org.slq4j.PhaseTimes;
import org.slq4j.Reorthogonalization;
import org.slq4j.SpectralDensity;
import org.slq4j.SpectralMeasure;
import org.slq4j.VarianceReduction;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.smoothing.DensityAssembly;
import org.slq4j.io.LoadedMatrix;
import org.slq4j.io.MatrixFiles;
import org.slq4j.io.MatrixFormatException;
import org.slq4j.operators.LaplacianOperator;

/**
 * {@code slq4j density}: load a matrix file (or generate a Laplacian), estimate its spectral
 * density, write density.csv, cdf.csv, nodes.csv, summary.json and density.svg all-or-nothing,
 * and print a summary.
 */
final class DensityCommand {

  /** The matrix shipped in the jar, beside this class. */
  static final String BUNDLED = "1138_bus.mtx";
  static final String BUNDLED_PROVENANCE = "SuiteSparse Matrix Collection HB/1138_bus "
      + "(https://sparse.tamu.edu/HB/1138_bus), CC-BY 4.0; see 1138_bus.PROVENANCE.txt";
  static final String[] FILES = {"density.csv", "cdf.csv", "nodes.csv", "summary.json",
      "density.svg"};
  static final int OUTLIERS_IN_JSON = 10;
  static final int OUTLIERS_ON_SCREEN = 5;
  /** INPUT that names a generated Dirichlet Laplacian instead of a file. */
  static final String LAPLACIAN_PREFIX = "laplacian:";
  /** The format reported for a generated Laplacian. */
  static final String LAPLACIAN_FORMAT = "laplacian";

  private DensityCommand() {}

  /**
   * The resolved input: a user's file, the bundled matrix copied to a temporary file, standard
   * input ({@code -}: then {@code stream} is set and {@code path} is null), or a generated
   * Laplacian (then {@code laplacian} is set and {@code path} is null); {@code stem} names the
   * default output folder.
   */
  record Input(Path path, String name, String shownPath, boolean bundled, String stem,
      LaplacianOperator laplacian, InputStream stream) {}

  /** What messages call standard input, and the stem of its default output folder. */
  static final String STDIN_NAME = "stdin";

  /**
   * The operator to estimate, from a file or generated: its nonzeros (stored ones for files,
   * those of the matrix for a matrix-free operator), its format, and what must be closed after.
   */
  record Matrix(SymmetricOperator operator, long dimension, long nonzeros, String format,
      AutoCloseable owner) {}

  /**
   * Heap bytes per grid point the command holds at its peak: the result's grid and density and
   * their copies, and a CDF band (three doubles in an object) with the eigenvalue it is at.
   */
  static final long CLI_BYTES_PER_GRID_POINT = 128;

  /**
   * With the default sigma (node spread / steps) on a linear grid, the grid step in sigmas is
   * known before the runs: (1 + 2 padding) steps / (G - 1), or (steps + 12) / (G - 1) when the
   * 6-sigma floor of the padding applies. Above one sigma the sampled Gaussians no longer add
   * up to the density's mass (a flat or empty plot), so such a grid is refused up front.
   */
  static void requireGridResolvesDefaultSigma(DensityOptions o) throws UserError {
    if (!Double.isNaN(o.sigma) || o.logGrid || o.symlog) {
      return;
    }
    double sigmas = Math.max((1 + 2 * o.padding) * o.steps, o.steps + 12.0);
    if (!(sigmas < Integer.MAX_VALUE)) {
      throw new UserError("--padding " + Ticks.significant(o.padding, 6) + " puts the spectrum "
          + "in so small a part of the grid that no grid resolves the default sigma (the node "
          + "spread / " + o.steps + "); use a --padding below "
          + Ticks.significant(((double) Integer.MAX_VALUE / o.steps - 1) / 2, 3));
    }
    if (sigmas > o.gridPoints - 1) {
      long needed = (long) Math.ceil(sigmas) + 1;
      throw new UserError("--grid-points " + o.gridPoints + " cannot resolve the smoothing: "
          + "the grid step would be " + Ticks.significant(sigmas / (o.gridPoints - 1), 3)
          + " sigma (the default sigma is the node spread / " + o.steps + "); use at least "
          + needed + " grid points, or a larger --sigma");
    }
  }

  /**
   * A warning when the grid step exceeds sigma (a given --sigma, or a log grid): the sampled
   * density then misses mass, which its integral shows.
   */
  static String resolutionWarning(SpectralDensity d) {
    double step = (d.gridPoint(d.gridSize() - 1) - d.gridPoint(0)) / (d.gridSize() - 1);
    if (step <= d.sigma()) {
      return null;
    }
    return "the grid step " + Ticks.significant(step, 4) + " exceeds sigma "
        + Ticks.significant(d.sigma(), 4) + ": the density is undersampled (its integral is "
        + Ticks.significant(d.integral(), 4) + ", not 1); use more --grid-points or a larger "
        + "--sigma";
  }

  static int run(DensityOptions o, List<String> args, Main.Context ctx)
      throws UserError, IOException {
    long started = System.nanoTime();
    requireGridResolvesDefaultSigma(o);
    try {
      DensityAssembly.requireGridFits(o.gridPoints, CLI_BYTES_PER_GRID_POINT,
          "use fewer --grid-points (or more heap: SLQ4J_JAVA_OPTS=-Xmx...)");
    } catch (InsufficientMemoryException e) {
      throw new UserError("--grid-points " + o.gridPoints + ": " + e.getMessage());
    }
    Input input = o.input == null ? extractBundled() : userInput(o.input, ctx);
    try {
      String stem = input.stem();
      Path outPath = ctx.workingDirectory().resolve(o.out != null ? o.out : stem + "-density");
      String shownOut = shown(outPath, ctx.workingDirectory());
      try (OutputFolder folder = OutputFolder.prepare(outPath, shownOut)) {
        long loadStart = System.nanoTime();
        SpectralDensity d;
        long loadNanos;
        long storedNonzeros;
        String format;
        long estimateNanos;
        Matrix m = input.laplacian() != null ? generated(input.laplacian())
            : o.rows() ? rowsFile(input)
            : loaded(load(input, ctx.terminal() && !o.quiet ? ctx.err() : null));
        try {
          loadNanos = System.nanoTime() - loadStart;
          storedNonzeros = m.nonzeros();
          format = m.format();
          if (o.steps > m.dimension()) {
            throw new UserError("--steps " + o.steps + " exceeds the dimension n = "
                + m.dimension() + " of " + input.shownPath() + " (at most n steps are possible)");
          }
          long estimateStart = System.nanoTime();
          d = estimate(o, m, input, ctx);
          estimateNanos = System.nanoTime() - estimateStart;
        } finally {
          close(m.owner());
        }
        long writeStart = System.nanoTime();
        SpectralMeasure measure = d.measure();
        writeCsv(folder, d, measure);
        SvgPlot.Labels labels = new SvgPlot.Labels(input.name(), d.dimension(), d.sigma(),
            subtitle(d), d.gridScale(), d.linearZone());
        folder.write("density.svg", SvgPlot.render(d.grid(), d.density(), labels));
        long writeNanos = System.nanoTime() - writeStart;
        Map<String, Object> summary = summary(o, args, input, format, storedNonzeros, d,
            measure, loadNanos, estimateNanos, writeNanos, System.nanoTime() - started);
        String warning = resolutionWarning(d);
        if (warning != null) {
          summary.put("warnings", List.of(warning));
          ctx.err().println("slq4j: warning: " + warning);
        }
        folder.write("summary.json", Json.write(summary));
        folder.commit();
        if (!o.quiet) {
          printSummary(ctx.out(), input, format, storedNonzeros, d, o, loadNanos, estimateNanos,
              writeNanos, System.nanoTime() - started, shownOut);
        }
        return 0;
      } catch (IOException e) {
        throw new UserError("cannot write output folder " + shownOut + ": " + describe(e));
      }
    } finally {
      if (input.bundled()) {
        Files.deleteIfExists(input.path());
      }
    }
  }

  /** The "input" object of sums.json and trace.json: name, path or generator, n. */
  static Map<String, Object> inputJson(Input input, long n) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("name", input.name());
    if (input.laplacian() != null) {
      in.put("generated", describe(input.laplacian()));
    } else {
      in.put("path", jsonPath(input));
    }
    in.put("n", n);
    return in;
  }

  /** The "slq4j" object of sums.json and trace.json: version, arguments, seconds. */
  static Map<String, Object> toolJson(List<String> args, long totalNanos) {
    Map<String, Object> tool = new LinkedHashMap<>();
    tool.put("version", Main.version());
    tool.put("arguments", List.copyOf(args));
    tool.put("seconds", totalNanos / 1e9);
    return tool;
  }

  /** The input's absolute path for summary files, or "standard input". */
  static String jsonPath(Input input) {
    return input.stream() != null ? "standard input"
        : input.path().toAbsolutePath().normalize().toString();
  }

  static Matrix loaded(LoadedMatrix m) {
    return new Matrix(m.operator(), m.dimension(), m.storedNonzeros(), m.format(), m);
  }

  /** A matrix-free operator: nothing to close. */
  static Matrix generated(LaplacianOperator op) {
    return new Matrix(op, op.dimension(), op.nonzeros(), LAPLACIAN_FORMAT, () -> { });
  }

  /**
   * A Matrix Market file the Spark executors read by rows (--distribute rows): the driver reads
   * only its header and size line, for the dimension and the stored entries; no operator.
   */
  static Matrix rowsFile(Input input) throws UserError {
    if (input.path() == null) {
      throw new UserError("--distribute rows reads INPUT on the executors: it needs a file "
          + "path or laplacian:NxMxK, not standard input");
    }
    String name = input.path().getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".npy") || name.endsWith(".npz")) {
      throw new UserError("--distribute rows reads Matrix Market coordinate files (.mtx, "
          + ".mtx.gz) or laplacian:NxMxK; " + input.shownPath() + " is a NumPy file (convert "
          + "it, or use --distribute runs)");
    }
    try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
        gunzipped(input.path()), java.nio.charset.StandardCharsets.US_ASCII))) {
      String banner = in.readLine();
      if (banner == null || !banner.toLowerCase(Locale.ROOT)
          .startsWith("%%matrixmarket matrix coordinate")) {
        throw new UserError("--distribute rows reads Matrix Market coordinate files; "
            + input.shownPath() + " does not start with '%%MatrixMarket matrix coordinate'");
      }
      String line;
      do {
        line = in.readLine();
      } while (line != null && (line.isBlank() || line.startsWith("%")));
      String[] size = line == null ? new String[0] : line.trim().split("\\s+");
      if (size.length < 3) {
        throw new UserError(input.shownPath() + ": no Matrix Market size line");
      }
      long n = Long.parseLong(size[0]);
      if (n != Long.parseLong(size[1]) || n < 1) {
        throw new UserError(input.shownPath() + " is " + size[0] + " x " + size[1]
            + ", not a square matrix");
      }
      return new Matrix(null, n, Long.parseLong(size[2]), "matrix-market-coordinate", () -> { });
    } catch (NumberFormatException e) {
      throw new UserError(input.shownPath() + ": bad Matrix Market size line ("
          + e.getMessage() + ")");
    } catch (IOException e) {
      throw new UserError("cannot read " + input.shownPath() + ": " + e.getMessage());
    }
  }

  private static InputStream gunzipped(Path path) throws IOException {
    InputStream raw = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(path));
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    return b0 == 0x1f && b1 == 0x8b ? new java.util.zip.GZIPInputStream(raw) : raw;
  }

  /**
   * Releases the matrix (off-heap memory, mapped files). Through AutoCloseable, so this compiles
   * whatever close() declares; a failure to release after the estimate cannot affect results.
   */
  static void close(AutoCloseable matrix) {
    try {
      matrix.close();
    } catch (Exception e) {
      // Nothing useful to tell the user; the process ends soon and releases everything.
    }
  }

  /** "path: reason" for file-system errors, else the message. */
  static String describe(IOException e) {
    if (e instanceof FileSystemException f) {
      String reason = f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
      return (f.getFile() != null ? f.getFile() + ": " : "") + reason;
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  static Input userInput(String typed, Main.Context ctx) throws UserError {
    if (typed.startsWith(LAPLACIAN_PREFIX)) {
      String spec = typed.substring(LAPLACIAN_PREFIX.length());
      LaplacianOperator op;
      try {
        op = LaplacianOperator.parse(spec);
      } catch (IllegalArgumentException e) {
        throw new UserError(typed + ": " + e.getMessage());
      }
      return new Input(null, typed, typed, false, "laplacian-" + spec, op, null);
    }
    if (typed.equals("-")) {
      return new Input(null, STDIN_NAME, STDIN_NAME, false, STDIN_NAME, null, ctx.in());
    }
    Path p = ctx.workingDirectory().resolve(typed);
    if (!Files.exists(p)) {
      if (Files.isSymbolicLink(p)) {
        String target;
        try {
          target = Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
          target = "a file";
        }
        throw new UserError(typed + ": is a symbolic link to " + target
            + ", which does not exist");
      }
      throw new UserError(typed + ": no such file");
    }
    if (Files.isDirectory(p)) {
      throw new UserError(typed + ": is a folder, not a matrix file (.mtx, .npy or .npz)");
    }
    if (!Files.isReadable(p)) {
      throw new UserError(typed + ": cannot read the file (permission denied)");
    }
    Path fileName = p.getFileName();
    String name = fileName == null ? typed : fileName.toString();
    return new Input(p, name, typed, false, stem(name), null, null);
  }

  private static Input extractBundled() throws IOException {
    Path temp = Files.createTempFile("slq4j-", "-" + BUNDLED);
    temp.toFile().deleteOnExit();  // also after Ctrl-C; the finally below covers normal runs
    try (InputStream in = DensityCommand.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("the bundled matrix " + BUNDLED + " is missing from "
            + "the jar");
      }
      Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    return new Input(temp, BUNDLED, BUNDLED + " (bundled)", true, stem(BUNDLED), null, null);
  }

  /** Files at least this large get a "reading ..." note on a terminal while they load. */
  static final long NOTE_BYTES = 64L << 20;

  static LoadedMatrix load(Input input, PrintStream terminal) throws UserError {
    String note = null;
    try {
      if (input.stream() != null) {
        return MatrixFiles.load(input.stream(), Path.of(STDIN_NAME));
      }
      long bytes = Files.isRegularFile(input.path()) ? Files.size(input.path()) : 0;
      if (terminal != null && bytes >= NOTE_BYTES) {
        String size = bytes >= 1L << 30
            ? Ticks.significant(bytes / (double) (1L << 30), 3) + " GiB"
            : (bytes >> 20) + " MiB";
        note = "slq4j: reading " + input.name() + " (" + size + ") ...";
        terminal.print("\r" + note);
        terminal.flush();
      }
      return MatrixFiles.load(input.path());
    } catch (MatrixFormatException e) {
      // The reader's message already names the file, the line or offset and the problem.
      throw new UserError(input.bundled() ? input.shownPath() + ": " + e.getMessage()
          : e.getMessage());
    } catch (NoSuchFileException e) {
      throw new UserError(input.shownPath() + ": no such file");
    } catch (AccessDeniedException e) {
      throw new UserError(input.shownPath() + ": cannot read the file (permission denied)");
    } catch (IOException e) {
      throw new UserError(input.shownPath() + ": cannot read the file: " + describe(e));
    } catch (UncheckedIOException e) {
      throw new UserError(input.shownPath() + ": cannot read the file: "
          + e.getCause().getMessage());
    } catch (IllegalArgumentException e) {
      throw new UserError(input.shownPath() + ": " + e.getMessage());
    } finally {
      if (note != null) {
        terminal.print("\r" + " ".repeat(note.length()) + "\r");
        terminal.flush();
      }
    }
  }

  private static SpectralDensity estimate(DensityOptions o, Matrix m, Input input,
      Main.Context ctx) throws UserError {
    ProgressBar bar = ctx.terminal() && !o.quiet ? new ProgressBar(ctx.err()) : null;
    try {
      if (o.master != null) {
        return SparkBridge.estimate(o, input);
      }
      return o.estimator().estimate(m.operator(), bar);
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage() == null ? e.toString() : e.getMessage();
      if (msg.startsWith("gridPadding ")) {
        throw new UserError("--padding " + msg.substring("gridPadding ".length())
            .replace("use a smaller gridPadding", "use a smaller --padding"));
      }
      if (msg.startsWith("sigma ")) {
        throw new UserError("--sigma " + msg.substring("sigma ".length())
            .replace("use a smaller sigma", "use a smaller --sigma"));
      }
      throw LibraryErrors.of(input, e, "");
    } catch (NonFiniteValueException e) {
      throw LibraryErrors.of(input, e, "");
    } finally {
      if (bar != null) {
        bar.finish();
      }
    }
  }

  private static void writeCsv(OutputFolder folder, SpectralDensity d, SpectralMeasure measure)
      throws IOException {
    try (BufferedWriter w = folder.writer("density.csv")) {
      w.write("grid,density\n");
      for (int j = 0; j < d.gridSize(); j++) {
        w.write(Double.toString(d.gridPoint(j)));
        w.write(',');
        w.write(Double.toString(d.densityAt(j)));
        w.write('\n');
      }
    }
    double[] t = d.grid();
    BandedEstimate[] cdf = measure.cdf(eigenvalues(d));
    try (BufferedWriter w = folder.writer("cdf.csv")) {
      w.write("t,cdf,lower,upper\n");
      for (int j = 0; j < t.length; j++) {
        w.write(t[j] + "," + cdf[j].estimate() + "," + cdf[j].lower() + "," + cdf[j].upper()
            + "\n");
      }
    }
    try (BufferedWriter w = folder.writer("nodes.csv")) {
      w.write("run,k,node,weight\n");
      for (int r = 0; r < d.numRuns(); r++) {
        double[] nodes = d.nodes(r);
        double[] weights = d.weights(r);
        for (int k = 0; k < nodes.length; k++) {
          w.write(r + "," + k + "," + nodes[k] + "," + weights[k] + "\n");
        }
      }
    }
  }

  /**
   * The eigenvalue at each grid point: the point itself, 10^t on a LOG10 grid, or
   * sign(t) c (10^|t| - 1) on a SYMLOG10 grid. Each map is increasing, so the fraction of
   * eigenvalues &lt;= that eigenvalue is the CDF of the grid variable at t, and cdf.csv pairs
   * with density.csv on the same t.
   */
  static double[] eigenvalues(SpectralDensity d) {
    double[] t = d.grid();
    double[] lambda = new double[t.length];
    for (int j = 0; j < t.length; j++) {
      lambda[j] = d.eigenvalueAt(t[j]);
    }
    return lambda;
  }

  /** The grid variable as a formula of the eigenvalue, c written out for SYMLOG10. */
  static String gridVariable(SpectralDensity d) {
    return switch (d.gridScale()) {
      case LOG10 -> "log10(eigenvalue)";
      case SYMLOG10 -> "sign(eigenvalue) log10(1 + |eigenvalue| / "
          + Ticks.significant(d.linearZone(), 6) + ")";
      default -> "eigenvalue";
    };
  }

  /** Units of sigma when they are not those of the eigenvalue. */
  private static String sigmaUnits(SpectralDensity d) {
    return switch (d.gridScale()) {
      case LOG10 -> " (log\u2081\u2080 units)";
      case SYMLOG10 -> " (symmetric-log units)";
      default -> "";
    };
  }

  private static String subtitle(SpectralDensity d) {
    String sigma = Ticks.significant(d.sigma(), 4) + sigmaUnits(d);
    return "Stochastic Lanczos Quadrature: " + d.numRuns() + " runs \u00d7 "
        + d.lanczosSteps() + " Lanczos steps, " + reorth(d) + " reorthogonalization, "
        + "Gaussian \u03c3 = " + sigma + ", seed " + d.seed();
  }

  private static String name(VarianceReduction mode) {
    return mode.name().toLowerCase(Locale.ROOT);
  }

  private static String reorth(SpectralDensity d) {
    return d.reorthogonalization().name().toLowerCase(Locale.ROOT);
  }

  static Map<String, Object> summary(DensityOptions o, List<String> args, Input input,
      String format, long storedNonzeros, SpectralDensity d, SpectralMeasure measure,
      long loadNanos, long estimateNanos, long writeNanos, long totalNanos) {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> tool = new LinkedHashMap<>();
    tool.put("version", Main.version());
    tool.put("arguments", List.copyOf(args));
    root.put("slq4j", tool);

    Map<String, Object> in = new LinkedHashMap<>();
    in.put("name", input.name());
    LaplacianOperator laplacian = input.laplacian();
    if (laplacian != null) {
      in.put("generated", describe(laplacian));
      List<Object> shape = new ArrayList<>();
      for (int size : laplacian.shape()) {
        shape.add(size);
      }
      in.put("shape", shape);
    } else {
      in.put("path", input.bundled() ? "bundled in the jar: org/slq4j/cli/" + BUNDLED
          : jsonPath(input));
    }
    in.put("bundled", input.bundled());
    if (input.bundled()) {
      in.put("provenance", BUNDLED_PROVENANCE);
    }
    in.put("format", format);
    in.put("n", d.dimension());
    in.put("nnz", storedNonzeros);
    if (laplacian != null) {
      in.put("nnz_note", "nonzeros of the matrix; the operator stores none");
      in.put("exact_eigenvalue_min", laplacian.eigenvalueMin());
      in.put("exact_eigenvalue_max", laplacian.eigenvalueMax());
    }
    root.put("input", in);

    double[] grid = d.grid();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("runs", d.numRuns());
    p.put("lanczos_steps", d.lanczosSteps());
    p.put("grid_points", d.gridSize());
    p.put("grid_scale", d.gridScale().name().toLowerCase(Locale.ROOT));
    p.put("grid_variable", gridVariable(d));
    if (d.gridScale() == GridScale.SYMLOG10) {
      p.put("linear_zone", d.linearZone());
      p.put("linear_zone_rule", Double.isNaN(o.linearZone)
          ? "default: the |node| below which 5% of the pooled quadrature mass lies, at least "
          + "1e-8 x the largest |node|" : "given (--linear-zone)");
      p.put("grid_scale_reason", o.symlog ? "asked for (--symlog)"
          : "--log-grid on a spectrum with nodes <= 0: the symmetric log replaces log10");
    }
    p.put("grid_min", grid[0]);
    p.put("grid_max", grid[grid.length - 1]);
    p.put("grid_step", (grid[grid.length - 1] - grid[0]) / (grid.length - 1));
    p.put("sigma", d.sigma());
    p.put("sigma_rule", Double.isNaN(o.sigma)
        ? "default: (largest node - smallest node) / lanczos_steps" : "given (--sigma)");
    p.put("padding", o.padding);
    p.put("seed", d.seed());
    p.put("threads", threadsRan(d, o));
    if (threadsRan(d, o) != o.threads) {
      p.put("threads_requested", o.threads);
    }
    p.put("reorthogonalization", reorth(d));
    if (d.reorthogonalization() == Reorthogonalization.LOCAL) {
      p.put("window", o.estimator().options().reorthogonalizationWindow());
    }
    p.put("basis", o.basis.name().toLowerCase(Locale.ROOT));
    p.put("symmetry_check", o.symmetryCheck);
    p.put("variance_reduction_requested", name(o.varianceReduction));
    if (o.master != null) {
      p.put("spark_master", o.master);
      p.put("distribute", o.distribute);
      if (o.rows()) {
        p.put("partitions", o.partitions > 0 ? o.partitions : "Spark's default parallelism");
      } else {
        p.put("runs_per_task", o.runsPerTask > 0 ? o.runsPerTask : "one task per task slot");
      }
    }
    root.put("parameters", p);

    root.put("kernels", d.kernels());
    root.put("variance_reduction", name(d.varianceReduction()));
    root.put("deflated_eigenvalues", java.util.Arrays.stream(d.deflatedEigenvalues()).boxed()
        .toList());
    root.put("matvecs", d.matvecs());
    List<Object> steps = new ArrayList<>();
    for (int r = 0; r < d.numRuns(); r++) {
      steps.add(d.steps(r));
    }
    root.put("steps_per_run", steps);
    root.put("working_memory_bytes", d.workingMemoryBytes());

    PhaseTimes ph = d.phaseTimes();
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("load", loadNanos / 1e9);
    // Through Spark, the command's clock: the result's own time covers only the merge.
    t.put("estimate", (o.master != null ? estimateNanos : d.wallTime().toNanos()) / 1e9);
    t.put("matvec", ph.matvec().toNanos() / 1e9);
    t.put("reorthogonalization", ph.reorthogonalization().toNanos() / 1e9);
    t.put("tridiagonal", ph.tridiagonal().toNanos() / 1e9);
    t.put("grid", ph.grid().toNanos() / 1e9);
    t.put("write", writeNanos / 1e9);
    t.put("total", totalNanos / 1e9);
    t.put("note", "wall-clock seconds; matvec, reorthogonalization and tridiagonal are summed "
        + "over runs, so with several threads they can exceed estimate; write covers "
        + "density.csv, cdf.csv, nodes.csv and density.svg");
    root.put("time_seconds", t);

    double[] density = d.density();
    int peak = 0;
    for (int j = 1; j < density.length; j++) {
      if (density[j] > density[peak]) {
        peak = j;
      }
    }
    Map<String, Object> dens = new LinkedHashMap<>();
    dens.put("integral", d.integral());
    dens.put("peak_grid", grid[peak]);
    dens.put("peak_density", density[peak]);
    root.put("density", dens);

    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    long count = 0;
    for (int r = 0; r < d.numRuns(); r++) {
      for (double x : d.nodes(r)) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
        count++;
      }
    }
    Map<String, Object> nodes = new LinkedHashMap<>();
    nodes.put("count", count);
    nodes.put("min", lo);
    nodes.put("max", hi);
    root.put("nodes", nodes);

    root.put("cdf_confidence", measure.confidence());
    BandedEstimate negative = measure.countBelow(0);
    Map<String, Object> neg = new LinkedHashMap<>();
    neg.put("estimate", negative.estimate());
    neg.put("lower", negative.lower());
    neg.put("upper", negative.upper());
    neg.put("dominant", negative.dominant().name().toLowerCase(Locale.ROOT));
    root.put("negative_count", neg);
    root.put("cdf_note", "cdf.csv: t is the grid variable; cdf = fraction of eigenvalues "
        + switch (d.gridScale()) {
          case LOG10 -> "<= 10^t (the CDF of log10(eigenvalue) at t) ";
          case SYMLOG10 -> "<= sign(t) c (10^|t| - 1), c = linear_zone (the CDF of the "
              + "grid variable at t) ";
          default -> "<= t ";
        } + "from the runs' Gauss rules, unsmoothed (not the integral of "
        + "density.csv); lower, upper = band at cdf_confidence: every run's "
        + "Chebyshev-Markov-Stieltjes bracket plus a Student t interval (runs - 1 degrees "
        + "of freedom) of the run mean"
        + (d.numRuns() == 1 ? "; with one run the sampling error is unknown and the band is "
        + "the bracket alone" : "") + "; negative_count = n F(0-), eigenvalues < 0, with "
        + "the same band; dominant = the larger error, quadrature or sampling");

    root.put("outlier_rule", "nodes of all runs pooled and chained into clusters of neighbours "
        + "at most sigma apart (in the grid variable); node = weight-averaged node; "
        + "estimated_eigenvalues = total_weight / runs * n; clusters with estimated_eigenvalues < "
        + Outliers.MIN_EIGENVALUES + " are skipped");
    root.put("largest_nodes", candidates(Outliers.find(d, OUTLIERS_IN_JSON, true)));
    root.put("smallest_nodes", candidates(Outliers.find(d, OUTLIERS_IN_JSON, false)));

    Map<String, Object> files = new LinkedHashMap<>();
    for (String f : FILES) {
      files.put(f.replace('.', '_'), f);
    }
    root.put("files", files);
    return root;
  }

  private static List<Object> candidates(List<Outliers.Candidate> list) {
    List<Object> out = new ArrayList<>();
    for (Outliers.Candidate c : list) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", c.node());
      m.put("node_min", c.min());
      m.put("node_max", c.max());
      m.put("runs", c.runs());
      m.put("nodes", c.nodes());
      m.put("total_weight", c.totalWeight());
      m.put("estimated_eigenvalues", c.estimatedEigenvalues());
      out.add(m);
    }
    return out;
  }

  /**
   * The threads the runs used: no more than could take work (see SpectralDensity.threads());
   * through Spark, where the runs ran in tasks, the threads given to each task.
   */
  static int threadsRan(SpectralDensity d, DensityOptions o) {
    return d.threads() > 0 ? d.threads() : o.threads;
  }

  private static void printSummary(PrintStream out, Input input, String format,
      long storedNonzeros, SpectralDensity d, DensityOptions o, long loadNanos,
      long estimateNanos, long writeNanos, long totalNanos, String shownOut) {
    double[] grid = d.grid();
    PhaseTimes ph = d.phaseTimes();
    StringBuilder b = new StringBuilder();
    b.append("slq4j density ").append(input.shownPath());
    if (input.bundled()) {
      b.append(": SuiteSparse HB/1138_bus, a 1138-bus power network admittance matrix");
    }
    if (input.laplacian() != null) {
      b.append(": ").append(describe(input.laplacian()));
    }
    b.append('\n');
    row(b, "matrix", "n = " + d.dimension() + ", " + storedNonzeros
        + (input.laplacian() != null ? " nonzeros, none stored (" : " stored nonzeros (")
        + format + ")");
    row(b, "estimate", d.numRuns() + (d.numRuns() == 1 ? " run x " : " runs x ")
        + d.lanczosSteps() + " Lanczos steps, "
        + reorth(d) + " reorthogonalization, seed " + d.seed() + ", "
        + (d.varianceReduction() == VarianceReduction.DEFLATE
            ? d.deflatedEigenvalues().length + " eigenvalues deflated, " : "")
        + threadsRan(d, o) + (threadsRan(d, o) == 1 ? " thread" : " threads")
        + (o.master != null ? " per Spark task, master " + o.master : ""));
    row(b, "kernels", d.kernels());
    String var = gridVariable(d);
    row(b, "grid", d.gridSize() + " points of " + var + " on [" + Ticks.significant(grid[0], 6)
        + ", " + Ticks.significant(grid[grid.length - 1], 6) + "], sigma = "
        + Ticks.significant(d.sigma(), 6) + (Double.isNaN(o.sigma) ? " (default rule)" : ""));
    row(b, "density", String.format(Locale.ROOT, "integral %.9f", d.integral()));
    // Through Spark the result's own times cover the merge only; the command's clock counts
    // the Spark application from its start.
    double estimateSeconds = (o.master != null ? estimateNanos : d.wallTime().toNanos()) / 1e9;
    row(b, "matvecs", d.matvecs() + " (" + ProgressBar.rate(d.matvecs() / estimateSeconds)
        + " matvec/s)");
    if (o.master != null) {
      row(b, "time", String.format(Locale.ROOT, "%.3f s total: load %.3f, estimate %.3f "
          + "(Spark application with its start-up; grid %.3f), write %.3f", totalNanos / 1e9,
          loadNanos / 1e9, estimateSeconds, ph.grid().toNanos() / 1e9, writeNanos / 1e9));
    } else {
      row(b, "time", String.format(Locale.ROOT, "%.3f s total: load %.3f, estimate %.3f "
          + "(matvec %.3f, reorthogonalization %.3f, tridiagonal %.3f, grid %.3f), write %.3f",
          totalNanos / 1e9, loadNanos / 1e9, estimateSeconds, ph.matvec().toNanos() / 1e9,
          ph.reorthogonalization().toNanos() / 1e9, ph.tridiagonal().toNanos() / 1e9,
          ph.grid().toNanos() / 1e9, writeNanos / 1e9));
    }
    b.append("  largest nodes (outlier candidates; ~eigenvalues = total weight / runs * n):\n");
    b.append(String.format(Locale.ROOT, "    %-16s %5s %14s %13s%n", "node", "runs",
        "total weight", "~eigenvalues"));
    for (Outliers.Candidate c : Outliers.find(d, OUTLIERS_ON_SCREEN, true)) {
      b.append(String.format(Locale.ROOT, "    %-16s %5d %14s %13s%n",
          Ticks.significant(c.node(), 8), c.runs(), Ticks.significant(c.totalWeight(), 4),
          Ticks.significant(c.estimatedEigenvalues(), 3)));
    }
    String folder = shownOut.endsWith("/") ? shownOut : shownOut + "/";
    b.append("wrote ").append(folder).append(": ").append(String.join(", ", FILES))
        .append('\n');
    out.print(b);
    out.flush();
  }

  /** "Dirichlet Laplacian, 7-point stencil on a 464x464x464 grid, matrix-free". */
  static String describe(LaplacianOperator op) {
    int axes = op.shape().length;
    return "Dirichlet Laplacian, " + (2 * axes + 1) + "-point stencil on a "
        + op.toString().substring("laplacian ".length()) + " grid, matrix-free";
  }

  private static void row(StringBuilder b, String name, String value) {
    b.append(String.format(Locale.ROOT, "  %-10s%s%n", name, value));
  }

  /** "1138_bus.mtx" -> "1138_bus"; "x.npy" -> "x"; "matrix" -> "matrix". */
  static String stem(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  /** The path relative to the working folder when inside it, else absolute. */
  static String shown(Path path, Path workingDirectory) {
    Path abs = path.toAbsolutePath().normalize();
    Path wd = workingDirectory.toAbsolutePath().normalize();
    if (abs.startsWith(wd) && !abs.equals(wd)) {
      return wd.relativize(abs).toString();
    }
    return abs.toString();
  }
}
