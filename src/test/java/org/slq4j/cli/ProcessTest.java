package org.slq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slq4j.SharedData;
import org.slq4j.SpectralDensity;
import org.slq4j.SpectralDensityEstimator;

/**
 * The command as its own process, the way the launcher starts it: this JVM's java, the compiled
 * module (target/classes holds module-info.class) on the module path, the Vector API module
 * added. Checks exit codes, the streams, and the files.
 */
class ProcessTest {

  @TempDir
  Path dir;

  record Outcome(int code, String out, List<String> err) {}

  private Outcome launch(String... args) throws IOException, InterruptedException {
    return launchWithInput(null, args);
  }

  /** Runs the CLI in a child JVM; {@code stdin}, when not null, is written into a pipe. */
  private Outcome launchWithInput(byte[] stdin, String... args)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path module;
    try {
      module = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    List<String> cmd = new ArrayList<>(List.of(java.toString()));
    // The child runs the same kernels as this JVM, so its results can be compared bit for bit.
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
    }
    cmd.addAll(List.of("--enable-native-access=org.slq4j", "-Xmx512m",
        "--module-path", module.toString(), "--module", "org.slq4j/org.slq4j.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectOutput(dir.resolve(".stdout").toFile())
        .redirectError(dir.resolve(".stderr").toFile());
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process p = pb.start();
    if (stdin != null) {
      Thread writer = new Thread(() -> {
        try (java.io.OutputStream in = p.getOutputStream()) {
          in.write(stdin);
        } catch (IOException e) {
          // The child exited early; its exit code and stderr tell the test what happened.
        }
      });
      writer.setDaemon(true);
      writer.start();
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished in time");
    String out = Files.readString(dir.resolve(".stdout"), StandardCharsets.UTF_8);
    // The JVM's own notes (incubator module, kernel fallback logging) are not ours.
    List<String> err = Files.readAllLines(dir.resolve(".stderr"), StandardCharsets.UTF_8)
        .stream()
        .filter(l -> !l.startsWith("WARNING: Using incubator modules"))
        .filter(l -> !l.contains("org.slq4j.internal.vectorization.VectorizationProvider"))
        .filter(l -> !l.startsWith("WARNING: slq4j could not start its SIMD kernels"))
        .filter(l -> !l.startsWith("WARNING: Java vector incubator module is not readable"))
        .toList();
    Files.delete(dir.resolve(".stdout"));
    Files.delete(dir.resolve(".stderr"));
    return new Outcome(p.exitValue(), out, err);
  }

  @Test
  void densityOfASharedMatrixAsAProcess() throws Exception {
    Path input = SharedData.file("suitesparse/1138_bus.mtx");
    Outcome o = launch("density", input.toString(), "--runs", "2", "--steps", "15",
        "--grid-points", "400", "--seed", "3");
    assertEquals(0, o.code(), String.join("\n", o.err()));
    assertEquals(List.of(), o.err(), "no progress bar without a terminal");
    assertTrue(o.out().contains("wrote 1138_bus-density/: density.csv, cdf.csv, nodes.csv, "
        + "summary.json, density.svg"), o.out());
    DensityCommandTest.checkFiles(dir.resolve("1138_bus-density"),
        DensityCommandTest.library(input, SpectralDensityEstimator.builder().numRuns(2)
            .lanczosSteps(15).numGridPoints(400).seed(3)), 2, 15, 400);
  }

  /**
   * A matrix piped into standard input, named as {@code -} or as {@code /dev/stdin}, is read
   * once and gives the result of the file itself.
   */
  @Test
  void matrixPipedIntoStandardInput() throws Exception {
    Path input = SharedData.file("suitesparse/1138_bus.mtx");
    byte[] bytes = Files.readAllBytes(input);
    SpectralDensity expected = DensityCommandTest.library(input, SpectralDensityEstimator
        .builder().numRuns(2).lanczosSteps(15).numGridPoints(300));
    Outcome dash = launchWithInput(bytes, "density", "-", "--runs", "2", "--steps", "15",
        "--grid-points", "300", "-q");
    assertEquals(0, dash.code(), String.join("\n", dash.err()));
    DensityCommandTest.checkFiles(dir.resolve("stdin-density"), expected, 2, 15, 300);
    Outcome dev = launchWithInput(bytes, "density", "/dev/stdin", "--runs", "2", "--steps",
        "15", "--grid-points", "300", "-q", "--out", "dev");
    assertEquals(0, dev.code(), String.join("\n", dev.err()));
    DensityCommandTest.checkFiles(dir.resolve("dev"), expected, 2, 15, 300);
    Outcome bad = launchWithInput("%%MatrixMarket matrix coordinate real symmetric\n2 2 3\n"
        .getBytes(StandardCharsets.UTF_8), "density", "-");
    assertEquals(2, bad.code());
    assertTrue(bad.err().get(0).startsWith("slq4j: error: stdin: line "), bad.err().get(0));
  }

  @Test
  void userErrorsExitWithCode2AndOneLine() throws Exception {
    Outcome missing = launch("density", "missing.npy");
    assertEquals(2, missing.code());
    assertEquals(List.of("slq4j: error: missing.npy: no such file"), missing.err());
    assertEquals("", missing.out());

    Outcome option = launch("density", "x.mtx", "--grid-points", "many");
    assertEquals(2, option.code());
    assertEquals(List.of("slq4j: error: --grid-points must be a whole number >= 2, got "
        + "'many'"), option.err());
    assertEquals(List.of(), CliTesting.listing(dir), "nothing written");
  }

  @Test
  void versionAsAProcess() throws Exception {
    Outcome o = launch("--version");
    assertEquals(0, o.code());
    assertTrue(o.out().startsWith("slq4j "), o.out());
  }
}
