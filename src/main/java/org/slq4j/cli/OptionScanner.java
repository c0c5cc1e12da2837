package org.slq4j.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The option grammar every command shares: {@code --name value} or {@code --name=value},
 * options before or after the one INPUT, {@code --} before an INPUT that starts with a dash
 * ({@code -} alone is an INPUT), each option at most once, flags without a value. Each refusal
 * is one line naming the option.
 */
final class OptionScanner {

  private OptionScanner() {}

  /** Receives a flag that was given. */
  interface Flag {
    void given(String name) throws UserError;
  }

  /** Receives an option's value. */
  interface Value {
    void given(String name, String value) throws UserError;
  }

  /**
   * Scans the arguments after {@code command}; returns the INPUT, or null when there is none.
   *
   * @throws UserError for an unknown option, one given twice, a flag with a value, a missing
   *     value or a second INPUT
   */
  static String scan(String command, List<String> args, Predicate<String> isOption,
      Predicate<String> isFlag, Flag flag, Value value) throws UserError {
    Set<String> seen = new HashSet<>();
    String input = null;
    boolean optionsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
        if (input != null) {
          throw new UserError("only one INPUT file is allowed, got '" + input + "' and '"
              + arg + "'");
        }
        input = arg;
        continue;
      }
      if (arg.equals("--")) {
        optionsEnded = true;
        continue;
      }
      String name = arg;
      String given = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        given = arg.substring(eq + 1);
      }
      if (!isOption.test(name)) {
        throw new UserError("unknown option '" + name + "' (see slq4j " + command + " --help)");
      }
      if (!seen.add(name)) {
        throw new UserError("option " + name + " is given twice");
      }
      if (isFlag.test(name)) {
        if (given != null) {
          throw new UserError("option " + name + " takes no value, got '" + arg + "'");
        }
        flag.given(name);
        continue;
      }
      if (given == null) {
        if (i + 1 >= args.size()) {
          throw new UserError("option " + name + " needs a value");
        }
        given = args.get(++i);
      }
      value.given(name, given);
    }
    return input;
  }
}
