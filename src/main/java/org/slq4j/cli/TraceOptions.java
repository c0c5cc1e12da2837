package org.slq4j.cli;

import java.util.List;
import java.util.Locale;
import org.slq4j.TraceEstimator;

/**
 * The options of {@code slq4j trace}, parsed and range-checked. Every problem becomes a
 * {@link UserError} naming the option and the value as typed, as for {@code density}.
 */
final class TraceOptions {

  /** INPUT as typed. */
  String input;
  /** --matvecs M; 0 when not given. */
  int matvecs;
  TraceEstimator.Method method = TraceEstimator.Method.HUTCHINSON;
  double confidence = TraceEstimator.DEFAULT_CONFIDENCE;
  long seed;
  int threads = Runtime.getRuntime().availableProcessors();
  boolean symmetryCheck = true;
  /** --out as typed, or null for the default folder. */
  String out;
  boolean quiet;
  boolean help;

  /**
   * Parses the arguments after {@code trace}: {@code --name value} or {@code --name=value},
   * options before or after INPUT, {@code --} before an INPUT that starts with a dash.
   */
  static TraceOptions parse(List<String> args) throws UserError {
    TraceOptions o = new TraceOptions();
    o.input = OptionScanner.scan("trace", args, TraceOptions::isOption, TraceOptions::isFlag,
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
    if (o.matvecs == 0) {
      throw new UserError("trace needs --matvecs M, the number of products with the matrix "
          + "(e.g. --matvecs 99)");
    }
    if (o.method == TraceEstimator.Method.HUTCHPP && o.matvecs < 3) {
      throw new UserError("--method hutchpp needs --matvecs 3 or more (M/3 for the sketch, "
          + "M/3 for its exact part, the rest for the remainder), got --matvecs " + o.matvecs);
    }
    return o;
  }

  private static boolean isFlag(String name) {
    return switch (name) {
      case "--quiet", "-q", "--no-symmetry-check", "--help", "-h" -> true;
      default -> false;
    };
  }

  private static boolean isOption(String name) {
    return isFlag(name) || switch (name) {
      case "--matvecs", "--method", "--confidence", "--seed", "--threads", "--out" -> true;
      default -> false;
    };
  }

  private void set(String name, String value) throws UserError {
    switch (name) {
      case "--matvecs" -> matvecs = DensityOptions.positiveInt(name, value, 1);
      case "--threads" -> threads = DensityOptions.positiveInt(name, value, 1);
      case "--seed" -> seed = DensityOptions.parseLong(name, value);
      case "--method" -> method = switch (value.toLowerCase(Locale.ROOT)) {
        case "hutchinson" -> TraceEstimator.Method.HUTCHINSON;
        case "hutchpp", "hutch++" -> TraceEstimator.Method.HUTCHPP;
        default -> throw new UserError(name + " must be 'hutchinson' or 'hutchpp', got '"
            + value + "'");
      };
      case "--confidence" -> {
        double c = DensityOptions.parseDouble(name, value);
        if (!(c > 0 && c < 1)) {
          throw new UserError(name + " must be a number in (0, 1), got '" + value + "'");
        }
        confidence = c;
      }
      case "--out" -> {
        if (value.isBlank()) {
          throw new UserError(name + " needs a folder name, got an empty string");
        }
        out = value;
      }
      default -> throw new AssertionError(name);
    }
  }

  /** The library estimator these options describe. */
  TraceEstimator estimator() {
    return TraceEstimator.builder()
        .method(method)
        .matvecs(matvecs)
        .confidence(confidence)
        .seed(seed)
        .threads(threads)
        .checkSymmetry(symmetryCheck)
        .build();
  }
}
