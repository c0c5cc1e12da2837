package org.slq4j.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
  long seed;
  int threads = Runtime.getRuntime().availableProcessors();
  boolean help;

  /**
   * Parses the arguments after {@code trace}: {@code --name value} or {@code --name=value},
   * options before or after INPUT, {@code --} before an INPUT that starts with a dash.
   */
  static TraceOptions parse(List<String> args) throws UserError {
    TraceOptions o = new TraceOptions();
    Set<String> seen = new HashSet<>();
    boolean optionsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
        if (o.input != null) {
          throw new UserError("only one INPUT file is allowed, got '" + o.input + "' and '"
              + arg + "'");
        }
        o.input = arg;
        continue;
      }
      if (arg.equals("--")) {
        optionsEnded = true;
        continue;
      }
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!isOption(name)) {
        throw new UserError("unknown option '" + name + "' (see slq4j trace --help)");
      }
      if (!seen.add(name)) {
        throw new UserError("option " + name + " is given twice");
      }
      if (name.equals("--help") || name.equals("-h")) {
        if (value != null) {
          throw new UserError("option " + name + " takes no value, got '" + arg + "'");
        }
        o.help = true;
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new UserError("option " + name + " needs a value");
        }
        value = args.get(++i);
      }
      o.set(name, value);
    }
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

  private static boolean isOption(String name) {
    return switch (name) {
      case "--matvecs", "--method", "--seed", "--threads", "--help", "-h" -> true;
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
      default -> throw new AssertionError(name);
    }
  }

  /** The library estimator these options describe. */
  TraceEstimator estimator() {
    return TraceEstimator.builder()
        .method(method)
        .matvecs(matvecs)
        .seed(seed)
        .threads(threads)
        .build();
  }
}
