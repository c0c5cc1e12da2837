package org.slq4j.bench;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.slq4j.BasisPrecision;
import org.slq4j.PhaseTimes;
import org.slq4j.Reorthogonalization;
import org.slq4j.SpectralDensity;
import org.slq4j.SpectralDensityEstimator;
import org.slq4j.SymmetricOperator;
import org.slq4j.VarianceReduction;
import org.slq4j.internal.vectorization.VectorKernels;
import org.slq4j.operators.CsrOperator;
import org.slq4j.operators.DenseSymmetricOperator;
import org.slq4j.operators.DiagonalOperator;
import org.slq4j.operators.LaplacianOperator;

/**
 * The end-to-end benchmark command: default SLQ (10 runs x 80 steps, FULL
 * reorthogonalization) on the problems of jmh/python/ (same sizes and structure, generated
 * here), timed per phase, one JSON line per problem and thread count on stdout.
 *
 * <pre>mvn -B -P bench verify -DskipTests -Dbench.args="all --threads 1,2"</pre>
 *
 * Arguments: problems (diagonal, sparse, dense, laplacian3d, laplacian or all; laplacian3d is
 * the 7-point stencil on a cube of side round(cbrt(n)) in plain CSR, laplacian the same
 * operator matrix-free, neither part of all), {@code --threads
 * 1,2}, {@code --runs 10}, {@code --steps 80}, {@code --n N} (overrides the problem's size),
 * {@code --block-size B} (runs per thread in lockstep; 0, the default, lets the operator choose),
 * {@code --reorth full|none|local}, {@code --variance-reduction none,deflate} (each timed in
 * turn within every repeat; default none), {@code --basis float64,float32} (basis precisions, each
 * timed in turn in the same JVM; default float64), {@code --stream} (first prints the bandwidth
 * of copy, axpy and dot on 1 and 2 threads, {@link StreamBounds}), {@code --passes P} (vectors
 * of n doubles a Lanczos step streams, operator data included, as the code under test counts
 * them: then each line also gives that traffic in GB/s), {@code --repeat R} (R timed estimates
 * per thread count, one line each: on a shared machine the fastest is the one least
 * disturbed). The timed estimates of each thread count are preceded by a short untimed one (2
 * runs x 10 steps) so the JIT has
 * compiled the kernels.
 */
public final class SlqEndToEnd {

  private SlqEndToEnd() {}

