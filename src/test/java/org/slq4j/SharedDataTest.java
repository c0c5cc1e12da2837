package org.slq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class SharedDataTest {

  @TempDir
  Path dir;

  @Test
  void presentDataIsReturnedWhetherRequiredOrNot() throws IOException {
    Files.createDirectories(dir.resolve("suitesparse"));
    Path file = Files.writeString(dir.resolve("suitesparse/a.mtx"), "x");
    for (String required : new String[] {null, "", "false", "true", "TRUE"}) {
      assertEquals(dir, SharedData.resolve(dir.toString(), required, ""));
      assertEquals(file, SharedData.resolve(dir.toString(), required, "suitesparse/a.mtx"));
    }
  }

  @Test
  void missingDataSkipsUnlessRequired() {
    String absent = dir.resolve("no-such-folder").toString();
    for (String required : new String[] {null, "", "false"}) {
      TestAbortedException skip = assertThrows(TestAbortedException.class,
          () -> SharedData.resolve(absent, required, "suitesparse/a.mtx"));
      assertTrue(skip.getMessage().contains(absent), skip.getMessage());
      assertThrows(TestAbortedException.class, () -> SharedData.resolve(null, required, ""));
    }
  }

  @Test
  void missingDataFailsWhenRequired() throws IOException {
    String absent = dir.resolve("no-such-folder").toString();
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> SharedData.resolve(absent, "true", ""));
    assertTrue(e.getMessage().contains(absent + " is not a readable directory"),
        e.getMessage());
    assertTrue(e.getMessage().contains("slq4j.shared.required=true"), e.getMessage());
    e = assertThrows(AssertionFailedError.class, () -> SharedData.resolve(null, "true", ""));
    assertTrue(e.getMessage().contains("slq4j.shared.data is not set"), e.getMessage());
    // The folder is there but a file is not: as much a misconfiguration in CI.
    e = assertThrows(AssertionFailedError.class,
        () -> SharedData.resolve(dir.toString(), "true", "suitesparse/b.mtx"));
    assertTrue(e.getMessage().contains("b.mtx is not a readable file"), e.getMessage());
    // A plain file where the folder should be.
    Path notDir = Files.writeString(dir.resolve("data"), "x");
    assertThrows(AssertionFailedError.class,
        () -> SharedData.resolve(notDir.toString(), "true", ""));
  }

  @Test
  void aMisspelledRequirementFails() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> SharedData.resolve(dir.toString(), "yes", ""));
    assertTrue(e.getMessage().contains("slq4j.shared.required must be true or false"),
        e.getMessage());
  }
}
