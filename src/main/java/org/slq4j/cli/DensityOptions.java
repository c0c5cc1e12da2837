package org.slq4j.cli;

import java.util.List;
import java.util.Locale;
import org.slq4j.EstimatorOptions;
import org.slq4j.GridScale;
import org.slq4j.SpectralDensityEstimator;
import org.slq4j.VarianceReduction;
import org.slq4j.BasisPrecision;
import org.slq4j.Reorthogonalization;

/**
 * The options of {@code slq4j density}, parsed and range-checked. Every problem becomes a
 * {@link UserError} naming the option and the value as typed, so the message can be shown as is.
 */
final class DensityOptions {

  /** INPUT as typed, or null for the matrix bundled in the jar. */
  String input;
  int runs = 10;
  int steps = 80;
  int gridPoints = 10000;
  /** NaN: the library's default rule. */
  double sigma = Double.NaN;
  long seed = 0;
  double padding = 0.1;
  boolean logGrid;
  boolean symlog;
  /** NaN: the library's default linear-zone rule. */
  double linearZone = Double.NaN;
  int threads = Runtime.getRuntime().availableProcessors();
  /** Whether --threads was given (through Spark a task's default is one thread). */
  boolean threadsGiven;
  int blockSize = 0;
  Reorthogonalization reorth = Reorthogonalization.FULL;
  /** 0: the library's default window. */
  int window = 0;
  BasisPrecision basis = BasisPrecision.FLOAT64;
  boolean symmetryCheck = true;
  VarianceReduction varianceReduction = VarianceReduction.NONE;
  /** --out as typed, or null for the default folder. */
  String out;
  boolean quiet;
  boolean help;
  /** --master as typed: run the estimate's runs as Spark tasks there; null runs them here. */
  String master;
  /** --distribute: what Spark tasks split, "runs" (the default) or "rows". */
  String distribute = "runs";
  /** --runs-per-task: consecutive runs one Spark task computes; 0 for one task per task slot. */
  int runsPerTask = 0;
  /** --partitions: row blocks (Spark tasks) of --distribute rows; 0 for Spark's default
   * parallelism. */
  int partitions = 0;

  /** Whether the rows of each run are spread over Spark tasks (--distribute rows). */
  boolean rows() {
    return master != null && distribute.equals("rows");
  }

  /** Options of the no-argument run on the bundled matrix. */
  static DensityOptions bundledDefault() {
    return new DensityOptions();
  }

  /** Parses the arguments after {@code density}. Accepts {@code --name value} and
   * {@code --name=value}, options before or after INPUT, and {@code --} before an INPUT that
   * starts with a dash. */
  static DensityOptions parse(List<String> args) throws UserError {
    DensityOptions o = new DensityOptions();
    o.input = OptionScanner.scan("density", args, DensityOptions::isOption,
        DensityOptions::isFlag,
        name -> {
          switch (name) {
            case "--log-grid" -> o.logGrid = true;
            case "--symlog" -> o.symlog = true;
            case "--quiet", "-q" -> o.quiet = true;
            case "--no-symmetry-check" -> o.symmetryCheck = false;
            default -> o.help = true;
          }
        },
        o::set);
    if (!Double.isNaN(o.linearZone) && !o.logGrid && !o.symlog) {
      throw new UserError("--linear-zone sets the symmetric log's linear zone; add --symlog "
          + "(or --log-grid, which uses the symmetric log on spectra that are not positive)");
    }
    if (o.basis == BasisPrecision.FLOAT32 && o.reorth == Reorthogonalization.LOCAL) {
      throw new UserError("--basis float32 works with --reorth full only; a local window is "
          + "kept in doubles (drop --basis float32, or use --reorth full)");
    }
    for (String sparkOnly : List.of("--distribute", "--runs-per-task", "--partitions")) {
      if (o.master == null && args.stream().anyMatch(a -> a.startsWith(sparkOnly))) {
        throw new UserError(sparkOnly + " needs --master (the Spark master to distribute on)");
      }
    }
    boolean rows = o.distribute.equals("rows");
    if (!rows && o.partitions > 0) {
      throw new UserError("--partitions sets the row blocks of --distribute rows; with "
          + "--distribute runs, --runs-per-task sets the tasks");
    }
    if (rows && o.runsPerTask > 0) {
      throw new UserError("--runs-per-task works with --distribute runs; with --distribute "
          + "rows every task takes part in every run (--partitions sets the tasks)");
    }
    if (rows && o.reorth == Reorthogonalization.LOCAL) {
      throw new UserError("--distribute rows runs --reorth full or none, not local");
    }
    if (rows && o.basis == BasisPrecision.FLOAT32) {
      throw new UserError("--distribute rows keeps its basis in float64: drop --basis float32");
    }
    if (o.master != null && o.varianceReduction != VarianceReduction.NONE) {
      throw new UserError("--variance-reduction " + o.varianceReduction.name()
          .toLowerCase(Locale.ROOT) + " does not work with --master: the runs Spark spreads are "
          + "classic SLQ runs (a deflated estimate's runs depend on its pre-pass)");
    }
    if (o.master != null && !o.threadsGiven) {
      o.threads = 1;  // one thread per Spark task: the task slots are the parallelism
    }
    return o;
  }

  private static boolean isFlag(String name) {
    return switch (name) {
      case "--log-grid", "--symlog", "--quiet", "-q", "--no-symmetry-check", "--help", "-h" ->
          true;
      default -> false;
    };
  }

