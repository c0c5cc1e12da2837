package org.slq4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slq4j.EstimatorOptions;
import org.slq4j.SpectralDensityEstimator;
import org.slq4j.SpectralFunction;
import org.slq4j.SpectralSums;

/**
 * The options of {@code slq4j sums}, parsed and range-checked. Every problem becomes a
 * {@link UserError} naming the option and the value as typed, as for {@code density}.
 */
final class SumsOptions {

  /** INPUT as typed. */
  String input;
  /** The --f items as typed (trimmed), e.g. "logdet" or "count:0:1". */
  final List<String> names = new ArrayList<>();
  /** The functions of --f, in the order given. */
  final List<SpectralFunction> functions = new ArrayList<>();
  double rtol;
  double atol;
  double confidence = SpectralSums.DEFAULT_CONFIDENCE;
  int maxRuns = SpectralSums.DEFAULT_MAX_RUNS;
  boolean maxRunsGiven;
  int runs = 10;
  int steps = 80;
  long seed;
  int threads = Runtime.getRuntime().availableProcessors();
  boolean symmetryCheck = true;
  /** --out as typed, or null for the default folder. */
  String out;
  boolean quiet;
  boolean help;

  /**
   * Parses the arguments after {@code sums}: {@code --name value} or {@code --name=value},
   * options before or after INPUT, {@code --} before an INPUT that starts with a dash.
   */
  static SumsOptions parse(List<String> args) throws UserError {
    SumsOptions o = new SumsOptions();
    o.input = OptionScanner.scan("sums", args, SumsOptions::isOption, SumsOptions::isFlag,
        name -> {
          switch (name) {
            case "--quiet", "-q" -> o.quiet = true;
            case "--no-symmetry-check" -> o.symmetryCheck = false;
            default -> o.help = true;
          }
        },
        o::set);
    if (o.help) {
      return o;
    }
    if (o.functions.isEmpty()) {
      throw new UserError("sums needs --f with one or more of logdet, trace, traceinv, exp, "
          + "pow:P, count:A:B (comma-separated), e.g. --f logdet,count:0:1");
    }
    if (o.maxRunsGiven && !o.adaptive()) {
      throw new UserError("--max-runs limits adaptive runs: give --rtol or --atol too (without "
          + "them the estimate makes exactly --runs runs)");
    }
    return o;
  }

  boolean adaptive() {
    return rtol > 0 || atol > 0;
  }

  private static boolean isFlag(String name) {
    return switch (name) {
      case "--quiet", "-q", "--no-symmetry-check", "--help", "-h" -> true;
      default -> false;
    };
  }

  private static boolean isOption(String name) {
    return isFlag(name) || switch (name) {
      case "--f", "--rtol", "--atol", "--confidence", "--max-runs", "--runs", "--steps",
          "--seed", "--threads", "--out" -> true;
      default -> false;
    };
  }

  private void set(String name, String value) throws UserError {
    switch (name) {
      case "--f" -> parseFunctions(value);
      case "--rtol" -> rtol = tolerance(name, value);
      case "--atol" -> atol = tolerance(name, value);
      case "--confidence" -> {
        double c = DensityOptions.parseDouble(name, value);
        if (!(c > 0 && c < 1)) {
          throw new UserError(name + " must be a number in (0, 1), got '" + value + "'");
        }
        confidence = c;
      }
      case "--max-runs" -> {
        maxRuns = DensityOptions.positiveInt(name, value, 2);
        maxRunsGiven = true;
      }
      case "--runs" -> runs = DensityOptions.positiveInt(name, value, 1);
      case "--steps" -> steps = DensityOptions.positiveInt(name, value, 1);
      case "--threads" -> threads = DensityOptions.positiveInt(name, value, 1);
      case "--seed" -> seed = DensityOptions.parseLong(name, value);
      case "--out" -> {
        if (value.isBlank()) {
          throw new UserError(name + " needs a folder name, got an empty string");
        }
        out = value;
      }
      default -> throw new AssertionError(name);
    }
  }

  private static double tolerance(String name, String value) throws UserError {
    double t = DensityOptions.parseDouble(name, value);
    if (!(t > 0 && t < Double.POSITIVE_INFINITY)) {
      throw new UserError(name + " must be a positive number, got '" + value + "'");
    }
    return t;
  }

  private void parseFunctions(String value) throws UserError {
    for (String raw : value.split(",", -1)) {
      String item = raw.trim();
      String lower = item.toLowerCase(Locale.ROOT);
      SpectralFunction f;
      if (lower.equals("logdet")) {
        f = SpectralFunction.logDeterminant();
      } else if (lower.equals("trace")) {
        f = SpectralFunction.trace();
      } else if (lower.equals("traceinv")) {
        f = SpectralFunction.traceInverse();
      } else if (lower.equals("exp")) {
        f = SpectralFunction.exp();
      } else if (lower.startsWith("pow:")) {
        double p = number(item, item.substring(4), "pow:P needs a number P");
        f = SpectralFunction.power(p);
      } else if (lower.startsWith("count:")) {
        String[] parts = item.split(":", -1);
        if (parts.length != 3) {
          throw new UserError("--f: '" + item + "' must be count:A:B, e.g. count:0:1.5");
        }
        double a = number(item, parts[1], "count:A:B needs numbers A and B");
        double b = number(item, parts[2], "count:A:B needs numbers A and B");
        if (!(a <= b)) {
          throw new UserError("--f: '" + item + "' needs A <= B");
        }
        f = SpectralFunction.count(a, b);
      } else {
        throw new UserError("--f: unknown function '" + item + "'; use logdet, trace, "
            + "traceinv, exp, pow:P or count:A:B");
      }
      if (names.contains(item)) {
        throw new UserError("--f: '" + item + "' is given twice");
      }
      names.add(item);
      functions.add(f);
    }
  }

  private static double number(String item, String text, String what) throws UserError {
    try {
      double v = Double.parseDouble(text.trim());
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserError("--f: '" + item + "': " + what + ", got '" + text + "'");
  }

  /** The library estimate these options describe. */
  SpectralSums sums() {
    EstimatorOptions options = SpectralDensityEstimator.builder()
        .numRuns(adaptive() ? Math.min(runs, maxRuns) : runs)
        .lanczosSteps(steps)
        .seed(seed)
        .threads(threads)
        .checkSymmetry(symmetryCheck)
        .options();
    SpectralSums.Builder b = SpectralSums.builder(options).confidence(confidence)
        .relativeTolerance(rtol).absoluteTolerance(atol);
    return b.maxRuns(maxRuns).build();
  }
}
