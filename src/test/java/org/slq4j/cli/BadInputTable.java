package org.slq4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The "Bad input" table of README.md, read as the test's only source: each row is a command, the
 * files it finds in its working folder, its exit code and an excerpt of its error message.
 *
 * <p>The files column holds items separated by {@code " ; "}, each one of:
 * <ul>
 *   <li>{@code name=TEXT}: a file of those bytes; {@code \n}, {@code \t}, {@code \\} and
 *       {@code \xHH} (one byte) are escapes, {@code \|} is a pipe;
 *   <li>{@code name=npy(DTYPE,SHAPE)[v1,v2,...]}: a version 1.0 .npy file of that dtype
 *       ({@code <f8}, {@code >f8}, {@code <f4}, {@code <i4}, ...) and shape ({@code 2x2},
 *       {@code 3}, {@code 0x0}), then the values written in that dtype (fewer than the shape
 *       holds for a truncated file; {@code NaN} and {@code Inf} allowed);
 *   <li>{@code name=zip(entry)TEXT}: a zip archive with one entry of that text;
 *   <li>{@code name/}: an empty folder; {@code name->target}: a symbolic link;
 *   <li>{@code stdin=TEXT}: the command's standard input.
 * </ul>
 */
final class BadInputTable {

  private BadInputTable() {}

  /** One row: its number, the command's arguments (without "slq4j"), files, exit, excerpt. */
  record Row(String id, List<String> args, String files, int exit, String message) {
    @Override
    public String toString() {
      return id + ": slq4j " + String.join(" ", args);
    }
  }