  private static boolean isOption(String name) {
    return isFlag(name) || switch (name) {
      case "--runs", "--steps", "--grid-points", "--sigma", "--seed", "--padding", "--threads",
          "--block-size", "--reorth", "--window", "--basis", "--variance-reduction", "--out",
          "--linear-zone", "--master", "--distribute", "--runs-per-task", "--partitions" -> true;
      default -> false;
    };
  }

  private void set(String name, String value) throws UserError {
    switch (name) {
      case "--runs" -> runs = positiveInt(name, value, 1);
      case "--steps" -> steps = positiveInt(name, value, 1);
      case "--grid-points" -> gridPoints = positiveInt(name, value, 2);
      case "--threads" -> {
        threads = positiveInt(name, value, 1);
        threadsGiven = true;
      }
      case "--block-size" -> blockSize = positiveInt(name, value, 0);
      case "--seed" -> seed = parseLong(name, value);
      case "--sigma" -> {
        double s = parseDouble(name, value);
        if (!(s > 0) || !Double.isFinite(s)) {
          throw new UserError(name + " must be a positive finite number, got '" + value + "'");
        }
        if (!Double.isFinite(6 * s)) {
          throw new UserError(name + " must be at most " + Double.MAX_VALUE / 6 + " (the grid "
              + "reaches 6 sigma beyond the nodes), got '" + value + "'");
        }
        sigma = s;
      }
      case "--linear-zone" -> {
        double c = parseDouble(name, value);
        if (!(c > 0) || !Double.isFinite(c)) {
          throw new UserError(name + " must be a positive finite number, got '" + value + "'");
        }
        linearZone = c;
      }
      case "--padding" -> {
        double p = parseDouble(name, value);
        if (!(p >= 0) || !Double.isFinite(p)) {
          throw new UserError(name + " must be a finite number >= 0, got '" + value + "'");
        }
        padding = p;
      }
      case "--reorth" -> reorth = switch (value.toLowerCase(Locale.ROOT)) {
        case "full" -> Reorthogonalization.FULL;
        case "none" -> Reorthogonalization.NONE;
        case "local" -> Reorthogonalization.LOCAL;
        default -> throw new UserError(name + " must be 'full', 'none' or 'local', got '" + value
            + "'");
      };
      case "--window" -> window = positiveInt(name, value, 2);
      case "--basis" -> basis = switch (value.toLowerCase(Locale.ROOT)) {
        case "float64" -> BasisPrecision.FLOAT64;
        case "float32" -> BasisPrecision.FLOAT32;
        default -> throw new UserError(name + " must be 'float64' or 'float32', got '" + value
            + "'");
      };
      case "--variance-reduction" -> varianceReduction = switch (value.toLowerCase(Locale.ROOT)) {
        case "none" -> VarianceReduction.NONE;
        case "deflate" -> VarianceReduction.DEFLATE;
        case "auto" -> VarianceReduction.AUTO;
        default -> throw new UserError(name + " must be 'none', 'deflate' or 'auto', got '"
            + value + "'");
      };
      case "--out" -> {
        if (value.isBlank()) {
          throw new UserError(name + " needs a folder name, got an empty string");
        }
        out = value;
      }
      case "--master" -> {
        if (value.isBlank()) {
          throw new UserError(name + " needs a Spark master URL, e.g. local[4] or "
              + "spark://host:7077, got an empty string");
        }
        master = value;
      }
      case "--runs-per-task" -> runsPerTask = positiveInt(name, value, 1);
      case "--partitions" -> partitions = positiveInt(name, value, 1);
      case "--distribute" -> distribute = switch (value.toLowerCase(Locale.ROOT)) {
        case "runs" -> "runs";
        case "rows" -> "rows";
        default -> throw new UserError(name + " must be 'runs' or 'rows', got '" + value + "'");
      };
      default -> throw new AssertionError(name);
    }
  }

  static int positiveInt(String name, String value, int min) throws UserError {
    long v;
    try {
      v = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new UserError(name + " must be a whole number >= " + min + ", got '" + value + "'");
    }
    if (v < min || v > Integer.MAX_VALUE) {
      throw new UserError(name + " must be a whole number in [" + min + ", " + Integer.MAX_VALUE
          + "], got '" + value + "'");
    }
    return (int) v;
  }

  static long parseLong(String name, String value) throws UserError {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new UserError(name + " must be a whole number (64-bit), got '" + value + "'");
    }
  }

  static double parseDouble(String name, String value) throws UserError {
    String v = value.trim();
    // Double.parseDouble also takes "NaN", "Infinity" and hex floats; only plain decimals here.
    if (!v.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      throw new UserError(name + " must be a number, got '" + value + "'");
    }
    return Double.parseDouble(v);
  }

  /** The library estimator these options describe. */
  SpectralDensityEstimator estimator() {
    EstimatorOptions.Builder b = SpectralDensityEstimator.builder()
        .numRuns(runs)
        .lanczosSteps(steps)
        .numGridPoints(gridPoints)
        .seed(seed)
        .gridPadding(padding)
        .gridScale(symlog ? GridScale.SYMLOG10
            : logGrid ? GridScale.AUTO_LOG : GridScale.LINEAR)
        .threads(threads)
        .blockSize(blockSize)
        .reorthogonalization(reorth)
        .basisPrecision(basis)
        .checkSymmetry(symmetryCheck)
        .varianceReduction(varianceReduction);
    if (window > 0) {
      b.reorthogonalizationWindow(window);
    }
    if (!Double.isNaN(sigma)) {
      b.sigma(sigma);
    }
    if (!Double.isNaN(linearZone)) {
      b.symlogLinearZone(linearZone);
    }
    return b.build();
  }
}
