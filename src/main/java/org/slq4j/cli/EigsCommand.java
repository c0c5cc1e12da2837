package org.slq4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slq4j.Eigenpairs;
import org.slq4j.NonFiniteValueException;
import org.slq4j.io.NpyWriter;

/**
 * {@code slq4j eigs}: load a matrix (or generate a Laplacian) as {@code density} does, compute
 * its K largest or smallest eigenpairs (or both ends), print one line per pair, and write
 * eigs.csv and, with --vectors, eigvecs.npy (n x K) all-or-nothing.
 */
final class EigsCommand {

  static final String CSV = "eigs.csv";
  static final String VECTORS = "eigvecs.npy";

  private EigsCommand() {}

  static int run(EigsOptions o, Main.Context ctx) throws UserError, IOException {
    long started = System.nanoTime();
    DensityCommand.Input input = DensityCommand.userInput(o.input, ctx);
    Path outPath = ctx.workingDirectory().resolve(o.out != null ? o.out : input.stem() + "-eigs");
    String shownOut = DensityCommand.shown(outPath, ctx.workingDirectory());
    try (OutputFolder folder = OutputFolder.prepare(outPath, shownOut)) {
      long loadStart = System.nanoTime();
      DensityCommand.Matrix m = input.laplacian() != null
          ? DensityCommand.generated(input.laplacian())
          : DensityCommand.loaded(DensityCommand.load(input,
              ctx.terminal() && !o.quiet ? ctx.err() : null));
      long loadNanos = System.nanoTime() - loadStart;
      try {
        if (o.top > m.dimension()) {
          throw new UserError("--top " + o.top + " exceeds the dimension n = " + m.dimension()
              + " of " + input.shownPath());
        }
        try (Eigenpairs pairs = solve(o, m, input)) {
          long writeStart = System.nanoTime();
          List<String> written = new ArrayList<>();
          try (BufferedWriter w = folder.writer(CSV)) {
            w.write("index,eigenvalue,residual\n");
            for (int i = 0; i < pairs.count(); i++) {
              w.write(i + "," + pairs.eigenvalue(i) + "," + pairs.residualNorm(i) + "\n");
            }
          }
          written.add(CSV);
          if (o.vectors) {
            NpyWriter.writeEigenvectors(folder.file(VECTORS), pairs);
            written.add(VECTORS);
          }
          folder.commit();
          long writeNanos = System.nanoTime() - writeStart;
          if (!o.quiet) {
            print(ctx.out(), o, input, m, pairs, loadNanos, writeNanos,
                System.nanoTime() - started, shownOut, written);
          }
          if (!pairs.allConverged()) {
            int bad = 0;
            for (int i = 0; i < pairs.count(); i++) {
              bad += pairs.converged(i) ? 0 : 1;
            }
            ctx.err().println(Main.PROGRAM + ": warning: " + bad + " of " + pairs.count()
                + " eigenpairs did not reach --tol " + o.toleranceText
                + (pairs.matvecCapReached() ? " within --max-matvecs " + o.maxMatvecs : "")
                + "; each residual still bounds the distance to an eigenvalue");
          }
          return 0;
        }
      } finally {
        DensityCommand.close(m.owner());
      }
    } catch (IOException e) {
      throw new UserError("cannot write output folder " + shownOut + ": "
          + DensityCommand.describe(e));
    }
  }

  private static Eigenpairs solve(EigsOptions o, DensityCommand.Matrix m,
      DensityCommand.Input input) throws UserError {
    try {
      return o.solver().solve(m.operator());
    } catch (NonFiniteValueException | IllegalArgumentException e) {
      throw LibraryErrors.of(input, e, " (the command uses the default basis size; try a "
          + "smaller --top)");
    }
  }

  private static void print(PrintStream out, EigsOptions o, DensityCommand.Input input,
      DensityCommand.Matrix m, Eigenpairs p, long loadNanos, long writeNanos, long totalNanos,
      String shownOut, List<String> written) {
    StringBuilder b = new StringBuilder();
    b.append("slq4j eigs ").append(input.shownPath());
    if (input.laplacian() != null) {
      b.append(": ").append(DensityCommand.describe(input.laplacian()));
    }
    b.append('\n');
    row(b, "matrix", "n = " + m.dimension() + ", " + m.nonzeros()
        + (input.laplacian() != null ? " nonzeros, none stored (" : " stored nonzeros (")
        + m.format() + ")");
    String which = switch (o.which) {
      case LARGEST -> o.top + " largest";
      case SMALLEST -> o.top + " smallest";
      case BOTH -> (o.top + 1) / 2 + " largest and " + o.top / 2 + " smallest";
    };
    row(b, "solve", which + ", thick-restart Lanczos, residual <= " + o.toleranceText
        + " x ||H|| (||H|| ~ " + Ticks.significant(p.normEstimate(), 6) + "), seed " + o.seed
        + ", " + o.threads + (o.threads == 1 ? " thread" : " threads"));
    long probe = p.matvecs() - p.lanczosMatvecs() - p.count();
    row(b, "matvecs", p.matvecs() + " (Lanczos " + p.lanczosMatvecs() + ", residual checks "
        + p.count() + (probe > 0 ? ", symmetry probe " + probe : "") + "); " + p.restarts()
        + (p.restarts() == 1 ? " restart, " : " restarts, ") + p.phases()
        + (p.phases() == 1 ? " Lanczos sequence" : " Lanczos sequences (fresh starts find "
        + "repeated eigenvalues)"));
    row(b, "time", String.format(Locale.ROOT, "%.3f s total: load %.3f, solve %.3f (products "
        + "%.3f), write %.3f", totalNanos / 1e9, loadNanos / 1e9,
        p.wallTime().toNanos() / 1e9, p.matvecTime().toNanos() / 1e9, writeNanos / 1e9));
    b.append(String.format(Locale.ROOT, "  %5s  %-24s %s%n", "index", "eigenvalue",
        "residual"));
    for (int i = 0; i < p.count(); i++) {
      b.append(String.format(Locale.ROOT, "  %5d  %-24s %s%n", i, p.eigenvalue(i),
          Ticks.significant(p.residualNorm(i), 3) + (p.converged(i) ? "" : "  not converged")));
    }
    String folder = shownOut.endsWith("/") ? shownOut : shownOut + "/";
    b.append("wrote ").append(folder).append(": ").append(String.join(", ", written))
        .append('\n');
    out.print(b);
    out.flush();
  }

  private static void row(StringBuilder b, String name, String value) {
    b.append(String.format(Locale.ROOT, "  %-10s%s%n", name, value));
  }
}
