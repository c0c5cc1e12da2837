package org.slq4j.cli;

import java.util.List;
import java.util.Map;

/**
 * A minimal JSON writer for summary.json (RFC 8259): maps, lists, strings, numbers, booleans
 * and null, pretty-printed with two-space indentation. Doubles are written with
 * {@link Double#toString} (shortest representation that round-trips); NaN and infinities, which
 * JSON cannot represent, become null.
 */
final class Json {

  private Json() {}

  static String write(Object value) {
    StringBuilder b = new StringBuilder(4096);
    write(b, value, 0);
    return b.append('\n').toString();
  }

  private static void write(StringBuilder b, Object v, int depth) {
    switch (v) {
      case null -> b.append("null");
      case String s -> string(b, s);
      case Boolean z -> b.append(z);
      case Double d -> b.append(Double.isFinite(d) ? Double.toString(d) : "null");
      case Float f -> write(b, (double) f, depth);
      case Integer i -> b.append(i);
      case Long l -> b.append(l);
      case Map<?, ?> m -> {
        if (m.isEmpty()) {
          b.append("{}");
          return;
        }
        b.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          b.append(first ? "\n" : ",\n");
          first = false;
          indent(b, depth + 1);
          string(b, String.valueOf(e.getKey()));
          b.append(": ");
          write(b, e.getValue(), depth + 1);
        }
        b.append('\n');
        indent(b, depth);
        b.append('}');
      }
      case List<?> list -> {
        if (list.isEmpty()) {
          b.append("[]");
          return;
        }
        boolean flat = list.stream().noneMatch(x -> x instanceof Map || x instanceof List);
        b.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (flat) {
            b.append(i == 0 ? "" : ", ");
          } else {
            b.append(i == 0 ? "\n" : ",\n");
            indent(b, depth + 1);
          }
          write(b, list.get(i), depth + 1);
        }
        if (!flat) {
          b.append('\n');
          indent(b, depth);
        }
        b.append(']');
      }
      default -> throw new IllegalArgumentException("no JSON form for " + v.getClass());
    }
  }

  private static void indent(StringBuilder b, int depth) {
    b.append("  ".repeat(depth));
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
