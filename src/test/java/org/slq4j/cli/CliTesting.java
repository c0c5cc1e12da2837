package org.slq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared helpers of the CLI tests: running the command, reading its files back. */
final class CliTesting {

  private CliTesting() {}

  record Result(int code, String out, String err) {}

  /** Runs the command in process, in {@code workingDirectory}, without a terminal. */
  static Result run(Path workingDirectory, String... args) {
    return runWithInput(workingDirectory, new byte[0], args);
  }

  /** {@link #run} with {@code stdin} as the command's standard input. */
  static Result runWithInput(Path workingDirectory, byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      int code = Main.run(args, new Main.Context(o, e,
          new java.io.ByteArrayInputStream(stdin), workingDirectory, false));
      return new Result(code, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    }
  }

  /** Rows of a CSV file with the given header, as doubles. */
  static List<double[]> csv(Path file, String header) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(header, lines.get(0), file + " header");
    int columns = header.split(",").length;
    List<double[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] parts = lines.get(i).split(",", -1);
      assertEquals(columns, parts.length, file + " line " + (i + 1));
      double[] row = new double[columns];
      for (int c = 0; c < columns; c++) {
        row[c] = Double.parseDouble(parts[c]);
      }
      rows.add(row);
    }
    return rows;
  }

  /** An element of a parsed XML file: its namespace, local name, attributes and text. */
  record XmlElement(String namespace, String name, Map<String, String> attributes,
      String text) {}

  /**
   * Parses {@code file} with the JDK's namespace-aware DOM parser (DOCTYPEs refused), failing
   * unless it is well-formed XML, and returns the root element followed by every element with
   * the local name {@code wanted}. Reflection, because the tests compile inside the module
   * org.slq4j, which does not read java.xml; at run time they are on the class path.
   */
  static List<XmlElement> xml(Path file, String wanted) throws Exception {
    Class<?> factoryClass = Class.forName("javax.xml.parsers.DocumentBuilderFactory");
    Object factory = factoryClass.getMethod("newInstance").invoke(null);
    factoryClass.getMethod("setNamespaceAware", boolean.class).invoke(factory, true);
    factoryClass.getMethod("setFeature", String.class, boolean.class).invoke(factory,
        "http://apache.org/xml/features/disallow-doctype-decl", true);
    Object builder = factoryClass.getMethod("newDocumentBuilder").invoke(factory);
    Object doc = Class.forName("javax.xml.parsers.DocumentBuilder")
        .getMethod("parse", java.io.File.class).invoke(builder, file.toFile());
    Class<?> document = Class.forName("org.w3c.dom.Document");
    Class<?> nodeList = Class.forName("org.w3c.dom.NodeList");
    List<XmlElement> out = new ArrayList<>();
    out.add(element(document.getMethod("getDocumentElement").invoke(doc)));
    Object list = document.getMethod("getElementsByTagNameNS", String.class, String.class)
        .invoke(doc, "*", wanted);
    int n = (Integer) nodeList.getMethod("getLength").invoke(list);
    for (int i = 0; i < n; i++) {
      out.add(element(nodeList.getMethod("item", int.class).invoke(list, i)));
    }
    return out;
  }

  private static XmlElement element(Object e) throws Exception {
    Class<?> node = Class.forName("org.w3c.dom.Node");
    Class<?> map = Class.forName("org.w3c.dom.NamedNodeMap");
    Object attrs = node.getMethod("getAttributes").invoke(e);
    Map<String, String> attributes = new LinkedHashMap<>();
    int n = (Integer) map.getMethod("getLength").invoke(attrs);
    for (int i = 0; i < n; i++) {
      Object a = map.getMethod("item", int.class).invoke(attrs, i);
      attributes.put((String) node.getMethod("getNodeName").invoke(a),
          (String) node.getMethod("getNodeValue").invoke(a));
    }
    return new XmlElement((String) node.getMethod("getNamespaceURI").invoke(e),
        (String) node.getMethod("getLocalName").invoke(e), attributes,
        (String) node.getMethod("getTextContent").invoke(e));
  }

  /** The files left in {@code folder} (none when it does not exist). */
  static List<String> listing(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (var s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Asserts that the error output is exactly one "slq4j: error: ..." line. */
  static String oneErrorLine(Result r) {
    assertEquals(2, r.code(), "exit code; stderr: " + r.err());
    assertEquals("", r.out(), "nothing on stdout");
    String[] lines = r.err().split("\n");
    assertEquals(1, lines.length, "one line on stderr: " + r.err());
    assertTrue(lines[0].startsWith("slq4j: error: "), lines[0]);
    return lines[0];
  }

  /**
   * An independent, strict JSON parser (RFC 8259) for summary.json: objects become
   * LinkedHashMaps, arrays Lists, numbers Doubles.
   */
  static Object parseJson(String text) {
    JsonParser p = new JsonParser(text);
    Object v = p.value();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw new IllegalArgumentException("trailing characters at " + p.pos);
    }
    return v;
  }

  private static final class JsonParser {
    final String s;
    int pos;

    JsonParser(String s) {
      this.s = s;
    }

    void skipSpace() {
      while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
    }

    Object value() {
      skipSpace();
      char c = s.charAt(pos);
      switch (c) {
        case '{' -> {
          pos++;
          Map<String, Object> m = new LinkedHashMap<>();
          skipSpace();
          if (s.charAt(pos) == '}') {
            pos++;
            return m;
          }
          while (true) {
            skipSpace();
            String key = string();
            skipSpace();
            expect(':');
            if (m.put(key, value()) != null) {
              throw new IllegalArgumentException("duplicate key " + key);
            }
            skipSpace();
            if (s.charAt(pos) == ',') {
              pos++;
            } else {
              expect('}');
              return m;
            }
          }
        }
        case '[' -> {
          pos++;
          List<Object> l = new ArrayList<>();
          skipSpace();
          if (s.charAt(pos) == ']') {
            pos++;
            return l;
          }
          while (true) {
            l.add(value());
            skipSpace();
            if (s.charAt(pos) == ',') {
              pos++;
            } else {
              expect(']');
              return l;
            }
          }
        }
        case '"' -> {
          return string();
        }
        default -> {
          for (String word : new String[] {"true", "false", "null"}) {
            if (s.startsWith(word, pos)) {
              pos += word.length();
              return word.equals("null") ? null : Boolean.valueOf(word);
            }
          }
          int start = pos;
          while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
            pos++;
          }
          String number = s.substring(start, pos);
          if (!number.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?")) {
            throw new IllegalArgumentException("bad JSON number '" + number + "' at " + start);
          }
          return Double.parseDouble(number);
        }
      }
    }

    String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = s.charAt(pos++);
        if (c == '"') {
          return b.toString();
        }
        if (c < 0x20) {
          throw new IllegalArgumentException("raw control character in string at " + pos);
        }
        if (c == '\\') {
          char e = s.charAt(pos++);
          switch (e) {
            case '"', '\\', '/' -> b.append(e);
            case 'n' -> b.append('\n');
            case 'r' -> b.append('\r');
            case 't' -> b.append('\t');
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'u' -> {
              b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
              pos += 4;
            }
            default -> throw new IllegalArgumentException("bad escape at " + pos);
          }
        } else {
          b.append(c);
        }
      }
    }

    void expect(char c) {
      if (pos >= s.length() || s.charAt(pos) != c) {
        throw new IllegalArgumentException("expected '" + c + "' at " + pos);
      }
      pos++;
    }
  }
}