  /** The rows of the README section "Bad input". */
  static List<Row> rows(Path readme) throws IOException {
    List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
    int start = lines.indexOf("### Bad input");
    if (start < 0) {
      throw new IllegalStateException(readme + " has no section '### Bad input'");
    }
    List<Row> rows = new ArrayList<>();
    boolean inTable = false;
    for (int i = start + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("#")) {
        break;
      }
      if (!line.startsWith("|")) {
        if (inTable) {
          break;
        }
        continue;
      }
      inTable = true;
      List<String> cells = cells(line);
      if (cells.get(0).equals("#") || cells.get(0).startsWith("---")) {
        continue;
      }
      if (cells.size() != 5) {
        throw new IllegalStateException("README line " + (i + 1) + ": 5 cells expected: " + line);
      }
      String command = code(cells.get(1));
      if (!command.startsWith("slq4j")) {
        throw new IllegalStateException("README line " + (i + 1) + ": command is not slq4j");
      }
      List<String> args = command.equals("slq4j") ? List.of()
          : Arrays.asList(command.substring("slq4j ".length()).trim().split(" +"));
      rows.add(new Row(cells.get(0), args, code(cells.get(2)),
          Integer.parseInt(cells.get(3)), code(cells.get(4))));
    }
    return rows;
  }

  /** The cells of a table line, split at pipes that are not escaped as \|. */
  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '|') {
        b.append('|');
        i++;
      } else if (c == '|') {
        cells.add(b.toString().trim());
        b.setLength(0);
      } else {
        b.append(c);
      }
    }
    return cells;
  }

  /** A cell's text without the backticks around it ("" for an empty cell). */
  private static String code(String cell) {
    if (cell.length() >= 2 && cell.startsWith("`") && cell.endsWith("`")) {
      return cell.substring(1, cell.length() - 1);
    }
    return cell;
  }

  /** Creates the row's files in {@code dir} and returns its standard input. */
  static byte[] prepare(Row row, Path dir) throws IOException {
    byte[] stdin = new byte[0];
    if (row.files().isEmpty()) {
      return stdin;
    }
    for (String item : row.files().split(" ; ")) {
      Matcher link = Pattern.compile("([^=]+)->(.+)").matcher(item);
      if (item.endsWith("/")) {
        Files.createDirectories(dir.resolve(item));
      } else if (link.matches()) {
        Files.createSymbolicLink(dir.resolve(link.group(1)), Path.of(link.group(2)));
      } else {
        int eq = item.indexOf('=');
        if (eq < 1) {
          throw new IllegalStateException(row + ": bad file item '" + item + "'");
        }
        String name = item.substring(0, eq);
        byte[] bytes = content(item.substring(eq + 1));
        if (name.equals("stdin")) {
          stdin = bytes;
        } else {
          Path p = dir.resolve(name);
          Files.createDirectories(p.getParent());
          Files.write(p, bytes);
        }
      }
    }
    return stdin;
  }

  private static final Pattern NPY = Pattern.compile(
      "npy\\(([<>|=]?[a-zA-Z]\\d+),([0-9x]*)\\)\\[([^\\]]*)\\]");
  private static final Pattern ZIP = Pattern.compile("zip\\(([^)]+)\\)(.*)", Pattern.DOTALL);

  static byte[] content(String spec) {
    Matcher npy = NPY.matcher(spec);
    if (npy.matches()) {
      return npy(npy.group(1), npy.group(2), npy.group(3));
    }
    Matcher zip = ZIP.matcher(spec);
    if (zip.matches()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ZipOutputStream z = new ZipOutputStream(out)) {
        z.putNextEntry(new ZipEntry(zip.group(1)));
        z.write(unescape(zip.group(2)));
        z.closeEntry();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }
    return unescape(spec);
  }

  /** {@code \n}, {@code \t}, {@code \\} and {@code \xHH} unescaped; other characters as UTF-8. */
  static byte[] unescape(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char e = s.charAt(++i);
        switch (e) {
          case 'n' -> out.write('\n');
          case 't' -> out.write('\t');
          case 'r' -> out.write('\r');
          case '\\' -> out.write('\\');
          case 'x' -> {
            out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
            i += 2;
          }
          default -> throw new IllegalArgumentException("bad escape \\" + e + " in " + s);
        }
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  /** A .npy file, format 1.0, C order, with {@code values} written in {@code dtype}. */
  static byte[] npy(String dtype, String shape, String values) {
    String shapeText = shape.isEmpty() ? "()" : shape.contains("x")
        ? "(" + String.join(", ", shape.split("x")) + ")" : "(" + shape + ",)";
    String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shapeText
        + ", }";
    int unpadded = 10 + dict.length() + 1;
    int total = (unpadded + 63) / 64 * 64;
    String header = dict + " ".repeat(total - unpadded) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(header.length() & 0xff);
    out.write(header.length() >>> 8);
    out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    ByteOrder order = dtype.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    char kind = dtype.replaceAll("[<>|=]", "").charAt(0);
    int size = Integer.parseInt(dtype.replaceAll("[^0-9]", ""));
    for (String v : values.isBlank() ? new String[0] : values.split(",")) {
      double x = switch (v.trim()) {
        case "NaN" -> Double.NaN;
        case "Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        default -> Double.parseDouble(v.trim());
      };
      ByteBuffer b = ByteBuffer.allocate(size).order(order);
      if (kind == 'f' && size == 8) {
        b.putDouble(x);
      } else if (kind == 'f' && size == 4) {
        b.putFloat((float) x);
      } else if (size == 8) {
        b.putLong((long) x);
      } else if (size == 4) {
        b.putInt((int) x);
      } else if (size == 2) {
        b.putShort((short) x);
      } else {
        b.put((byte) x);
      }
      out.writeBytes(b.array());
    }
    return out.toByteArray();
  }

  /** Runs every row (or those named) and prints what each does today: exploration aid. */
  public static void main(String[] args) throws Exception {
    for (Row row : rows(Path.of(args[0]))) {
      if (args.length > 1 && !Arrays.asList(args).subList(1, args.length).contains(row.id())) {
        continue;
      }
      Path dir = Files.createTempDirectory("badinput");
      byte[] stdin = prepare(row, dir);
      CliTesting.Result r = CliTesting.runWithInput(dir, stdin, row.args().toArray(String[]::new));
      boolean ok = r.code() == row.exit() && r.err().contains(row.message());
      System.out.println((ok ? "ok   " : "FAIL ") + row + "\n     exit " + r.code() + ": "
          + r.err().strip().replace("\n", "\n     "));
    }
  }
}
