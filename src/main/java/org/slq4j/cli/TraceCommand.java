package org.slq4j.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.slq4j.InsufficientMemoryException;
import org.slq4j.NonFiniteValueException;
import org.slq4j.TraceEstimate;
import org.slq4j.TraceEstimator;

/**
 * {@code slq4j trace}: load a matrix (or generate a Laplacian) as {@code density} does and
 * print an estimate of its trace from a budget of products with random sign vectors. Writes no
 * files.
 */
final class TraceCommand {

  private TraceCommand() {}

  static int run(TraceOptions o, Main.Context ctx) throws UserError {
    long started = System.nanoTime();
    DensityCommand.Input input = DensityCommand.userInput(o.input, ctx);
    DensityCommand.Matrix m = input.laplacian() != null
        ? DensityCommand.generated(input.laplacian())
        : DensityCommand.loaded(DensityCommand.load(input, ctx.terminal() ? ctx.err() : null));
    try {
      long estimateStart = System.nanoTime();
      TraceEstimate t = estimate(o, m, input);
      long estimateNanos = System.nanoTime() - estimateStart;
      print(ctx.out(), o, input, m, t, estimateNanos, System.nanoTime() - started);
      return 0;
    } finally {
      DensityCommand.close(m.owner());
    }
  }

  private static TraceEstimate estimate(TraceOptions o, DensityCommand.Matrix m,
      DensityCommand.Input input) throws UserError {
    try {
      return o.estimator().estimate(m.operator());
    } catch (NonFiniteValueException e) {
      throw new UserError(input.shownPath() + ": the matrix produced NaN or infinity ("
          + e.getMessage() + "); check the file for NaN, Inf or overflowing entries");
    } catch (InsufficientMemoryException e) {
      throw new UserError(input.shownPath() + ": " + e.getMessage());
    }
  }

  private static void print(PrintStream out, TraceOptions o, DensityCommand.Input input,
      DensityCommand.Matrix m, TraceEstimate t, long estimateNanos, long totalNanos) {
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
    long probe = o.estimator().checkSymmetry() ? 2 : 0;
    row(b, "matvecs", t.matvecs() + (probe > 0 ? " (estimate " + (t.matvecs() - probe)
        + ", symmetry probe " + probe + ")" : ""));
    row(b, "time", String.format(Locale.ROOT, "%.3f s total, estimate %.3f s",
        totalNanos / 1e9, estimateNanos / 1e9));
    row(b, "trace", Double.toString(t.estimate()));
    if (t.probes() > 1) {
      row(b, "std error", Ticks.significant(t.standardError(), 4)
          + (t.method() == TraceEstimator.Method.HUTCHPP ? " (given the sketch)" : ""));
      row(b, "95% CI", "[" + t.lower() + ", " + t.upper() + "]");
    } else {
      row(b, "std error", "none from a single probe (use more --matvecs)");
    }
    out.print(b);
    out.flush();
  }

  private static void row(StringBuilder b, String name, String value) {
    b.append(String.format(Locale.ROOT, "  %-10s%s%n", name, value));
  }
}
