package org.slq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code slq4j} launcher script, run by bash in a scratch copy of the repository whose jar
 * is already up to date (so no Maven build runs): it must find a JDK >= 25 on its own (no
 * JAVA_HOME, only a PATH without java or with an older one), run the jar on the module path,
 * hide the JVM's incubator warning and pass the exit code through.
 */
class LauncherTest {

  @TempDir
  Path repo;

  @TempDir
  Path work;

  @BeforeEach
  void scratchRepository() throws Exception {
    Path launcher = Path.of(System.getProperty("user.dir"), "slq4j");
    Assumptions.assumeTrue(Files.isRegularFile(launcher), "no launcher at " + launcher);
    Assumptions.assumeTrue(new File("/bin/bash").canExecute(), "no /bin/bash");
    Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    Assumptions.assumeTrue(Files.isRegularFile(classes.resolve("module-info.class")),
        "not built as a module: " + classes);
    Files.copy(launcher, repo.resolve("slq4j"));
    Path jar = Files.createDirectories(repo.resolve("target")).resolve("slq4j-test.jar");
    ToolProvider jarTool = ToolProvider.findFirst("jar").orElse(null);
    Assumptions.assumeTrue(jarTool != null, "no jar tool in this JVM");
    assertEquals(0, jarTool.run(System.out, System.err, "--create", "--file", jar.toString(),
        "-C", classes.toString(), "."));
    // Sources older than the jar: the launcher must not rebuild.
    FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
    Files.writeString(repo.resolve("pom.xml"), "<project/>");
    Files.setLastModifiedTime(repo.resolve("pom.xml"), old);
    Path src = Files.createDirectories(repo.resolve("src/main"));
    Files.setLastModifiedTime(src, old);
  }

  private CliTesting.Result bash(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("/bin/bash",
        repo.resolve("slq4j").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
        .redirectOutput(work.resolve(".out").toFile())
        .redirectError(work.resolve(".err").toFile());
    Map<String, String> env = pb.environment();
    env.remove("JAVA_HOME");
    env.entrySet().removeIf(e -> e.getKey().matches("JAVA\\d+_HOME"));
    env.put("PATH", "/usr/bin:/bin");  // whatever java is there (17 on the CI machine) or none
    // The launcher must find this JVM's JDK itself when it sits where JDKs are installed;
    // elsewhere (a CI tool cache) it is named through JAVA_HOME, as a user would.
    String home = System.getProperty("java.home");
    String user = System.getProperty("user.home");
    boolean standard = List.of("/usr/lib/jvm/", "/usr/java/", "/opt/java/", user + "/.jdks/",
        user + "/.sdkman/candidates/java/").stream().anyMatch(home::startsWith);
    if (!standard) {
      env.put("JAVA_HOME", home);
    }
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    String out = Files.readString(work.resolve(".out"), StandardCharsets.UTF_8);
    String err = Files.readString(work.resolve(".err"), StandardCharsets.UTF_8);
    Files.delete(work.resolve(".out"));
    Files.delete(work.resolve(".err"));
    return new CliTesting.Result(p.exitValue(), out, err);
  }

  /** Lines of stderr that are not the stand-in kernels' fallback log. */
  private static List<String> ours(String err) {
    return err.lines()
        .filter(l -> !l.contains("org.slq4j.internal.vectorization.VectorizationProvider"))
        .filter(l -> !l.startsWith("WARNING: slq4j could not start its SIMD kernels"))
        .toList();
  }

  @Test
  void findsAJdkAndRunsTheJarWithoutJavaHome() throws Exception {
    CliTesting.Result r = bash("--version");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("slq4j "), r.out());
    assertEquals(List.of(), ours(r.err()), "no build, no incubator warning");
  }

  @Test
  void passesExitCodesAndErrorsThrough() throws Exception {
    CliTesting.Result r = bash("density", "missing.mtx");
    assertEquals(2, r.code());
    assertEquals(List.of("slq4j: error: missing.mtx: no such file"), ours(r.err()));
    assertEquals("", r.out());
  }

  @Test
  void runsTheBundledExampleIntoTheCurrentFolder() throws Exception {
    CliTesting.Result r = bash("--runs", "2", "--steps", "8", "--grid-points", "64");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("wrote 1138_bus-density/"), r.out());
    assertEquals(List.of("cdf.csv", "density.csv", "density.svg", "nodes.csv", "summary.json"),
        CliTesting.listing(work.resolve("1138_bus-density")));
  }

  /**
   * Ctrl-C while the launcher builds the jar (a stand-in Maven that only waits): exit 130, the
   * shell's code for SIGINT, and no build log left in TMPDIR.
   */
  @Test
  void ctrlCDuringTheBuildExits130AndLeavesNoLog() throws Exception {
    Assumptions.assumeTrue(new File("/usr/bin/setsid").canExecute(), "no setsid");
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path mvn = bin.resolve("mvn");
    Files.writeString(mvn, "#!/bin/sh\nsleep 60\n");
    mvn.toFile().setExecutable(true);
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    Files.setLastModifiedTime(repo.resolve("pom.xml"), FileTime.from(Instant.now()));
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/setsid", "/bin/bash",
        repo.resolve("slq4j").toString(), "--version").directory(work.toFile())
        .redirectOutput(work.resolve(".out").toFile())
        .redirectError(work.resolve(".err").toFile());
    Map<String, String> env = pb.environment();
    env.put("PATH", bin + ":/usr/bin:/bin");
    env.put("TMPDIR", tmp.toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.readString(work.resolve(".err")).contains("building with Maven")) {
      assertTrue(System.nanoTime() < deadline, "the build never started");
      Thread.sleep(50);
    }
    Thread.sleep(200);
    // The terminal sends SIGINT to the whole foreground process group.
    Process kill = new ProcessBuilder("/bin/kill", "-INT", "--", "-" + p.pid()).start();
    assertEquals(0, kill.waitFor());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher ended");
    assertEquals(130, p.exitValue(), Files.readString(work.resolve(".err")));
    try (var files = Files.list(tmp)) {
      assertEquals(List.of(), files.toList(), "no build log left");
    }
  }
}
