package org.slq4j;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the tests find ../shared/data (real matrices with exact spectra), and what a test that
 * needs it does when it is not there: on a fresh clone without it the test is skipped; with
 * {@code -Dslq4j.shared.required=true} (CI, when the folder is beside the clone) it fails, so a
 * wrong path cannot silently drop the accuracy checks.
 */
public final class SharedData {

  /** The data folder; pom.xml passes {@code ${project.basedir}/../shared/data}. */
  public static final String DATA_PROPERTY = "slq4j.shared.data";
  /** {@code true}: a missing or unreadable folder or file fails the test instead of skipping. */
  public static final String REQUIRED_PROPERTY = "slq4j.shared.required";

  private SharedData() {}

  /** The data folder; skips (or, when required, fails) the test if it is not readable. */
  public static Path directory() {
    return resolve(System.getProperty(DATA_PROPERTY), System.getProperty(REQUIRED_PROPERTY),
        "");
  }

  /** A file of the data folder, e.g. "suitesparse/1138_bus.mtx"; skips or fails likewise. */
  public static Path file(String relative) {
    return resolve(System.getProperty(DATA_PROPERTY), System.getProperty(REQUIRED_PROPERTY),
        relative);
  }

  /** The check itself, on the property values (for {@code SharedDataTest}). */
  static Path resolve(String root, String required, String relative) {
    boolean must = parseRequired(required);
    if (root == null || root.isBlank()) {
      return missing(must, DATA_PROPERTY + " is not set");
    }
    Path dir = Path.of(root);
    if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
      return missing(must, "shared data not found: " + dir + " is not a readable directory");
    }
    if (relative.isEmpty()) {
      return dir;
    }
    Path p = dir.resolve(relative);
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      return missing(must, "shared data incomplete: " + p + " is not a readable file");
    }
    return p;
  }

  private static boolean parseRequired(String value) {
    if (value == null || value.isBlank() || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    // A typo must not switch the requirement off as silently as a wrong path would skip.
    return Assertions.fail(REQUIRED_PROPERTY + " must be true or false, got '" + value + "'");
  }

  private static Path missing(boolean required, String why) {
    if (required) {
      return Assertions.fail(why + "; " + REQUIRED_PROPERTY + "=true, so the shared-data "
          + "tests must run (point -D" + DATA_PROPERTY + " at the data folder)");
    }
    return Assumptions.abort(why + " (set -D" + DATA_PROPERTY + "; -D" + REQUIRED_PROPERTY
        + "=true fails instead of skipping)");
  }
}
