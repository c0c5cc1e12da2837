package org.slq4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.slq4j.EigenSolver;
import org.slq4j.EstimatorOptions;

/**
 * The {@code slq4j} command. Without arguments it runs {@code density} on the matrix bundled in
 * the jar (SuiteSparse HB/1138_bus) and writes into {@code ./1138_bus-density}; {@code eigs}
 * computes extreme eigenpairs of the same inputs, {@code trace} estimates their trace and
 * {@code sums} spectral sums tr f(H).
 *
 * <p>Exit codes: 0 success, 2 a user error (bad option or value, missing, unreadable or
 * malformed input, unusable output folder; one line on stderr), 1 an internal error (a bug; with
 * a stack trace) or running out of memory.
 */
public final class Main {

  static final String PROGRAM = "slq4j";

  /**
   * Where the command runs: its streams, its working folder (INPUT, --out and the default output
   * folder are relative to it) and whether stderr is an interactive terminal (progress bar).
   */
  record Context(PrintStream out, PrintStream err, InputStream in, Path workingDirectory,
      boolean terminal) {}

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  /** Runs the command with the process's working folder; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, new Context(out, err, System.in, Path.of("").toAbsolutePath(),
        stderrIsTerminal()));
  }

  static int run(String[] args, Context ctx) {
    List<String> list = Arrays.asList(args);
    try {
      if (list.isEmpty()) {
        return DensityCommand.run(DensityOptions.bundledDefault(), list, ctx);
      }
      String first = list.get(0);
      switch (first) {
        case "-h", "--help", "help" -> {
          ctx.out().print(usage());
          return 0;
        }
        case "--version", "version" -> {
          ctx.out().println(PROGRAM + " " + version());
          ctx.out().println("kernels: " + org.slq4j.internal.vectorization.VectorKernels.describe()
              + "; self-check: " + org.slq4j.internal.vectorization.VectorKernels.selfCheck());
          return 0;
        }
        case "density" -> {
          DensityOptions o = DensityOptions.parse(list.subList(1, list.size()));
          if (o.help) {
            ctx.out().print(densityUsage());
            return 0;
          }
          if (o.input == null) {
            throw new UserError("density needs an INPUT file (.mtx, .npy or .npz) or a "
                + "generated laplacian:NxMxK; run slq4j with no arguments for the bundled example");
          }
          return DensityCommand.run(o, list, ctx);
        }
        case "eigs" -> {
          EigsOptions o = EigsOptions.parse(list.subList(1, list.size()));
          if (o.help) {
            ctx.out().print(eigsUsage());
            return 0;
          }
          if (o.input == null) {
            throw new UserError("eigs needs an INPUT file (.mtx, .npy or .npz) or a generated "
                + "laplacian:NxMxK, e.g. slq4j eigs matrix.mtx --top 10");
          }
          return EigsCommand.run(o, ctx);
        }
        case "trace" -> {
          TraceOptions o = TraceOptions.parse(list.subList(1, list.size()));
          if (o.help) {
            ctx.out().print(traceUsage());
            return 0;
          }
          if (o.input == null) {
            throw new UserError("trace needs an INPUT file (.mtx, .npy or .npz) or a generated "
                + "laplacian:NxMxK, e.g. slq4j trace matrix.mtx --matvecs 99");
          }
          return TraceCommand.run(o, list, ctx);
        }
        case "sums" -> {
          SumsOptions o = SumsOptions.parse(list.subList(1, list.size()));
          if (o.help) {
            ctx.out().print(sumsUsage());
            return 0;
          }
          if (o.input == null) {
            throw new UserError("sums needs an INPUT file (.mtx, .npy or .npz) or a generated "
                + "laplacian:NxMxK, e.g. slq4j sums matrix.mtx --f logdet --rtol 1e-2");
          }
          return SumsCommand.run(o, list, ctx);
        }
        default -> {
          if (first.startsWith("-")) {
            // Options without a command: density on the bundled matrix, e.g. `slq4j --runs 20`.
            DensityOptions o = DensityOptions.parse(list);
            if (o.help) {
              ctx.out().print(usage());
              return 0;
            }
            if (o.input != null) {
              throw new UserError("an INPUT file needs the density command: slq4j density "
                  + o.input + " ...");
            }
            return DensityCommand.run(o, list, ctx);
          }
          String hint = first.endsWith(".mtx") || first.endsWith(".npy")
              || first.endsWith(".npz") || first.startsWith(DensityCommand.LAPLACIAN_PREFIX)
              ? "; did you mean: slq4j density " + first + " ? (or slq4j eigs " + first
              + " --top K, or slq4j sums " + first + " --f logdet)"
              : "; commands: density, eigs, trace, sums";
          throw new UserError("unknown command '" + first + "'" + hint);
        }
      }
    } catch (UserError e) {
      ctx.err().println(PROGRAM + ": error: " + e.getMessage());
      return 2;
    } catch (OutOfMemoryError e) {
      ctx.err().println(PROGRAM + ": error: out of memory (" + e.getMessage() + "); each run "
          + "keeps its Lanczos basis, (steps + 1) x n x 8 bytes, off the Java heap, and threads x "
          + "block size runs go at once: try --reorth none or --reorth local, --basis float32, "
          + "fewer --steps, --block-size 1 or fewer --threads");
      return 1;
    } catch (IOException | RuntimeException e) {
      ctx.err().println(PROGRAM + ": internal error: " + e + " (please report this with the "
          + "command line and the stack trace below)");
      e.printStackTrace(ctx.err());
      return 1;
    }
  }

  /** stderr is a terminal: the launcher knows for sure (-Dslq4j.stderrIsTerminal, from
   * {@code [ -t 2 ]}); otherwise the JVM's console, which looks at stdin and stdout. */
  static boolean stderrIsTerminal() {
    String fromLauncher = System.getProperty("slq4j.stderrIsTerminal");
    if (fromLauncher != null) {
      return Boolean.parseBoolean(fromLauncher);
    }
    java.io.Console console = System.console();
    return console != null && console.isTerminal();
  }

