package org.slq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every user error: exit code 2, one line "slq4j: error: ..." naming the problem, no stack
 * trace, nothing on stdout, and nothing written (no output folder, no temporary leftovers).
 */
class ErrorPathsTest {

  @TempDir
  Path dir;

  private String fails(String... args) throws Exception {
    List<String> before = CliTesting.listing(dir);
    CliTesting.Result r = CliTesting.run(dir, args);
    String line = CliTesting.oneErrorLine(r);
    assertEquals(before, CliTesting.listing(dir), "nothing written for: " + line);
    return line;
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  /** Option errors are found before the input is even opened. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--runs 0           | --runs must be a whole number",
      "--runs abc         | got 'abc'",
      "--runs 99999999999 | --runs must be a whole number in [1,",
      "--steps -3         | --steps",
      "--grid-points 1    | --grid-points must be a whole number in [2,",
      "--threads 0        | --threads",
      "--sigma -1         | --sigma must be a positive finite number, got '-1'",
      "--sigma 0          | --sigma must be a positive finite number",
      "--sigma 1e308      | --sigma must be at most 2.99",
      "--sigma NaN        | --sigma must be a number, got 'NaN'",
      "--padding -0.5     | --padding must be a finite number >= 0",
      "--padding Infinity | --padding must be a number",
      "--seed 1.5         | --seed must be a whole number",
      "--reorth partial   | --reorth must be 'full', 'none' or 'local', got 'partial'",
      "--bogus            | unknown option '--bogus'",
      "--log-grid=yes     | option --log-grid takes no value",
      "--linear-zone 0 --symlog | --linear-zone must be a positive finite number",
      "--linear-zone 1e-3 | linear zone; add --symlog",
      "--runs 2 --runs 3  | option --runs is given twice",
      "--master local[2] --variance-reduction deflate | --variance-reduction deflate does not work with --master",
      "--grid-points 50   | --grid-points 50 cannot resolve the smoothing: the grid step would be 1.96 sigma",
      "--grid-points 2147483647 | --grid-points 2147483647: a grid of 2147483647 points needs",
      "--out=             | --out needs a folder name",
      "other.mtx          | only one INPUT file is allowed",
      "--runs             | option --runs needs a value",
      "--distribute runs  | --distribute needs --master",
      "--runs-per-task 2  | --runs-per-task needs --master",
      "--master local[2] --runs-per-task 0 | --runs-per-task must be a whole number in [1,",
      "--master local[2] --distribute rows --reorth local | --distribute rows runs --reorth full or none, not local",
      "--master local[2] --distribute rows --basis float32 | --distribute rows keeps its basis in float64",
      "--master local[2] --distribute rows --runs-per-task 2 | --runs-per-task works with --distribute runs",
      "--master local[2] --partitions 2 | --partitions sets the row blocks of --distribute rows",
      "--partitions 2     | --partitions needs --master",
      "--master local[2] --distribute rows --partitions 0 | --partitions must be a whole number in [1,",
      "--master local[2] --distribute cols | --distribute must be 'runs' or 'rows', got 'cols'"})
  void badOptions(String options, String expected) throws Exception {
    String[] opts = options.trim().split("\\s+");
    String[] args = new String[opts.length + 2];
    args[0] = "density";
    args[1] = "input.mtx";
    System.arraycopy(opts, 0, args, 2, opts.length);
    String line = fails(args);
    assertTrue(line.contains(expected), line);
  }

  /**
   * Without the slq4j-spark module on the class path (the core's tests never have it),
   * --master says how to get it, and Spark is not loaded.
   */
  @Test
  void masterWithoutTheSparkModule() throws Exception {
    String line = fails("density", "laplacian:6x5", "--steps", "10", "--master", "local[2]");
    assertTrue(line.contains("--master needs the slq4j-spark module"), line);
    assertTrue(line.contains("./slq4j density INPUT --master local[2]"), line);
  }

  @Test
  void missingInput() throws Exception {
    assertTrue(fails("density", "no-such.mtx").contains("no-such.mtx: no such file"));
    assertTrue(fails("density").contains("density needs an INPUT file"));
  }

  /** A bad laplacian: INPUT is named with the problem; no file of that name is looked for. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "laplacian:        | laplacian:: a Laplacian grid is N, NxM or NxMxK",
      "laplacian:0x5     | laplacian:0x5: Laplacian grid sizes must be >= 1, got 0",
      "laplacian:2x2x2x2 | laplacian:2x2x2x2: a Laplacian grid has 1 to 3 axes",
      "laplacian:4x-1    | laplacian:4x-1: a Laplacian grid is N, NxM or NxMxK",
      "laplacian:abc     | laplacian:abc: a Laplacian grid is N, NxM or NxMxK",
      "laplacian:9999999999 | laplacian:9999999999: Laplacian grid size 9999999999",
      "laplacian:2000000000x2000000000x2000000000 | has more than 1152921504606846975 points",
      "laplacian:5       | --steps 80 exceeds the dimension n = 5 of laplacian:5"})
  void badLaplacian(String input, String expected) throws Exception {
    String line = fails("density", input);
    assertTrue(line.contains(expected), line);
  }

  @Test
  void laplacianWithoutTheDensityCommand() throws Exception {
    assertTrue(fails("laplacian:4x4").contains("did you mean: slq4j density laplacian:4x4"));
  }

  @Test
  void inputIsAFolder() throws Exception {
    Files.createDirectory(dir.resolve("folder.mtx"));
    assertTrue(fails("density", "folder.mtx").contains("folder.mtx: is a folder"));
  }

  @Test
  void unreadableInput() throws Exception {
    Path p = write("locked.mtx", "%%MatrixMarket matrix coordinate real symmetric\n1 1 1\n1 1 1\n");
    Assumptions.assumeTrue(p.toFile().setReadable(false, false) && !Files.isReadable(p),
        "cannot make a file unreadable here (running as root?)");
    assertTrue(fails("density", "locked.mtx").contains("locked.mtx: cannot read"));
  }

  @Test
  void unknownCommands() throws Exception {
    write("m.mtx", "x");
    assertTrue(fails("m.mtx").contains("did you mean: slq4j density m.mtx"));
    assertTrue(fails("plot").contains("unknown command 'plot'"));
    assertTrue(fails("--runs", "2", "m.mtx").contains("needs the density command"));
  }

  @Test
  void malformedFilesNameTheFile() throws Exception {
    write("garbage.mtx", "this is not a matrix\n");
    assertTrue(fails("density", "garbage.mtx").contains("garbage.mtx"));
    write("bad-entry.mtx", "%%MatrixMarket matrix coordinate real symmetric\n3 3 2\n1 1 2.0\n"
        + "2 1 x\n");
    assertTrue(fails("density", "bad-entry.mtx").contains("bad-entry.mtx"));
    write("empty.npy", "");
    assertTrue(fails("density", "empty.npy").contains("empty.npy"));
    write("matrix.txt", "1 2\n2 1\n");
    assertTrue(fails("density", "matrix.txt").contains("matrix.txt"));
  }

  /** Errors found after the output folder was prepared must leave no trace either. */
  @Test
  void stepsBeyondTheDimension() throws Exception {
    write("small.mtx", "%%MatrixMarket matrix coordinate real symmetric\n3 3 3\n1 1 1\n2 2 2\n"
        + "3 3 3\n");
    String line = fails("density", "small.mtx", "--steps", "4", "--out", "o");
    assertTrue(line.contains("--steps 4 exceeds the dimension n = 3"), line);
  }

  @Test
  void notSymmetric() throws Exception {
    write("general.mtx", "%%MatrixMarket matrix coordinate real general\n3 3 4\n1 1 1\n2 2 2\n"
        + "3 3 3\n1 3 5\n");
    String line = fails("density", "general.mtx", "--steps", "2", "--out", "deep/o");
    // The reader refuses it, naming the file, the worst pair and its size.
    assertTrue(line.contains("general.mtx"), line);
    assertTrue(line.contains("not symmetric"), line);
    assertTrue(line.contains("5.0 at (1, 3)"), line);
  }

  /**
   * A padding that takes the grid beyond the double range is blamed on --padding: up front with
   * the default sigma, after the runs with a given one.
   */
  @Test
  void paddingBeyondTheDoubleRange() throws Exception {
    write("wide.mtx", "%%MatrixMarket matrix coordinate real symmetric\n3 3 3\n1 1 -1\n"
        + "2 2 2\n3 3 3\n");
    String line = fails("density", "no-such-input.mtx", "--steps", "3", "--padding", "1e308");
    assertTrue(line.startsWith("slq4j: error: --padding 1e308 puts the spectrum in so small"),
        line);
    line = fails("density", "wide.mtx", "--steps", "3", "--padding", "1e308", "--sigma", "1");
    assertTrue(line.startsWith("slq4j: error: --padding 1.0E308 times the node spread"), line);
    assertTrue(line.contains("use a smaller --padding"), line);
  }

  @Test
  void nonFiniteEntries() throws Exception {
    write("nan.mtx", "%%MatrixMarket matrix coordinate real symmetric\n3 3 3\n1 1 1\n2 2 NaN\n"
        + "3 3 3\n");
    String line = fails("density", "nan.mtx", "--steps", "2");
    assertTrue(line.contains("nan.mtx"), line);
    assertTrue(line.toLowerCase(Locale.ROOT).contains("nan"), line);
  }

  @Test
  void outputIsAFile() throws Exception {
    write("small.mtx", "%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 1 1\n2 2 2\n");
    write("taken", "a file");
    String line = fails("density", "small.mtx", "--steps", "2", "--out", "taken");
    assertTrue(line.contains("output folder taken exists and is not a folder"), line);
    String nested = fails("density", "small.mtx", "--steps", "2", "--out", "taken/sub");
    assertTrue(nested.contains("cannot"), nested);
  }

  /** A failing run into an existing folder leaves its old contents untouched. */
  @Test
  void failureKeepsAnExistingFolderAsItWas() throws Exception {
    write("small.mtx", "%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 1 1\n2 2 2\n");
    Path out = Files.createDirectory(dir.resolve("previous"));
    Files.writeString(out.resolve("density.csv"), "old results");
    fails("density", "small.mtx", "--steps", "3", "--out", "previous");
    assertEquals(List.of("density.csv"), CliTesting.listing(out));
    assertEquals("old results", Files.readString(out.resolve("density.csv")));
  }
}
