package org.slq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slq4j.internal.memory.OffHeap;
import org.slq4j.internal.memory.PhysicalMemory;

/**
 * The command on inputs that are not plain files, and on sizes that cannot fit: a FIFO is read
 * once and its errors name it; a plan that cannot fit is refused before anything is allocated
 * for it. (A pipe into standard input: ProcessTest; concurrent writers into one folder and
 * the umask of a new folder: OutputFolderTest; the rest: README's Bad input table.)
 */
class InputGroupsTest {

  private static final String SMALL = "%%MatrixMarket matrix coordinate real symmetric\n3 3 4\n"
      + "1 1 2\n2 1 -1\n2 2 2\n3 3 2\n";

  @TempDir
  Path dir;

  /** A FIFO with {@code content} written into it by a thread, once someone opens it. */
  private Path fifo(String name, String content) throws Exception {
    Path fifo = dir.resolve(name);
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assumeTrue(mk.waitFor() == 0, "mkfifo unavailable");
    Thread writer = new Thread(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "fifo-writer");
    writer.setDaemon(true);
    writer.start();
    return fifo;
  }

  @Test
  void aFifoIsReadOnce() throws Exception {
    fifo("m.mtx", SMALL);
    // A hang guard: a FIFO opened twice would wait for a second writer forever.
    CliTesting.Result r = assertTimeoutPreemptively(Duration.ofMinutes(1),
        () -> CliTesting.run(dir, "density", "m.mtx", "--steps", "3", "--runs", "2", "-q",
            "--out", "o"));
    assertEquals(0, r.code(), r.err());
    @SuppressWarnings("unchecked")
    Map<String, Object> input = (Map<String, Object>) ((Map<String, Object>) CliTesting
        .parseJson(Files.readString(dir.resolve("o/summary.json")))).get("input");
    assertEquals(3.0, input.get("n"));
    assertTrue(((String) input.get("path")).endsWith("m.mtx"), input.toString());
  }

  @Test
  void errorsInAFifoNameTheFifo() throws Exception {
    fifo("bad.mtx", SMALL.replace("2 2 2", "2 2 x"));
    CliTesting.Result r = assertTimeoutPreemptively(Duration.ofMinutes(1),
        () -> CliTesting.run(dir, "density", "bad.mtx", "--steps", "3"));
    String line = CliTesting.oneErrorLine(r);
    assertTrue(line.contains("bad.mtx: line 5: value is not a real number: 'x'"), line);
  }

  /**
   * A 3-entry file whose size line claims n = 2^31 - 1: its row pointers alone would take 32
   * GiB. Where that is more than the memory available, the command refuses it naming the file
   * and the size, before allocating anything sized by it. The timeout only guards a hang.
   */
  @Test
  void aPlanThatCannotFitIsRefusedBeforeAllocating() throws Exception {
    long n = Integer.MAX_VALUE;
    assumeTrue(PhysicalMemory.availableBytes() < 16 * (n + 1),
        "this machine could hold the row pointers of n = 2^31 - 1");
    String claim = "%%MatrixMarket matrix coordinate real symmetric\n" + n + " " + n + " 3\n"
        + "1 1 1\n2 1 0.5\n3 3 2\n";
    Files.writeString(dir.resolve("huge.mtx"), claim);
    for (boolean piped : new boolean[] {false, true}) {
      long before = OffHeap.allocatedBytes();
      CliTesting.Result r = assertTimeoutPreemptively(Duration.ofMinutes(1),
          () -> piped ? CliTesting.runWithInput(dir, claim.getBytes(StandardCharsets.UTF_8),
              "density", "-") : CliTesting.run(dir, "density", "huge.mtx"));
      String line = CliTesting.oneErrorLine(r);
      assertTrue(line.contains((piped ? "stdin" : "huge.mtx") + ": assembling the sparse matrix "
          + "(n = " + n + ", up to 6 entries) needs"), line);
      assertTrue(line.contains("more than the"), line);
      // The three entries were read into a small buffer; nothing was sized by the claimed n.
      long allocated = OffHeap.allocatedBytes() - before;
      assertTrue(allocated < 1024, allocated + " bytes allocated off the heap");
    }
    // A matrix-free operator whose Lanczos basis cannot fit: refused by the memory plan.
    long before = OffHeap.allocatedBytes();
    String line = CliTesting.oneErrorLine(assertTimeoutPreemptively(Duration.ofMinutes(1),
        () -> CliTesting.run(dir, "density", "laplacian:100000x100000x100", "--steps", "500")));
    assertTrue(line.contains("laplacian:100000x100000x100: needs"), line);
    assertTrue(line.contains("for one run's full basis"), line);
    assertEquals(0, OffHeap.allocatedBytes() - before, "bytes allocated off the heap");
  }
}
