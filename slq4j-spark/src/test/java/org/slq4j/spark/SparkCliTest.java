package org.slq4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private static String[] concat(String[] head, String... tail) {
    String[] all = new String[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
