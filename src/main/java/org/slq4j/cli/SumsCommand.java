package org.slq4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slq4j.NonFiniteValueException;
import org.slq4j.SpectralSum;

/**
 * {@code slq4j sums}: load a matrix (or generate a Laplacian) as {@code density} does, estimate
 * the spectral sums of --f with confidence intervals (adding runs up to --max-runs when --rtol
 * or --atol is given), print one line per quantity, and write sums.json all-or-nothing.
 */
final class SumsCommand {

  static final String JSON = "sums.json";

  private SumsCommand() {}

  static int run(SumsOptions o, List<String> args, Main.Context ctx)
      throws UserError, IOException {
    long started = System.nanoTime();
    DensityCommand.Input input = DensityCommand.userInput(o.input, ctx);
    Path outPath = ctx.workingDirectory().resolve(o.out != null ? o.out : input.stem() + "-sums");
    String shownOut = DensityCommand.shown(outPath, ctx.workingDirectory());
    try (OutputFolder folder = OutputFolder.prepare(outPath, shownOut)) {
      DensityCommand.Matrix m = input.laplacian() != null
          ? DensityCommand.generated(input.laplacian())
          : DensityCommand.loaded(DensityCommand.load(input,
              ctx.terminal() && !o.quiet ? ctx.err() : null));
      List<SpectralSum> sums;
      long n = m.dimension();
      try {
        if (o.steps > n) {
          throw new UserError("--steps " + o.steps + " exceeds the dimension n = " + n + " of "
              + input.shownPath() + " (at most n steps are possible)");
        }
        sums = estimate(o, m, input);
      } finally {
        DensityCommand.close(m.owner());
      }
      folder.write(JSON, Json.write(json(o, args, input, n, sums,
          System.nanoTime() - started)));
      folder.commit();
      if (!o.quiet) {
        print(ctx.out(), o, input, n, sums, System.nanoTime() - started, shownOut);
      }
      return 0;
    } catch (IOException e) {
      throw new UserError("cannot write output folder " + shownOut + ": "
          + DensityCommand.describe(e));
    }
  }

  private static List<SpectralSum> estimate(SumsOptions o, DensityCommand.Matrix m,
      DensityCommand.Input input) throws UserError {
    try {
      return o.sums().estimate(m.operator(), o.functions);
    } catch (NonFiniteValueException | IllegalArgumentException e) {
      throw LibraryErrors.of(input, e, "");
    }
  }

  private static Map<String, Object> json(SumsOptions o, List<String> args,
      DensityCommand.Input input, long n, List<SpectralSum> sums, long totalNanos) {
    Map<String, Object> root = new LinkedHashMap<>();
    List<Object> quantities = new ArrayList<>();
    for (int i = 0; i < sums.size(); i++) {
      SpectralSum s = sums.get(i);
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("name", o.names.get(i));
      q.put("estimate", s.estimate());
      q.put("lower", s.lower());
      q.put("upper", s.upper());
      q.put("standard_error", s.standardError());
      q.put("confidence", s.confidence());
      q.put("runs", s.runs());
      q.put("stop", s.stop().label());
      quantities.add(q);
    }
    root.put("quantities", quantities);
    root.put("input", DensityCommand.inputJson(input, n));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("functions", List.copyOf(o.names));
    p.put("rtol", o.rtol);
    p.put("atol", o.atol);
    p.put("confidence", o.confidence);
    p.put("runs", o.runs);
    p.put("max_runs", o.adaptive() ? o.maxRuns : o.runs);
    p.put("steps", o.steps);
    p.put("seed", o.seed);
    p.put("threads", o.threads);
    p.put("symmetry_check", o.symmetryCheck);
    root.put("parameters", p);
    root.put("slq4j", DensityCommand.toolJson(args, totalNanos));
    return root;
  }

  private static void print(PrintStream out, SumsOptions o, DensityCommand.Input input, long n,
      List<SpectralSum> sums, long totalNanos, String shownOut) {
    StringBuilder b = new StringBuilder();
    b.append("slq4j sums ").append(input.shownPath()).append(": n = ").append(n)
        .append(", ").append(o.steps).append(" steps, seed ").append(o.seed);
    if (o.adaptive()) {
      b.append(", until the half-width <= ");
      if (o.rtol > 0) {
        b.append(o.rtol).append(" x |estimate|");
      }
      if (o.rtol > 0 && o.atol > 0) {
        b.append(" or ");
      }
      if (o.atol > 0) {
        b.append(o.atol);
      }
      b.append(" (at most ").append(o.maxRuns).append(" runs)");
    }
    b.append(String.format(Locale.ROOT, ", %.3f s%n", totalNanos / 1e9));
    for (int i = 0; i < sums.size(); i++) {
      SpectralSum s = sums.get(i);
      b.append(String.format(Locale.ROOT, "  %-14s %-22s %s%% interval [%s, %s], %d runs, "
          + "stop: %s%n", o.names.get(i), Double.toString(s.estimate()),
          Ticks.significant(100 * s.confidence(), 6), Ticks.significant(s.lower(), 8),
          Ticks.significant(s.upper(), 8), s.runs(), s.stop().label()));
    }
    String folder = shownOut.endsWith("/") ? shownOut : shownOut + "/";
    b.append("wrote ").append(folder).append(": ").append(JSON).append('\n');
    out.print(b);
    out.flush();
  }
}
