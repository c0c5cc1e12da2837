package org.slq4j.cli;

import java.util.List;
import java.util.Locale;
import org.slq4j.EigenSolver;

/**
 * The options of {@code slq4j eigs}, parsed and range-checked. Every problem becomes a
 * {@link UserError} naming the option and the value as typed, as for {@code density}.
 */
final class EigsOptions {

  /** INPUT as typed. */
  String input;
  /** --top K; 0 when not given. */
  int top;
  EigenSolver.Which which = EigenSolver.Which.LARGEST;
  double tolerance = EigenSolver.DEFAULT_TOLERANCE;
  /** --tol as typed, for messages. */
  String toleranceText = "1e-8";
  long maxMatvecs = EigenSolver.DEFAULT_MAX_MATVECS;
  long seed;
  int threads = Runtime.getRuntime().availableProcessors();
  boolean vectors;
  boolean symmetryCheck = true;
  /** --out as typed, or null for the default folder. */
  String out;
  boolean quiet;
  boolean help;

  /**
   * Parses the arguments after {@code eigs}: {@code --name value} or {@code --name=value},
   * options before or after INPUT, {@code --} before an INPUT that starts with a dash.
   */
  static EigsOptions parse(List<String> args) throws UserError {
    EigsOptions o = new EigsOptions();
    o.input = OptionScanner.scan("eigs", args, EigsOptions::isOption, EigsOptions::isFlag,
        name -> {
          switch (name) {
            case "--vectors" -> o.vectors = true;
            case "--quiet", "-q" -> o.quiet = true;
            case "--no-symmetry-check" -> o.symmetryCheck = false;
            default -> o.help = true;
          }
        },
        o::set);
    if (o.help) {
      return o;
    }
    if (o.top == 0) {
      throw new UserError("eigs needs --top K, the number of eigenpairs (e.g. --top 10)");
    }
    if (o.which == EigenSolver.Which.BOTH && o.top < 2) {
      throw new UserError("--which both needs --top 2 or more (ceil(K/2) largest and "
          + "floor(K/2) smallest), got --top " + o.top);
    }
    if (o.maxMatvecs < o.top) {
      throw new UserError("--max-matvecs " + o.maxMatvecs + " is less than --top " + o.top);
    }
    return o;
  }

  private static boolean isFlag(String name) {
    return switch (name) {
      case "--vectors", "--quiet", "-q", "--no-symmetry-check", "--help", "-h" -> true;
      default -> false;
    };
  }

  private static boolean isOption(String name) {
    return isFlag(name) || switch (name) {
      case "--top", "--which", "--tol", "--max-matvecs", "--seed", "--threads", "--out" -> true;
      default -> false;
    };
  }

  private void set(String name, String value) throws UserError {
    switch (name) {
      case "--top" -> top = DensityOptions.positiveInt(name, value, 1);
      case "--threads" -> threads = DensityOptions.positiveInt(name, value, 1);
      case "--seed" -> seed = DensityOptions.parseLong(name, value);
      case "--max-matvecs" -> {
        long v = DensityOptions.parseLong(name, value);
        if (v < 1) {
          throw new UserError(name + " must be a whole number >= 1, got '" + value + "'");
        }
        maxMatvecs = v;
      }
      case "--tol" -> {
        double t = DensityOptions.parseDouble(name, value);
        if (!(t > 0 && t < 1)) {
          throw new UserError(name + " must be a number in (0, 1), got '" + value + "'");
        }
        tolerance = t;
        toleranceText = value.trim();
      }
      case "--which" -> which = switch (value.toLowerCase(Locale.ROOT)) {
        case "largest" -> EigenSolver.Which.LARGEST;
        case "smallest" -> EigenSolver.Which.SMALLEST;
        case "both" -> EigenSolver.Which.BOTH;
        default -> throw new UserError(name + " must be 'largest', 'smallest' or 'both', got '"
            + value + "'");
      };
      case "--out" -> {
        if (value.isBlank()) {
          throw new UserError(name + " needs a folder name, got an empty string");
        }
        out = value;
      }
      default -> throw new AssertionError(name);
    }
  }

  /** The library solver these options describe. */
  EigenSolver solver() {
    return EigenSolver.builder()
        .k(top)
        .which(which)
        .tolerance(tolerance)
        .maxMatvecs(maxMatvecs)
        .seed(seed)
        .threads(threads)
        .checkSymmetry(symmetryCheck)
        .build();
  }
}
