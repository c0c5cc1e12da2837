package org.slq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of README.md's "Bad input" table, run in process: the exit code the table gives, its
 * message on stderr, and for a user error (exit 2) exactly one line "slq4j: error: ...", no
 * stack trace, nothing on stdout and nothing written beside the row's own files.
 */
class BadInputTableTest {

  private static final Path README = Path.of("README.md");

  @TempDir
  Path dir;

  static Stream<BadInputTable.Row> rows() throws Exception {
    return BadInputTable.rows(README).stream();
  }

  @Test
  void theTableHasAtLeastSixtyDistinctRows() throws Exception {
    List<BadInputTable.Row> rows = BadInputTable.rows(README);
    assertTrue(rows.size() >= 60, rows.size() + " rows");
    Set<String> ids = new HashSet<>();
    Set<String> cases = new HashSet<>();
    for (BadInputTable.Row row : rows) {
      assertTrue(ids.add(row.id()), "row number " + row.id() + " twice");
      assertTrue(cases.add(row.args() + " " + row.files()), "row " + row.id() + " repeats a case");
      assertFalse(row.message().isBlank(), "row " + row.id() + " has no message");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void row(BadInputTable.Row row) throws Exception {
    byte[] stdin = BadInputTable.prepare(row, dir);
    List<String> before = CliTesting.listing(dir);
    // A hang guard only: every row is refused long before this.
    CliTesting.Result r = assertTimeoutPreemptively(Duration.ofMinutes(1),
        () -> CliTesting.runWithInput(dir, stdin, row.args().toArray(String[]::new)));
    assertEquals(row.exit(), r.code(), row + ": exit code; stderr: " + r.err());
    assertTrue(r.err().contains(row.message()), row + ": stderr lacks '" + row.message()
        + "': " + r.err());
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"),
        row + ": stack trace or exception name: " + r.err());
    if (row.exit() == 2) {
      CliTesting.oneErrorLine(r);
      assertEquals(before, CliTesting.listing(dir), row + ": nothing written");
      for (String file : before) {
        Path p = dir.resolve(file);
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          assertEquals(List.of(), CliTesting.listing(p), row + ": nothing written into " + p);
        }
      }
    }
  }
}
