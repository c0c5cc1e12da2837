package org.slq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output folder's guarantees: all or nothing, one writer's files, names, permissions. */
class OutputFolderTest {

  private static final List<String> NAMES = List.of("a.csv", "b.csv", "c.csv", "d.json");

  @TempDir
  Path dir;

  @AfterEach
  void noHook() {
    OutputFolder.afterEachMove = () -> { };
  }

  private static void writeAll(OutputFolder f, String tag) throws Exception {
    for (String name : NAMES) {
      f.write(name, tag + "\n");
    }
  }

  private static List<String> tags(Path folder) throws Exception {
    List<String> t = new ArrayList<>();
    for (String name : NAMES) {
      t.add(Files.readString(folder.resolve(name)).strip());
    }
    return t;
  }

  /**
   * Two commits into one existing folder, the first slowed after each file it moves: the folder
   * ends with one writer's complete set, never some files of each.
   */
  @Test
  void concurrentCommitsIntoOneFolderNeverMix() throws Exception {
    Path target = dir.resolve("out");
    Files.createDirectory(target);
    try (OutputFolder slow = OutputFolder.prepare(target, "out");
        OutputFolder fast = OutputFolder.prepare(target, "out")) {
      writeAll(slow, "slow");
      writeAll(fast, "fast");
      CountDownLatch firstMoved = new CountDownLatch(1);
      OutputFolder.afterEachMove = () -> {
        if (Thread.currentThread().getName().equals("slow")) {
          firstMoved.countDown();
          sleep(100);
        }
      };
      Throwable[] failure = new Throwable[1];
      Thread t = new Thread(() -> {
        try {
          slow.commit();
        } catch (Throwable e) {
          failure[0] = e;
        }
      }, "slow");
      t.start();
      assertTrue(firstMoved.await(10, TimeUnit.SECONDS));
      fast.commit();
      t.join(10_000);
      assertEquals(null, failure[0]);
    }
    List<String> tags = tags(target);
    assertEquals(1, tags.stream().distinct().count(), "one writer's files: " + tags);
    assertEquals("fast", tags.get(0), "the second commit waited for the first and came last");
    try (Stream<Path> s = Files.list(target)) {
      assertEquals(List.of(), s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(OutputFolder.TEMP_PREFIX)).toList(), "no temporary folder");
    }
  }

  /** Another process holding the folder's lock makes a commit wait until it lets go. */
  @Test
  void commitWaitsForAnotherProcessHoldingTheLock() throws Exception {
    Path target = dir.resolve("locked");
    Files.createDirectory(target);
    Path locker = dir.resolve("Locker.java");
    Files.writeString(locker, """
        import java.nio.channels.FileChannel;
        import java.nio.file.*;
        public class Locker {
          public static void main(String[] a) throws Exception {
            try (FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); var l = c.lock()) {
              System.out.println("locked");
              System.out.flush();
              Thread.sleep(Long.parseLong(a[1]));
            }
          }
        }
        """);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), locker.toString(),
        target.resolve(OutputFolder.LOCK_FILE).toString(), "1500")
        .redirectErrorStream(true).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      assertEquals("locked", r.readLine());
      long start = System.nanoTime();
      try (OutputFolder f = OutputFolder.prepare(target, "locked")) {
        writeAll(f, "mine");
        f.commit();
      }
      long waitedMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertTrue(waitedMillis >= 1000, "waited " + waitedMillis + " ms for the lock");
    }
    assertEquals(List.of("mine", "mine", "mine", "mine"), tags(target));
  }

  /** A new folder gets mkdir's permissions (umask applied), not a temporary folder's 0700. */
  @Test
  void newFolderHasTheUmaskPermissionsOfMkdir() throws Exception {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path reference = Files.createDirectory(dir.resolve("reference"));
    Path target = dir.resolve("new");
    try (OutputFolder f = OutputFolder.prepare(target, "new")) {
      writeAll(f, "x");
      f.commit();
    }
    Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
    assertEquals(expected, Files.getPosixFilePermissions(target));
  }

  /** A folder name of 250 bytes (legal: the limit is 255) works. */
  @Test
  void longFolderNameFits() throws Exception {
    String name = "n".repeat(250);
    Path target = dir.resolve(name);
    try (OutputFolder f = OutputFolder.prepare(target, name)) {
      writeAll(f, "long");
      f.commit();
    }
    assertEquals(List.of("long", "long", "long", "long"), tags(target));
  }

  /** A dangling symbolic link as the target is refused up front, naming where it points. */
  @Test
  void danglingSymlinkIsRefusedBeforeAnyWork() throws Exception {
    Path link = dir.resolve("link");
    Files.createSymbolicLink(link, dir.resolve("gone"));
    UserError e = assertThrows(UserError.class, () -> OutputFolder.prepare(link, "link"));
    assertTrue(e.getMessage().contains("link is a symbolic link to"), e.getMessage());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    try (Stream<Path> s = Files.list(dir)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".")),
          "nothing left behind");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
