package org.slq4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A file of ../shared/data (the pom passes its path, relative to this module, as
 * {@code slq4j.shared.data}): the test is skipped when it is absent, or fails when
 * {@code slq4j.shared.required} is true, as in the core's tests.
 */
final class SharedMatrix {

  private SharedMatrix() {}

  static Path file(String relative) {
    String root = System.getProperty("slq4j.shared.data", "");
    boolean required = Boolean.parseBoolean(System.getProperty("slq4j.shared.required"));
    Path p = root.isBlank() ? null : Path.of(root).resolve(relative);
    if (p == null || !Files.isReadable(p)) {
      String why = "shared data not found: " + (p == null ? "slq4j.shared.data is not set" : p);
      if (required) {
        return Assertions.fail(why + "; slq4j.shared.required=true");
      }
      Assumptions.abort(why);
    }
    return p;
  }
}
