package org.slq4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slq4j.NonFiniteValueException;
import org.slq4j.TraceEstimate;
import org.slq4j.TraceEstimator;

/**
 * {@code slq4j trace}: load a matrix (or generate a Laplacian) as {@code density} does, print
 * an estimate of its trace from a budget of products with random sign vectors, and write
 * trace.json all-or-nothing.
 */
final class TraceCommand {

  static final String JSON = "trace.json";

  private TraceCommand() {}

  static int run(TraceOptions o, List<String> args, Main.Context ctx)
      throws UserError, IOException {
    long started = System.nanoTime();
    DensityCommand.Input input = DensityCommand.userInput(o.input, ctx);
    Path outPath = ctx.workingDirectory().resolve(o.out != null ? o.out
        : input.stem() + "-trace");
    String shownOut = DensityCommand.shown(outPath, ctx.workingDirectory());
    try (OutputFolder folder = OutputFolder.prepare(outPath, shownOut)) {
      DensityCommand.Matrix m = input.laplacian() != null
          ? DensityCommand.generated(input.laplacian())
          : DensityCommand.loaded(DensityCommand.load(input,
              ctx.terminal() && !o.quiet ? ctx.err() : null));
      TraceEstimate t;
      long estimateNanos;
      try {
        long estimateStart = System.nanoTime();
        t = estimate(o, m, input);
        estimateNanos = System.nanoTime() - estimateStart;
      } finally {
        DensityCommand.close(m.owner());
      }
      folder.write(JSON, Json.write(json(o, args, input, m.dimension(), t,
          System.nanoTime() - started)));
      folder.commit();
      if (!o.quiet) {
        print(ctx.out(), o, input, m, t, estimateNanos, System.nanoTime() - started, shownOut);
      }
      return 0;
    } catch (IOException e) {
      throw new UserError("cannot write output folder " + shownOut + ": "
          + DensityCommand.describe(e));
    }
  }

  private static TraceEstimate estimate(TraceOptions o, DensityCommand.Matrix m,
      DensityCommand.Input input) throws UserError {
    try {
      return o.estimator().estimate(m.operator());
    } catch (NonFiniteValueException | IllegalArgumentException e) {
      throw LibraryErrors.of(input, e, "");
    }
  }

  /** The layout of sums.json: the result first, then input, parameters and slq4j. */
  private static Map<String, Object> json(TraceOptions o, List<String> args,
      DensityCommand.Input input, long n, TraceEstimate t, long totalNanos) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("estimate", t.estimate());
    // NaN (one probe: no spread to measure) is written as null.
    root.put("lower", t.lower());
    root.put("upper", t.upper());
    root.put("standard_error", t.standardError());
    root.put("confidence", t.confidence());
    root.put("method", method(t.method()));
    root.put("matvecs", t.matvecs());
    root.put("probes", t.probes());
    if (t.method() == TraceEstimator.Method.HUTCHPP) {
      root.put("sketch_rank", t.sketchRank());
      root.put("exact_part", t.exactPart());
    }
    root.put("input", DensityCommand.inputJson(input, n));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("method", method(o.method));
    p.put("matvecs", o.matvecs);
    p.put("confidence", o.confidence);
    p.put("seed", o.seed);
    p.put("threads", o.threads);
    p.put("symmetry_check", o.symmetryCheck);
    root.put("parameters", p);
    root.put("slq4j", DensityCommand.toolJson(args, totalNanos));
    return root;
  }

  /** The --method spelling. */
  private static String method(TraceEstimator.Method m) {
    return m == TraceEstimator.Method.HUTCHINSON ? "hutchinson" : "hutchpp";
  }

  private static void print(PrintStream out, TraceOptions o, DensityCommand.Input input,
      DensityCommand.Matrix m, TraceEstimate t, long estimateNanos, long totalNanos,
      String shownOut) {
    StringBuilder b = new StringBuilder();
    b.append("slq4j trace ").append(input.shownPath());
    if (input.laplacian() != null) {
      b.append(": ").append(DensityCommand.describe(input.laplacian()));
    }
    b.append('\n');
    row(b, "matrix", "n = " + m.dimension() + ", " + m.nonzeros()
        + (input.laplacian() != null ? " nonzeros, none stored (" : " stored nonzeros (")
        + m.format() + ")");
    String how = t.method() == TraceEstimator.Method.HUTCHINSON
        ? "Hutchinson, " + t.probes() + " Rademacher probes"
        : "Hutch++, sketch rank " + t.sketchRank() + " (exact part "
            + Ticks.significant(t.exactPart(), 10) + "), " + t.probes() + " residual probes";
    row(b, "method", how + ", seed " + o.seed + ", " + o.threads
        + (o.threads == 1 ? " thread" : " threads"));
    long probe = o.symmetryCheck ? 2 : 0;
    row(b, "matvecs", t.matvecs() + (probe > 0 ? " (estimate " + (t.matvecs() - probe)
        + ", symmetry probe " + probe + ")" : ""));
    row(b, "time", String.format(Locale.ROOT, "%.3f s total, estimate %.3f s",
        totalNanos / 1e9, estimateNanos / 1e9));
    row(b, "trace", Double.toString(t.estimate()));
    if (t.probes() > 1) {
      row(b, "std error", Ticks.significant(t.standardError(), 4)
          + (t.method() == TraceEstimator.Method.HUTCHPP ? " (given the sketch)" : ""));
      row(b, Ticks.significant(100 * t.confidence(), 6) + "% CI",
          "[" + t.lower() + ", " + t.upper() + "]");
    } else {
      row(b, "std error", "none from a single probe (use more --matvecs)");
    }
    String folder = shownOut.endsWith("/") ? shownOut : shownOut + "/";
    b.append("wrote ").append(folder).append(": ").append(JSON).append('\n');
    out.print(b);
    out.flush();
  }

  /** One indented row, the value in column 13, or one space after a longer name. */
  private static void row(StringBuilder b, String name, String value) {
    b.append(String.format(Locale.ROOT, "  %-10s%s%s%n", name, name.length() >= 10 ? " " : "",
        value));
  }
}
