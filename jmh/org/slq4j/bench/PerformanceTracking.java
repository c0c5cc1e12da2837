package org.slq4j.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * The performance-tracking command: runs the short JMH suite {@link TrackingBenchmark} (every
 * kernel family next to its in-run baseline) and prints, per family, ratios of times measured in
 * the same run — SIMD against scalar, kernel against the memory stream bound — beside the
 * committed baseline of the same ratios for this vector width, flagging any that fell by more
 * than {@link #ALLOWED_DROP}. Ratios, not times, are compared because the machines are shared
 * and differ: a ratio of two kernels measured back to back moves far less than either time.
 *
 * <pre>
 *   mvn -B -P jmh,track verify -DskipTests                       compare with the baseline
 *   mvn -B -P jmh,track verify -DskipTests -Dtrack.args=write-baseline    record this run
 * </pre>
 *
 * Baselines are kept per kernel configuration (the scalar fallback, or SIMD at 4 or 8 doubles
 * per vector) in {@code jmh/tracking/baseline-<configuration>.properties}: AVX2 and AVX-512
 * machines each compare with their own. Exit status 0 whether or not a ratio dropped (a noisy
 * host can trip one); the last line says how many did.
 */
public final class PerformanceTracking {

  /** A ratio falling by more than this fraction of its baseline is flagged. */
  static final double ALLOWED_DROP = 0.15;

  /**
   * One tracked ratio: the time of {@code reference} over the time of {@code kernel}, so higher
   * is better (a speed-up over scalar code, or the fraction of the stream bound reached).
   */
  record Ratio(String family, String name, String kernel, String reference) {}

  static final List<Ratio> RATIOS = List.of(
      new Ratio("level-1", "dot SIMD / scalar", "dotSimd", "dotScalar"),
      new Ratio("level-1", "nrm2 SIMD / scalar", "nrm2Simd", "nrm2Scalar"),
      new Ratio("level-1", "axpy SIMD / scalar", "axpySimd", "axpyScalar"),
      new Ratio("level-1", "lanczosUpdate SIMD / scalar", "lanczosUpdateSimd",
          "lanczosUpdateScalar"),
      new Ratio("sweep", "lanczosSweep SIMD / scalar", "sweepSimd", "sweepScalar"),
      new Ratio("sweep", "lanczosSweep / stream bound", "sweepSimd", "sweepStreamBound"),
      new Ratio("gaussian", "Gaussian sums SIMD / scalar", "gaussianSimd", "gaussianScalar"),
      new Ratio("operators", "diagonal SIMD / scalar", "diagonalSimd", "diagonalScalar"),
      new Ratio("operators", "dense SIMD / scalar", "denseSimd", "denseScalar"),
      new Ratio("operators", "plain CSR, 4 vectors SIMD / scalar", "csrBlockSimd",
          "csrBlockScalar"),
      new Ratio("operators", "CSR operator vs plain scalar, 4 vectors", "csrOperatorBlock",
          "csrBlockScalar"),
      new Ratio("operators", "CSR operator, 4 vectors / stream bound", "csrOperatorBlock",
          "csrBlockStreamBound"));

  private PerformanceTracking() {}

  public static void main(String[] args) throws RunnerException, IOException {
    boolean write = List.of(args).contains("write-baseline");
    Path dir = Path.of(System.getProperty("track.dir", "jmh/tracking"));
    String configuration = configuration();
    Path baselineFile = dir.resolve("baseline-" + configuration + ".properties");

    Map<String, Double> times = run();
    Map<String, Double> ratios = new TreeMap<>();
    for (Ratio r : RATIOS) {
      ratios.put(r.name(), times.get(r.reference()) / times.get(r.kernel()));
    }
    Properties baseline = new Properties();
    if (Files.exists(baselineFile)) {
      try (Reader in = Files.newBufferedReader(baselineFile)) {
        baseline.load(in);
      }
    }

    System.out.println();
    System.out.println("slq4j performance tracking: kernels " + VectorKernels.describe()
        + ", " + cpu() + ", Java " + Runtime.version());
    System.out.println("ratios of times measured in this run (higher is better); baseline "
        + (baseline.isEmpty() ? "(none for this configuration)" : baselineFile));
    System.out.printf(Locale.ROOT, "%-10s %-40s %9s %9s %8s%n", "family", "ratio", "this run",
        "baseline", "change");
    int dropped = 0;
    for (Ratio r : RATIOS) {
      double now = ratios.get(r.name());
      String base = baseline.getProperty(key(r));
      String change = "";
      String flag = "";
      if (base != null) {
        double b = Double.parseDouble(base);
        change = String.format(Locale.ROOT, "%+.0f%%", 100 * (now / b - 1));
        if (now < (1 - ALLOWED_DROP) * b) {
          flag = "  DROPPED";
          dropped++;
        }
      }
      System.out.printf(Locale.ROOT, "%-10s %-40s %9.3g %9s %8s%s%n", r.family(), r.name(), now,
          base == null ? "-" : base, change, flag);
    }
    if (write) {
      List<String> lines = new ArrayList<>();
      lines.add("# slq4j tracking baseline: kernels " + VectorKernels.describe() + "; " + cpu()
          + "; Java " + Runtime.version().feature());
      lines.add("# a/b = time of b / time of a (how many times faster a runs), from one run of"
          + " PerformanceTracking");
      for (Ratio r : RATIOS) {
        lines.add(key(r) + "=" + String.format(Locale.ROOT, "%.3g", ratios.get(r.name())));
      }
      Files.createDirectories(dir);
      Files.write(baselineFile, lines);
      System.out.println("wrote " + baselineFile);
    }
    System.out.println(dropped == 0 ? "no ratio fell by more than 15% against the baseline"
        : dropped + " ratio(s) fell by more than 15% against the baseline: re-run on a quiet "
            + "machine before trusting one");
  }

  /** The kernels' configuration as a file-name part: "scalar", "simd-4", "simd-8". */
  static String configuration() {
    return VectorKernels.laneCount() == 1 ? "scalar" : "simd-" + VectorKernels.laneCount();
  }

  private static String key(Ratio r) {
    return r.kernel() + "/" + r.reference();
  }

  /**
   * The shortest of the measured iterations' average times per operation of every tracking
   * benchmark over two forks, by method name: on a shared host other work only ever adds time,
   * so the fastest iteration is the one least disturbed, and a second fork covers a JIT
   * compilation that came out worse in one JVM.
   */
  private static Map<String, Double> run() throws RunnerException {
    Options options = new OptionsBuilder()
        .include(TrackingBenchmark.class.getName() + "\\.")
        .forks(2)
        .warmupIterations(3)
        .warmupTime(TimeValue.milliseconds(400))
        .measurementIterations(5)
        .measurementTime(TimeValue.milliseconds(600))
        .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Double> times = new HashMap<>();
    for (RunResult result : results) {
      String label = result.getPrimaryResult().getLabel();
      times.put(label, result.getPrimaryResult().getStatistics().getMin());
    }
    List<String> missing = new ArrayList<>();
    for (Ratio r : RATIOS) {
      for (String m : List.of(r.kernel(), r.reference())) {
        if (!times.containsKey(m)) {
          missing.add(m);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("no JMH result for " + missing);
    }
    return times;
  }

  /** The CPU model from /proc/cpuinfo, or the OS architecture where that is not readable. */
  private static String cpu() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim() + " x"
              + Runtime.getRuntime().availableProcessors();
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return System.getProperty("os.arch");
  }
}