  public static void main(String[] args) {
    List<String> problems = new ArrayList<>();
    List<Integer> threads = new ArrayList<>(List.of(1, 2));
    int runs = 10;
    int steps = 80;
    long nOverride = -1;
    int blockSize = 0;
    List<BasisPrecision> bases = new ArrayList<>(List.of(BasisPrecision.FLOAT64));
    Reorthogonalization reorth = Reorthogonalization.FULL;
    boolean stream = false;
    double passes = 0;
    int repeat = 1;
    List<VarianceReduction> reductions = new ArrayList<>(List.of(VarianceReduction.NONE));
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--reorth" -> reorth = Reorthogonalization.valueOf(
            args[++i].toUpperCase(Locale.ROOT));
        case "--stream" -> stream = true;
        case "--variance-reduction" -> {
          reductions.clear();
          for (String v : args[++i].split(",")) {
            reductions.add(VarianceReduction.valueOf(v.toUpperCase(Locale.ROOT)));
          }
        }
        case "--repeat" -> repeat = Integer.parseInt(args[++i]);
        case "--passes" -> passes = Double.parseDouble(args[++i]);
        case "--threads" -> {
          threads.clear();
          for (String t : args[++i].split(",")) {
            threads.add(Integer.parseInt(t));
          }
        }
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--steps" -> steps = Integer.parseInt(args[++i]);
        case "--n" -> nOverride = Long.parseLong(args[++i]);
        case "--block-size" -> blockSize = Integer.parseInt(args[++i]);
        case "--basis" -> {
          bases.clear();
          for (String b : args[++i].split(",")) {
            bases.add(BasisPrecision.valueOf(b.toUpperCase(Locale.ROOT)));
          }
        }
        case "all" -> problems.addAll(List.of("diagonal", "sparse", "dense"));
        default -> problems.add(args[i]);
      }
    }
    System.out.println("# kernels: " + VectorKernels.describe() + ", " + Runtime.version()
        + ", " + Runtime.getRuntime().availableProcessors() + " processors");
    if (stream) {
      StreamBounds.print(List.of(1, 2));
    }
    for (String problem : problems) {
      try (Problem p = Problem.make(problem, nOverride)) {
        for (int t : threads) {
          for (BasisPrecision basis : bases) {
            SpectralDensityEstimator.builder().numRuns(2).lanczosSteps(10).threads(t)
                .blockSize(blockSize).reorthogonalization(reorth).basisPrecision(basis).build()
                .estimate(p.operator());
            for (int r = 0; r < repeat; r++) {
              // Each repeat times every variance reduction in turn, so they see the same load.
              for (VarianceReduction vr : reductions) {
                long cpu0 = processCpuNanos();
                SpectralDensity d = SpectralDensityEstimator.builder().numRuns(runs)
                    .lanczosSteps(steps).threads(t).blockSize(blockSize)
                    .reorthogonalization(reorth).basisPrecision(basis).varianceReduction(vr)
                    .build().estimate(p.operator());
                report(problem, p, t, blockSize, basis, d, passes, vr,
                    (processCpuNanos() - cpu0) * 1e-9);
              }
            }
          }
        }
      }
    }
  }

  private static void report(String problem, Problem p, int threads, int blockSize,
      BasisPrecision basis, SpectralDensity d, double passes, VarianceReduction requested,
      double cpuSeconds) {
    PhaseTimes ph = d.phaseTimes();
    long n = d.dimension();
    // Bytes the reorthogonalization reads from the stored vectors: one sweep per step, over
    // j stored vectors of n entries (doubles or floats) at step j (1-based) for j < m (the
    // last step needs none). The rare explicit steps (DGKS refused the delayed correction) are
    // not counted.
    int entry = basis == BasisPrecision.FLOAT64 ? Double.BYTES : Float.BYTES;
    double basisBytes = 0;
    for (int r = 0; r < d.numRuns() && d.reorthogonalization() == Reorthogonalization.FULL;
        r++) {
      int m = d.steps(r);
      basisBytes += 1.0 * n * entry * m * (m - 1) / 2.0;
    }
    double reorth = ph.reorthogonalization().toNanos() * 1e-9;
    double matvec = ph.matvec().toNanos() * 1e-9;
    double total = d.wallTime().toNanos() * 1e-9;
    // Vector traffic of the Lanczos steps as the code under test counts its passes, over the
    // whole job's wall time (the symmetry probe and the grid are a few passes in all).
    double stepGBps = passes * n * Double.BYTES * d.matvecs() / total / 1e9;
    System.out.printf(Locale.ROOT,
        "{\"impl\":\"slq4j\",\"problem\":\"%s\",\"n\":%d,\"nnz\":%d,\"threads\":%d,"
            + "\"reorth\":\"%s\",\"passes_per_step\":%s,\"step_traffic_GBps\":%.1f,"
            + "\"block_size_option\":%d,\"basis\":\"%s\","
            + "\"runs\":%d,\"steps\":%d,\"total_s\":%.3f,\"matvec_s\":%.3f,\"reorth_s\":%.3f,"
            + "\"tridiag_s\":%.4f,\"grid_s\":%.4f,\"matvecs\":%d,\"matvec_ms_each\":%.3f,"
            + "\"basis_sweep_GB\":%.1f,\"reorth_GBps_per_thread\":%.2f,\"integral\":%.9f,"
            + "\"variance_reduction_requested\":\"%s\",\"variance_reduction\":\"%s\","
            + "\"deflated\":%d,\"cpu_s\":%.3f,\"kernels\":\"%s\"}%n",
        problem, n, p.nnz(), threads, d.reorthogonalization().name().toLowerCase(Locale.ROOT),
        passes > 0 ? String.valueOf(passes) : "null", stepGBps, blockSize,
        basis.name().toLowerCase(Locale.ROOT), d.numRuns(), d.lanczosSteps(), total, matvec,
        reorth, ph.tridiagonal().toNanos() * 1e-9,
        ph.grid().toNanos() * 1e-9, d.matvecs(), 1e3 * matvec / d.matvecs(), basisBytes / 1e9,
        basisBytes / 1e9 / reorth, d.integral(), requested.name().toLowerCase(Locale.ROOT),
        d.varianceReduction().name().toLowerCase(Locale.ROOT), d.deflatedEigenvalues().length,
        cpuSeconds, d.kernels());
  }

  /**
   * CPU time of the whole process (every thread, user and system), which a loaded machine
   * changes far less than wall time: the estimate's own threads are most of it.
   */
  private static long processCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration()
        .map(java.time.Duration::toNanos).orElse(0L);
  }

  private record Problem(SymmetricOperator operator, long nnz, AutoCloseable owner)
      implements AutoCloseable {

    static Problem make(String name, long nOverride) {
      SplittableRandom rnd = new SplittableRandom(0);
      switch (name) {
        case "diagonal" -> {
          int n = (int) (nOverride > 0 ? nOverride : 1_000_000);
          double[] d = new double[n];
          for (int i = 0; i < n; i++) {
            d[i] = gaussian(rnd);
          }
          DiagonalOperator a = DiagonalOperator.of(d);
          return new Problem(a, n, a);
        }
        case "sparse" -> {
          // As jmh/python: 5n uniform positions with normal values, A = R + R^T.
          int n = (int) (nOverride > 0 ? nOverride : 1_000_000);
          CsrOperator.Builder b = CsrOperator.builder(n);
          for (long k = 0; k < 5L * n; k++) {
            int i = rnd.nextInt(n);
            int j = rnd.nextInt(n);
            double v = gaussian(rnd);
            b.add(i, j, v);
            b.add(j, i, v);
          }
          CsrOperator a = b.build();
          return new Problem(a, a.nnz(), a);
        }
        case "dense" -> {
          int n = (int) (nOverride > 0 ? nOverride : 4000);
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment g = arena.allocate((long) n * n * Double.BYTES, 64);
            for (long i = 0; i < n; i++) {
              for (long j = 0; j <= i; j++) {
                // (G + G') / 2 of a standard normal G has N(0, 1/2) off the diagonal.
                double v = i == j ? gaussian(rnd) : gaussian(rnd) * Math.sqrt(0.5);
                g.setAtIndex(JAVA_DOUBLE, i * n + j, v);
                g.setAtIndex(JAVA_DOUBLE, j * n + i, v);
              }
            }
            DenseSymmetricOperator a = DenseSymmetricOperator.copyOf(g, n);
            return new Problem(a, (long) n * n, a);
          }
        }
        case "laplacian3d" -> {
          // -Laplacian, 7-point stencil, Dirichlet boundary, natural ordering (banded: plain
          // CSR). Spectrum in (0, 12).
          int side = (int) Math.round(Math.cbrt(nOverride > 0 ? nOverride : 1_000_000));
          long n = (long) side * side * side;
          CsrOperator.Builder b = CsrOperator.builder(n);
          long plane = (long) side * side;
          for (long i = 0; i < n; i++) {
            long x = i % side;
            long y = (i / side) % side;
            long z = i / plane;
            b.add(i, i, 6.0);
            if (x > 0) {
              b.add(i, i - 1, -1.0);
            }
            if (x + 1 < side) {
              b.add(i, i + 1, -1.0);
            }
            if (y > 0) {
              b.add(i, i - side, -1.0);
            }
            if (y + 1 < side) {
              b.add(i, i + side, -1.0);
            }
            if (z > 0) {
              b.add(i, i - plane, -1.0);
            }
            if (z + 1 < side) {
              b.add(i, i + plane, -1.0);
            }
          }
          CsrOperator a = b.build();
          return new Problem(a, a.nnz(), a);
        }
        case "laplacian" -> {
          // The same operator matrix-free (LaplacianOperator: the stencil, no stored entries).
          int side = (int) Math.round(Math.cbrt(nOverride > 0 ? nOverride : 1_000_000));
          LaplacianOperator a = LaplacianOperator.of(side, side, side);
          return new Problem(a, a.nonzeros(), null);
        }
        default -> throw new IllegalArgumentException("unknown problem '" + name
            + "' (diagonal, sparse, dense, laplacian3d, laplacian, all)");
      }
    }

    @Override
    public void close() {
      if (owner != null) {
        try {
          owner.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** A standard normal draw (Marsaglia's polar method), reproducible from the seed. */
  public static double gaussian(SplittableRandom rnd) {
    double u;
    double v;
    double s;
    do {
      u = 2 * rnd.nextDouble() - 1;
      v = 2 * rnd.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }
}