  /** The version: the module's, else the one Maven stamped into the jar, else "development". */
  static String version() {
    Module module = Main.class.getModule();
    if (module.isNamed() && module.getDescriptor().rawVersion().isPresent()) {
      return module.getDescriptor().rawVersion().get();
    }
    try (InputStream in = Main.class.getResourceAsStream(
        "/META-INF/maven/org.slq4j/slq4j/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "development build";
  }

  static String usage() {
    return """
        slq4j: eigenvalue densities of large symmetric matrices by Stochastic Lanczos Quadrature

        Usage:
          slq4j [options]             density of the bundled example (SuiteSparse 1138_bus)
          slq4j density INPUT [options]
          slq4j eigs INPUT --top K [options]
                                      K extreme eigenpairs (slq4j eigs --help)
          slq4j trace INPUT --matvecs M [options]
                                      estimate of the trace (slq4j trace --help)
          slq4j sums INPUT --f logdet,trace,traceinv,count:A:B [options]
                                      spectral sums tr f(H) with confidence intervals
                                      (slq4j sums --help)
          slq4j --help | --version

        INPUT: Matrix Market .mtx (plain or gzip), NumPy .npy (n x n, little-endian float64
        or float32), SciPy sparse .npz, a generated laplacian:N, laplacian:NxM or
        laplacian:NxMxK, or - for standard input. The format is read off the first bytes;
        pipes, FIFOs and <(...) are read once, through a temporary copy.

        """ + densityOptions();
  }

  static String eigsUsage() {
    return """
        Usage: slq4j eigs INPUT --top K [options]

        Computes the K largest (or smallest, or both ends) eigenvalues of the real symmetric
        matrix in INPUT, with their eigenvectors, by thick-restart Lanczos with full
        reorthogonalization. INPUT is read as by density: Matrix Market .mtx, NumPy .npy
        (n x n), SciPy sparse .npz, or a generated laplacian:N, laplacian:NxM, laplacian:NxMxK.

        Each eigenvalue is the Rayleigh quotient theta = y'Hy of its unit vector y; the residual
        r = ||H y - theta y|| is computed with one more product, and some eigenvalue of the
        matrix lies within r of theta. A pair has converged when r <= T x ||H||, with ||H||
        estimated by the largest Ritz value in magnitude.

        Options:
          --top K            how many eigenpairs (required; at most n)
          --which W          largest (default), smallest, or both: ceil(K/2) largest and
                             floor(K/2) smallest (K >= 2)
          --tol T            relative residual tolerance in (0, 1) (default 1e-8)
          --max-matvecs N    most Lanczos products (default %d); pairs that have not
                             converged by then are reported as such, with their residuals
          --seed S           seed of the random start vectors (default 0)
          --threads T        threads for the vector work; same result for any T
                             (default: processors, here %d)
          --vectors          also write the eigenvectors, eigvecs.npy
          --no-symmetry-check
                             skip the up-front probe |x'Ay - y'Ax| <= 1e-8 (|Ax| + |Ay|)
          --out DIR          output folder (default: INPUT's name without extension + "-eigs",
                             in the current folder; laplacian:NxMxK gives
                             laplacian-NxMxK-eigs)
          -q, --quiet        nothing on stdout
          -h, --help         this help

        Prints one line per eigenpair (index, eigenvalue, residual). Output files (nothing is
        written when the run fails):
          eigs.csv      index,eigenvalue,residual (index j is column j of eigvecs.npy)
          eigvecs.npy   with --vectors: n x K float64, C order, column j the unit
                        eigenvector of eigenvalue j (numpy.load gives it as eigh does)
        Order: descending eigenvalues (largest, both), ascending (smallest).
        """.formatted(EigenSolver.DEFAULT_MAX_MATVECS,
            Runtime.getRuntime().availableProcessors());
  }

  static String traceUsage() {
    return """
        Usage: slq4j trace INPUT --matvecs M [options]

        Estimates the trace of the real symmetric matrix in INPUT from M products with random
        sign vectors, never reading its diagonal. INPUT is read as by density: Matrix Market
        .mtx, NumPy .npy (n x n), SciPy sparse .npz, or a generated laplacian:N, laplacian:NxM,
        laplacian:NxMxK.

        hutchinson averages n z'Hz over M Rademacher vectors z (unit norm); it prints the
        standard error and a Student t interval (95%% unless --confidence). hutchpp (Hutch++, Meyer, Musco, Musco
        and Woodruff 2021) spends M/3 products on a sketch Q = orth(H S), M/3 on tr(Q'HQ),
        taken exactly, and the rest on Hutchinson for the remainder: far smaller errors when a
        few eigenvalues dominate, exact when the rank is at most M/3; it keeps M/3 vectors of
        n doubles. Its standard error and interval are those of the remainder, given Q.

        Options:
          --matvecs M        products with the matrix (required; >= 1, >= 3 for hutchpp)
          --method X         hutchinson (default) or hutchpp
          --confidence C     level of the interval, in (0, 1) (default 0.95)
          --seed S           probe i is the Rademacher vector of the pair (S, i); distinct
                             seeds share no probe (default 0)
          --threads T        threads sharing each product; same result for any T
                             (default: processors, here %d)
          --no-symmetry-check
                             skip the up-front probe |x'Ay - y'Ax| <= 1e-8 (|Ax| + |Ay|),
                             two products beyond M
          --out DIR          output folder (default: INPUT's name without extension +
                             "-trace")
          -q, --quiet        nothing on stdout
          -h, --help         this help

        Prints the estimate, its standard error and interval (none from a single probe) and
        the products used. Writes trace.json: {"estimate", "lower", "upper",
        "standard_error", "confidence", "method", "matvecs", "probes", "sketch_rank" and
        "exact_part" (hutchpp), "input", "parameters", "slq4j"}; lower, upper and
        standard_error are null from a single probe (nothing is written when the run fails).
        """.formatted(Runtime.getRuntime().availableProcessors());
  }

  static String sumsUsage() {
    return """
        Usage: slq4j sums INPUT --f F1,F2,... [options]

        Estimates spectral sums tr f(H) = sum of f(eigenvalue) of the real symmetric matrix in
        INPUT (read as by density: .mtx, .npy, .npz or laplacian:NxMxK) by Stochastic Lanczos
        Quadrature: run r gives n sum_k w_k f(x_k) from its Gauss rule; the estimate is their
        mean, with a Student t confidence interval over the runs. The interval covers the
        sampling error only: the quadrature error of --steps (large for log and 1/x of an
        ill-conditioned matrix) is not in it; raise --steps until the estimate stops moving.

        Functions (--f, comma-separated):
          logdet             log det H = tr log(H); H must be positive definite
          traceinv           tr H^-1; H must be positive definite
          trace              tr H
          exp                tr exp(H)
          pow:P              tr H^P (a non-integer P needs a positive semidefinite H)
          count:A:B          the number of eigenvalues in [A, B]

        Options:
          --f LIST           the functions (required)
          --rtol R           add runs until every half-width <= R x |estimate|
          --atol A           add runs until every half-width <= A (with --rtol: either)
          --confidence C     level of the intervals and tolerances, in (0, 1) (default 0.95)
          --max-runs N       most runs with --rtol/--atol (default %d)
          --runs N           runs without a tolerance; with one, the first batch (default 10);
                             later batches aim at the runs the measured spread needs, at most
                             doubling; run r starts from the same vector whatever the
                             batches
          --steps M          Lanczos steps per run, at most n (default 80)
          --seed S           run r starts from the Rademacher vector of the pair (S, r);
                             distinct seeds give independent estimates (default 0)
          --threads T        threads; same result for any T (default: processors, here %d)
          --no-symmetry-check
                             skip the up-front probe |x'Ay - y'Ax| <= 1e-8 (|Ax| + |Ay|)
          --out DIR          output folder (default: INPUT's name without extension + "-sums")
          -q, --quiet        nothing on stdout
          -h, --help         this help

        Prints one line per quantity: estimate, interval, runs used and why the runs stopped
        (tolerance, or max-runs: the run limit, or --runs without a tolerance). Writes
        sums.json: {"quantities": [{"name", "estimate", "lower", "upper", "standard_error",
        "confidence", "runs", "stop"}, ...], "input", "parameters", "slq4j"} (nothing is
        written when the run fails).
        """.formatted(org.slq4j.SpectralSums.DEFAULT_MAX_RUNS,
            Runtime.getRuntime().availableProcessors());
  }

  static String densityUsage() {
    return """
        Usage: slq4j density INPUT [options]

        Estimates the eigenvalue density of the real symmetric matrix in INPUT (Matrix Market
        .mtx, plain or gzip; NumPy .npy with an n x n array of dtype float64 or float32,
        little-endian ('<f8' or '<f4', numpy's default on x86 and ARM), C or Fortran order;
        SciPy sparse .npz from scipy.sparse.save_npz; - for standard input) and writes
        density.csv, cdf.csv, nodes.csv, summary.json and density.svg into the output folder.

        INPUT may instead be laplacian:N, laplacian:NxM or laplacian:NxMxK: the Dirichlet
        Laplacian on a grid of that many points (3-, 5- or 7-point stencil, unit spacing),
        generated matrix-free, no file read; its exact spectrum is known, which makes it a
        test of accuracy at any size (e.g. laplacian:464x464x464 --reorth none, n = 1e8).

        """ + densityOptions();
  }

  private static String densityOptions() {
    return """
        Options:
          --runs N           random start vectors (default 10)
          --steps M          Lanczos steps per run, at most n (default 80)
          --grid-points G    points of the density grid (default 10000)
          --sigma S          Gaussian smoothing width, in units of the grid variable
                             (default: (largest node - smallest node) / steps)
          --seed S           run r starts from the Rademacher vector of the pair (S, r);
                             distinct seeds give independent estimates (default 0)
          --padding P        grid margin on each side, as a fraction of the node spread
                             (default 0.1; never less than 6 sigma)
          --log-grid         grid and smoothing in log10(eigenvalue) for spectra spanning
                             many decades (a log-log plot); on a spectrum with nodes <= 0
                             (an indefinite Hessian) in the symmetric log
                             s = sign(eigenvalue) log10(1 + |eigenvalue| / c) instead
          --symlog           the symmetric log, also on a positive spectrum
          --linear-zone C    c of the symmetric log: |eigenvalue| < C is near linear, each
                             decade beyond it one unit of s (default: the |node| below
                             which 5%% of the estimated spectrum lies)
          --threads T        threads used: runs in parallel, the threads left over split
                             each run's rows; same result for any T (default: processors,
                             here %d); only as many run as can take work; summary.json's
                             threads says how many
          --block-size B     runs each thread advances together, sharing every pass over
                             the matrix (default 0: the matrix's choice, 4 for sparse
                             files, 1 for dense; capped by half the memory); each run
                             keeps its own basis
          --reorth MODE      full (default): full reorthogonalization, no ghost eigenvalues,
                             M + 1 vectors of memory per run; none: three-term recurrence,
                             3 vectors whatever M (for the largest n); local: orthogonalize
                             against the last --window vectors only, 1.5 window + 1
                             vectors whatever M
          --window K         vectors a local run keeps and orthogonalizes against (default %d)
          --basis P          float64 (default) or float32: the stored basis in floats, half
                             the memory and the bytes per sweep; arithmetic stays double
                             (float32 with --reorth full only)
          --no-symmetry-check
                             skip the up-front probe |x'Ay - y'Ax| <= 1e-8 (|Ax| + |Ay|)
          --variance-reduction MODE
                             none (default): classic SLQ; deflate: when run 0 shows a
                             converged top eigenvalue, part of the runs x steps
                             products finds the extreme eigenvalues, which are then
                             counted exactly and taken out of the random runs (more
                             accurate when the spectrum has outliers); auto: deflate
                             only when they stand apart from the rest, else classic
                             bit for bit; the products stay within runs x steps
          --out DIR          output folder (default: INPUT's name without extension
                             + "-density", in the current folder; laplacian:NxMxK gives
                             laplacian-NxMxK-density)
          --master URL       run the runs as Apache Spark tasks on that master (local[4],
                             spark://host:7077, ...; INPUT must be readable at the same
                             path on every executor) and merge them: the same result as
                             without; needs the slq4j-spark module (the launcher adds it;
                             otherwise run its -all jar with spark-submit). --threads then
                             counts threads per task (default 1)
          --runs-per-task K  with --master: consecutive runs each Spark task computes
                             (default: runs / Spark's default parallelism, one task per
                             slot, as the plain command gives each thread its runs; 1 is
                             the finest retry and balance but pays each task's set-up,
                             its basis memory, once per run)
          --distribute WHAT  with --master: runs (default) spreads the runs over tasks;
                             rows splits the matrix and every Lanczos vector into row
                             blocks, one per task of a Spark barrier stage, for matrices
                             larger than one machine (a Matrix Market coordinate file or
                             laplacian:NxMxK; --reorth full or none; the result equals the
                             plain command's up to rounding)
          --partitions P     with --distribute rows: the row blocks, one task each, all
                             running at once (default: Spark's default parallelism)
          -q, --quiet        no progress bar, no summary on stdout
          -h, --help         this help
              --version      print the version

        Output files (replaced when they exist; nothing is written when the run fails):
          density.csv   grid,density     (grid = eigenvalue, or log10(eigenvalue) or s with
                        --log-grid; summary.json's grid_variable says which)
          cdf.csv       t,cdf,lower,upper (on the same grid: the fraction of eigenvalues
                        <= the eigenvalue at t, from the nodes, with its 95%% band)
          nodes.csv     run,k,node,weight (the quadrature nodes and weights of every run)
          summary.json  input, n, parameters used, timings, kernels, outlier candidates,
                        negative_count (eigenvalues < 0, with its 95%% band)
          density.svg   plot: linear and logarithmic density axes
        """.formatted(Runtime.getRuntime().availableProcessors(),
            EstimatorOptions.DEFAULT_WINDOW);
  }
}
