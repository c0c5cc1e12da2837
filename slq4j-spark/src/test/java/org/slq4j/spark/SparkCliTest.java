package org.slq4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slq4j.cli.Main;

/**
 * {@code slq4j density INPUT --master local[2]} with this module on the class path writes the
 * files the plain command writes, byte for byte, with one task per slot or one run per task (the data files; summary.json records the
 * master and the times).
 */
class SparkCliTest {

  @TempDir
  Path dir;

  private int run(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, () -> err.toString(StandardCharsets.UTF_8));
    return code;
  }

  @Test
  void densityThroughSparkWritesThePlainCommandsFiles() throws Exception {
    String plain = dir.resolve("plain").toString();
    String spark = dir.resolve("spark").toString();
    String[] common = {"density", "laplacian:12x10x3", "--runs", "5", "--steps", "25",
        "--grid-points", "700", "-q", "--out"};
    run(concat(common, plain, "--threads", "2"));
    String oneRunPerTask = dir.resolve("one-run-per-task").toString();
    run(concat(common, spark, "--master", "local[2]"));
    run(concat(common, oneRunPerTask, "--master", "local[2]", "--runs-per-task", "1"));
    for (String file : new String[] {"density.csv", "cdf.csv", "nodes.csv"}) {
      byte[] expected = Files.readAllBytes(Path.of(plain, file));
      assertArrayEquals(expected, Files.readAllBytes(Path.of(spark, file)), file);
      assertArrayEquals(expected, Files.readAllBytes(Path.of(oneRunPerTask, file)), file);
    }
    String summary = Files.readString(Path.of(spark, "summary.json"));
    assertTrue(summary.contains("\"spark_master\": \"local[2]\""), summary);
  }

  /**
   * --distribute rows writes the plain command's files up to rounding: every number of
   * density.csv, cdf.csv and nodes.csv within 1e-9 of the plain command's (relative to the
   * column's largest), with full and without reorthogonalization (30 steps on a grid of 360
   * points: before the vectors lose orthogonality).
   */
  @Test
  void rowsThroughSparkWriteThePlainCommandsFilesUpToRounding() throws Exception {
    for (String reorth : new String[] {"full", "none"}) {
      String plain = dir.resolve("plain-" + reorth).toString();
      String rows = dir.resolve("rows-" + reorth).toString();
      String[] common = {"density", "laplacian:12x10x3", "--runs", "3", "--steps", "30",
          "--grid-points", "700", "--reorth", reorth, "-q", "--out"};
      run(concat(common, plain));
      run(concat(common, rows, "--master", "local[3]", "--distribute", "rows", "--partitions",
          "3"));
      for (String file : new String[] {"density.csv", "cdf.csv", "nodes.csv"}) {
        assertCloseCsv(Path.of(plain, file), Path.of(rows, file), 1e-9);
      }
      String summary = Files.readString(Path.of(rows, "summary.json"));
      assertTrue(summary.contains("\"distribute\": \"rows\""), summary);
      assertTrue(summary.contains("\"partitions\": 3"), summary);
    }
  }

  /** A Matrix Market file through --distribute rows: the driver reads only its size line. */
  @Test
  void aMatrixMarketFileByRows() throws Exception {
    String mtx = SharedMatrix.file("suitesparse/1138_bus.mtx").toString();
    String plain = dir.resolve("plain-file").toString();
    String rows = dir.resolve("rows-file").toString();
    String[] common = {"density", mtx, "--runs", "2", "--steps", "40", "-q", "--out"};
    run(concat(common, plain));
    run(concat(common, rows, "--master", "local[3]", "--distribute", "rows", "--partitions",
        "3"));
    for (String file : new String[] {"density.csv", "cdf.csv", "nodes.csv"}) {
      assertCloseCsv(Path.of(plain, file), Path.of(rows, file), 1e-9);
    }
    Path npy = Files.write(dir.resolve("h.npy"), new byte[0]);
    assertError("is a NumPy file", "density", npy.toString(), "--master", "local[2]",
        "--distribute", "rows");
  }

  @Test
  void rowsRefuseWhatTheyCannotDo() {
    assertError("--distribute rows runs --reorth full or none, not local", "density",
        "laplacian:5x5", "--master", "local[2]", "--distribute", "rows", "--reorth", "local");
    assertError("--partitions sets the row blocks of --distribute rows", "density",
        "laplacian:5x5", "--master", "local[2]", "--partitions", "2");
    assertError("--partitions needs --master", "density", "laplacian:5x5", "--partitions", "2");
  }

  private void assertError(String part, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, message);
    assertTrue(message.contains(part), message);
  }

  /**
   * Same header and shape; each number within tol of the column's largest magnitude (for the
   * CDF, a step function, or of the value one grid point before or after; its band is only
   * checked to bracket it).
   */
  private static void assertCloseCsv(Path expected, Path actual, double tol) throws Exception {
    boolean steps = expected.getFileName().toString().equals("cdf.csv");
    List<String> a = Files.readAllLines(expected);
    List<String> b = Files.readAllLines(actual);
    assertEquals(a.size(), b.size(), expected.getFileName() + ": lines");
    assertEquals(a.get(0), b.get(0), expected.getFileName() + ": header");
    int columns = a.get(0).split(",").length;
    double[] scale = new double[columns];
    for (int i = 1; i < a.size(); i++) {
      String[] x = a.get(i).split(",");
      for (int c = 0; c < columns; c++) {
        scale[c] = Math.max(scale[c], Math.abs(Double.parseDouble(x[c])));
      }
    }
    for (int i = 1; i < a.size(); i++) {
      String[] x = a.get(i).split(",");
      String[] y = b.get(i).split(",");
      if (steps) {
        // The band's ends (lower, upper) are steps at the nodes that depend on the nodes'
        // order and ties, which flip when two nodes (copies of one converged eigenvalue) lie
        // within rounding of each other: only checked to bracket the CDF.
        double f = Double.parseDouble(y[1]);
        assertTrue(Double.parseDouble(y[2]) <= f && f <= Double.parseDouble(y[3]),
            actual + " line " + (i + 1) + ": the band does not bracket the CDF");
      }
      for (int c = 0; c < (steps ? 2 : columns); c++) {
        double bound = tol * Math.max(scale[c], Double.MIN_NORMAL);
        double v = Double.parseDouble(y[c]);
        boolean close = Math.abs(Double.parseDouble(x[c]) - v) <= bound;
        if (!close && steps && c > 0) {
          // A step of the CDF at a node that sits on a grid point (to rounding) may land on
          // the neighbouring grid point.
          for (int j = Math.max(1, i - 1); j <= Math.min(a.size() - 1, i + 1); j++) {
            close |= Math.abs(Double.parseDouble(a.get(j).split(",")[c]) - v) <= bound;
          }
        }
        assertTrue(close, expected.getFileName() + " line " + (i + 1) + " column " + (c + 1)
            + ": " + x[c] + " vs " + y[c]);
      }
    }
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = new String[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
