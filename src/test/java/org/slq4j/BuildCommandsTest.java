package org.slq4j;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Maven commands README.md and BENCHMARKS.md show name things that exist: every profile
 * ({@code -P a,b}) is defined, every JMH selection ({@code -Djmh.args="REGEX ..."}) matches a
 * benchmark method of jmh/, every {@code -p name=...} a parameter of one, every end-to-end
 * problem ({@code -Dbench.args="diagonal ..."}) is one SlqEndToEnd makes, every
 * {@code -Dbench.main} a class of jmh/. And the profiles that compile jmh/ do not depend on
 * the order they run in: each one runs JMH's annotation processor, so the sources another
 * profile left compiled carry their META-INF/BenchmarkList. (CI also runs them, with tiny
 * arguments, in the order that used to fail.)
 */
class BuildCommandsTest {

  private static final List<Path> DOCS = List.of(Path.of("README.md"), Path.of("BENCHMARKS.md"));
  private static final Path BENCH = Path.of("jmh/org/slq4j/bench");

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  /** Every match of group 1 of {@code regex} in the documents, in order, without repeats. */
  private static Set<String> inDocs(String regex) throws IOException {
    Set<String> found = new LinkedHashSet<>();
    for (Path doc : DOCS) {
      Matcher m = Pattern.compile(regex).matcher(read(doc));
      while (m.find()) {
        found.add(m.group(1));
      }
    }
    return found;
  }

  /** The profile ids of the build's POMs. */
  private static Set<String> profiles() throws IOException {
    Set<String> ids = new LinkedHashSet<>();
    for (String pom : new String[] {"pom.xml", "core-pom.xml", "slq4j-spark/pom.xml"}) {
      Matcher m = Pattern.compile("<profile>\\s*(?:<!--.*?-->\\s*)*<id>([^<]+)</id>",
          Pattern.DOTALL).matcher(read(Path.of(pom)));
      while (m.find()) {
        ids.add(m.group(1));
      }
    }
    return ids;
  }

  /** "org.slq4j.bench.Class.method" of every @Benchmark method in jmh/. */
  private static List<String> benchmarks() throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(BENCH)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String cls = f.getFileName().toString().replace(".java", "");
        Matcher m = Pattern.compile("@Benchmark\\b[^{;]*?\\s(\\w+)\\s*\\(").matcher(read(f));
        while (m.find()) {
          names.add("org.slq4j.bench." + cls + "." + m.group(1));
        }
      }
    }
    return names;
  }

  @Test
  void everyProfileTheDocumentsNameExists() throws IOException {
    Set<String> defined = profiles();
    Set<String> named = inDocs("(?<=\\s)-P ?([a-z][\\w-]*(?:,[a-z][\\w-]*)*)");
    assertFalse(named.isEmpty(), "no -P in the documents");
    for (String list : named) {
      for (String id : list.split(",")) {
        assertTrue(defined.contains(id), "-P " + list + ": no profile '" + id + "' in "
            + defined);
      }
    }
  }

  @Test
  void everyJmhSelectionMatchesABenchmark() throws IOException {
    List<String> benchmarks = benchmarks();
    assertTrue(benchmarks.size() > 10, "benchmarks found: " + benchmarks);
    Set<String> selections = inDocs("-Djmh\\.args=\"([^\"]*)\"");
    assertTrue(selections.size() > 5, "selections: " + selections);
    for (String args : selections) {
      String[] tokens = args.trim().split("\\s+");
      if (tokens[0].matches("[A-Z]+") || tokens[0].startsWith("-")) {
        continue;  // a placeholder (NAME) or no selection
      }
      // JMH selects the benchmarks whose full name the regex finds.
      Pattern include = Pattern.compile(tokens[0]);
      List<String> selected = benchmarks.stream().filter(b -> include.matcher(b).find()).toList();
      assertFalse(selected.isEmpty(), "-Djmh.args=\"" + args + "\" selects no benchmark");
      for (int i = 0; i + 1 < tokens.length; i++) {
        if (tokens[i].equals("-p")) {
          String param = tokens[i + 1].substring(0, tokens[i + 1].indexOf('='));
          boolean declared = false;
          for (String b : selected) {
            String cls = b.substring("org.slq4j.bench.".length(), b.lastIndexOf('.'));
            declared |= Pattern.compile("@Param\\([^)]*\\)\\s*(?:public\\s+)?[\\w<>]+\\s+"
                + Pattern.quote(param) + "\\b").matcher(read(BENCH.resolve(cls + ".java")))
                .find();
          }
          assertTrue(declared, "-Djmh.args=\"" + args + "\": no @Param " + param);
        }
      }
    }
  }

  @Test
  void everyEndToEndProblemAndMainClassExists() throws IOException {
    String driver = read(BENCH.resolve("SlqEndToEnd.java"));
    Set<String> problems = new LinkedHashSet<>(List.of("all"));
    Matcher m = Pattern.compile("case \"(\\w+)\" ->").matcher(
        driver.substring(driver.indexOf("static Problem make")));
    while (m.find()) {
      problems.add(m.group(1));
    }
    Set<String> runs = inDocs("-Dbench\\.args=\"([^\"]*)\"");
    assertTrue(runs.size() > 5, "bench runs: " + runs);
    for (String args : runs) {
      for (String token : args.trim().split("\\s+")) {
        if (token.startsWith("-")) {
          break;
        }
        if (!token.matches("[A-Z]+")) {  // PROBLEM is a placeholder
          assertTrue(problems.contains(token), "-Dbench.args=\"" + args + "\": SlqEndToEnd "
              + "makes no problem '" + token + "' (it makes " + problems + ")");
        }
      }
    }
    for (String main : inDocs("-Dbench\\.main=([\\w.]+)")) {
      Path source = Path.of("jmh", main.replace('.', '/') + ".java");
      assertTrue(Files.exists(source), "-Dbench.main=" + main + ": no " + source);
      assertTrue(read(source).contains("public static void main("), source + " has no main");
    }
  }

  /**
   * Every profile of core-pom.xml that adds jmh/ to the test sources runs JMH's annotation
   * processor on them: otherwise, after it compiled them, another profile finds them up to date
   * and no META-INF/BenchmarkList ("Unable to find the resource: /META-INF/BenchmarkList").
   */
  @Test
  void everyProfileCompilingJmhSourcesGeneratesTheBenchmarkList() throws IOException {
    String pom = read(Path.of("core-pom.xml"));
    Matcher m = Pattern.compile("<profile>(.*?)</profile>", Pattern.DOTALL).matcher(pom);
    int compiling = 0;
    while (m.find()) {
      String profile = m.group(1);
      if (profile.contains("<source>jmh</source>")) {
        compiling++;
        assertTrue(profile.contains("<artifactId>jmh-generator-annprocess</artifactId>"),
            "a profile adds jmh/ without JMH's annotation processor: " + profile.substring(0,
                Math.min(200, profile.length())));
      }
    }
    assertTrue(compiling >= 2, "profiles compiling jmh/: " + compiling);
  }
}
