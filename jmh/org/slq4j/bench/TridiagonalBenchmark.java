package org.slq4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.slq4j.internal.tridiagonal.Eigensystem;
import org.slq4j.internal.tridiagonal.GaussRule;
import org.slq4j.internal.tridiagonal.SymmetricTridiagonalEigen;

/**
 * Tridiagonal eigensolver: Golub-Welsch mode (nodes + weights, the SLQ path) against full mode
 * (all eigenvectors) on Lanczos-like Jacobi matrices.
 *
 * <p>The matrices are what SLQ produces: m Lanczos steps with a Rademacher start vector on a
 * diagonal operator of dimension n = 2m with eigenvalues uniform in [0, 1] (without
 * reorthogonalization, so that setting up m = 4000 stays cheap; the tridiagonal is still a valid
 * Jacobi matrix with positive off-diagonals and clustered Ritz values).
 *
 * <p>{@code golubWelschImplicitQl} runs the solver's previous Golub-Welsch sweep (implicit QL,
 * kept here verbatim as {@link ImplicitQlBaseline}) on the same inputs, so that the speed-up is a
 * ratio measured in one run.
 *
 * <p>Run: {@code flock /tmp/slq4j-bench.lock mvn -B -q -P jmh verify -DskipTests
 * -Djmh.args="TridiagonalBenchmark -f 1 -wi 3 -i 5 -w 1s -r 2s"}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector",
    "--enable-native-access=ALL-UNNAMED"})
public class TridiagonalBenchmark {

  /** Alpha and beta of m Lanczos steps on diag(lambda), lambda ~ U(0, 1), n = 2m. */
  static double[][] lanczosTridiagonal(int m, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = 2 * m;
    double[] lambda = new double[n];
    double[] q = new double[n];
    for (int i = 0; i < n; i++) {
      lambda[i] = random.nextDouble();
      q[i] = (random.nextBoolean() ? 1.0 : -1.0) / Math.sqrt(n);
    }
    double[] previous = new double[n];
    double[] w = new double[n];
    double[] alpha = new double[m];
    double[] beta = new double[m - 1];
    double betaPrevious = 0.0;
    for (int j = 0; j < m; j++) {
      double a = 0.0;
      for (int i = 0; i < n; i++) {
        w[i] = lambda[i] * q[i] - betaPrevious * previous[i];
        a += w[i] * q[i];
      }
      alpha[j] = a;
      if (j == m - 1) {
        break;
      }
      double norm = 0.0;
      for (int i = 0; i < n; i++) {
        w[i] -= a * q[i];
        norm += w[i] * w[i];
      }
      norm = Math.sqrt(norm);
      beta[j] = norm;
      for (int i = 0; i < n; i++) {
        previous[i] = q[i];
        q[i] = w[i] / norm;
      }
      betaPrevious = norm;
    }
    return new double[][] {alpha, beta};
  }

  /** Sizes for the O(m^2) Golub-Welsch mode. */
  @State(Scope.Benchmark)
  public static class GolubWelschInput {
    @Param({"80", "200", "1000", "4000"})
    public int m;
    double[] alpha;
    double[] beta;

    @Setup(Level.Trial)
    public void setUp() {
      double[][] t = lanczosTridiagonal(m, 20261126L + m);
      alpha = t[0];
      beta = t[1];
    }
  }

  /** Sizes for the O(m^3) full mode (m = 4000 would take minutes per call). */
  @State(Scope.Benchmark)
  public static class FullInput {
    @Param({"80", "200", "1000"})
    public int m;
    double[] alpha;
    double[] beta;

    @Setup(Level.Trial)
    public void setUp() {
      double[][] t = lanczosTridiagonal(m, 20261126L + m);
      alpha = t[0];
      beta = t[1];
    }
  }

  /**
   * Baseline for same-run ratios: the Golub-Welsch path of the solver as it was before the
   * root-free sweep (commit 9e3726e: implicit QL, imtql2-style step with sqrt and division on the
   * critical path, deflation scan before every sweep), copied verbatim, eigenvector mode removed
   * from use. Returns {nodes ascending, weights}.
   */
  static final class ImplicitQlBaseline {
    static final double UNIT_ROUNDOFF = 0x1p-53;
    static final double SCALE_MIN = 0x1p-256;
    static final double SCALE_MAX = 0x1p256;
    static final double SQUARES_MIN = 0x1p-960;
    static final double SQUARES_MAX = 0x1p960;

    static double[][] gaussRule(double[] diagonal, double[] offDiagonal) {
      int m = diagonal.length;
      double[] d = diagonal.clone();
      double[] e = new double[m];
      System.arraycopy(offDiagonal, 0, e, 0, offDiagonal.length);
      double[] z = new double[m];
      z[0] = 1.0;
      long sweeps = diagonalize(d, e, z, null, 30);
      int[] order = ascendingOrder(d);
      double[] nodes = new double[m];
      double[] first = new double[m];
      for (int k = 0; k < m; k++) {
        nodes[k] = d[order[k]];
        first[k] = z[order[k]];
      }
      return new double[][] {nodes, weights(first, sweeps)};
    }

    /** True when |e| is below the rounding level of its two diagonal neighbours (overflow-safe). */
    static boolean negligible(double e, double a, double b) {
      return Math.abs(e) <= UNIT_ROUNDOFF * Math.abs(a) + UNIT_ROUNDOFF * Math.abs(b);
    }

    static long diagonalize(double[] d, double[] e, double[] z, double[][] vectors,
        int maxIterationsPerEig) {
      int n = d.length;
      long cap = (long) maxIterationsPerEig * n;
      long sweeps = 0;
      int lo = 0;
      while (lo < n) {
        int hi = lo;
        while (hi < n - 1 && !negligible(e[hi], d[hi], d[hi + 1])) {
          hi++;
        }
        if (hi < n - 1) {
          e[hi] = 0.0;
        }
        if (hi == lo) {
          lo++;
          continue;
        }
        int exponent = scalingExponent(d, e, lo, hi);
        if (exponent != 0) {
          for (int i = lo; i <= hi; i++) {
            d[i] = Math.scalb(d[i], exponent);
          }
          for (int i = lo; i < hi; i++) {
            e[i] = Math.scalb(e[i], exponent);
          }
        }
        // QL deflates at the top: put the end of smaller magnitude there (dsteqr's QL/QR choice).
        if (Math.abs(d[hi]) < Math.abs(d[lo])) {
          reverse(d, e, z, vectors, lo, hi);
        }
        // Split-off blocks other than the first have zero first-row components: skip z there.
        sweeps = qlBlock(d, e, lo == 0 ? z : null, vectors, lo, hi, sweeps, cap);
        if (exponent != 0) {
          for (int i = lo; i <= hi; i++) {
            d[i] = Math.scalb(d[i], -exponent);
          }
        }
        lo = hi + 1;
      }
      return sweeps;
    }

    static int scalingExponent(double[] d, double[] e, int lo, int hi) {
      double norm = 0.0;
      for (int i = lo; i <= hi; i++) {
        norm = Math.max(norm, Math.abs(d[i]));
      }
      for (int i = lo; i < hi; i++) {
        norm = Math.max(norm, Math.abs(e[i]));
      }
      if (norm >= SCALE_MIN && norm <= SCALE_MAX) {
        return 0;
      }
      // getExponent is -1023 for subnormals: lift them first to read their true exponent.
      return norm >= Double.MIN_NORMAL ? -Math.getExponent(norm)
          : 128 - Math.getExponent(norm * 0x1p128);
    }

    static void reverse(double[] d, double[] e, double[] z, double[][] vectors, int lo,
        int hi) {
      for (int i = lo, j = hi; i < j; i++, j--) {
        double t = d[i];
        d[i] = d[j];
        d[j] = t;
      }
      for (int i = lo, j = hi - 1; i < j; i++, j--) {
        double t = e[i];
        e[i] = e[j];
        e[j] = t;
      }
      if (z != null && lo == 0) {
        for (int i = lo, j = hi; i < j; i++, j--) {
          double t = z[i];
          z[i] = z[j];
          z[j] = t;
        }
      }
      if (vectors != null) {
        for (int i = lo, j = hi; i < j; i++, j--) {
          double[] t = vectors[i];
          vectors[i] = vectors[j];
          vectors[j] = t;
        }
      }
    }

    static long qlBlock(double[] d, double[] e, double[] z, double[][] vectors, int lo,
        int hi, long sweepsSoFar, long cap) {
      long sweeps = sweepsSoFar;
      double[] cosines = new double[hi + 1];
      double[] sines = new double[hi + 1];
      for (int l = lo; l <= hi; l++) {
        int iterations = 0;
        while (true) {
          int mm = l;
          while (mm < hi && !negligible(e[mm], d[mm], d[mm + 1])) {
            mm++;
          }
          if (mm == l) {
            break; // d[l] has converged
          }
          if (sweeps >= cap) {
            throw new ArithmeticException("no convergence at " + l);
          }
          iterations++;
          sweeps++;
          int stop = qlSweep(d, e, z, cosines, sines, l, mm);
          if (vectors != null) {
            // Rotations mm-1 down to stop+1 were applied to T; apply the same to the columns of Z.
            for (int i = mm - 1; i > stop; i--) {
              rotate(vectors[i], vectors[i + 1], cosines[i], sines[i], lo, hi + 1);
            }
          }
        }
      }
      return sweeps;
    }

    static int qlSweep(double[] d, double[] e, double[] z, double[] cosines,
        double[] sines, int l, int mm) {
      double el = e[l];
      double g = (d[l + 1] - d[l]) / (2.0 * el);
      // |g| <= 1/(4u) unless d[l] = d[l+1]; the guard only keeps g * g finite in every case.
      double root = Math.abs(g) < 0x1p500 ? Math.sqrt(g * g + 1.0) : Math.abs(g);
      g = d[mm] - d[l] + el / (g + Math.copySign(root, g));
      double s;
      double c;
      double p = 0.0;
      // f = s e_i and b = c e_i of the textbook step, with s = c = 1 before the first rotation.
      double f = e[mm - 1];
      double b = f;
      for (int i = mm - 1; i >= l; i--) {
        double r2 = Math.fma(g, g, f * f);
        double r;
        double rInverse;
        if (r2 >= SQUARES_MIN && r2 <= SQUARES_MAX) {
          r = Math.sqrt(r2);
          rInverse = r * (1.0 / r2);
        } else {
          r = Math.hypot(f, g);
          if (r == 0.0) {
            // f = g = 0: the rotation is the identity and the matrix splits between i and i + 1.
            d[i + 1] -= p;
            e[mm] = 0.0;
            return i;
          }
          rInverse = 1.0 / r;
        }
        e[i + 1] = r;
        double gp = d[i + 1] - p;
        double numerator = Math.fma(f, d[i] - gp, 2.0 * g * b);
        s = f * rInverse;
        c = g * rInverse;
        double t = numerator * rInverse;
        p = s * t;
        d[i + 1] = gp + p;
        // Next f = s e_(i-1) and b = c e_(i-1), formed as (f e_(i-1)) / r so that only one
        // multiplication follows 1/r. (f e_(i-1) could underflow only if the true next f were
        // below 2^-542, since r >= 2^-480 off the hypot path: far below u times any block norm.)
        double eNext = i > l ? e[i - 1] : 0.0;
        double fNext = f * eNext * rInverse;
        double bNext = g * eNext * rInverse;
        g = Math.fma(c, t, -b);
        f = fNext;
        b = bNext;
        cosines[i] = c;
        sines[i] = s;
        if (z != null) {
          double zi = z[i];
          double zj = z[i + 1];
          z[i + 1] = s * zi + c * zj;
          z[i] = c * zi - s * zj;
        }
      }
      d[l] -= p;
      e[l] = g;
      e[mm] = 0.0;
      return l - 1;
    }

    static void rotate(double[] a, double[] b, double c, double s, int from, int to) {
      for (int k = from; k < to; k++) {
        double ak = a[k];
        double bk = b[k];
        b[k] = s * ak + c * bk;
        a[k] = c * ak - s * bk;
      }
    }

    static double[] weights(double[] z, long sweeps) {
      int m = z.length;
      double[] w = new double[m];
      if (m == 0) {
        return w;
      }
      double sum = 0.0;
      double compensation = 0.0;
      for (int k = 0; k < m; k++) {
        double x = z[k] * z[k];
        w[k] = x;
        double t = sum + x;
        compensation += Math.abs(sum) >= x ? (sum - t) + x : (x - t) + sum;
        sum = t;
      }
      sum += compensation;
      double tolerance = 16.0 * UNIT_ROUNDOFF * (sweeps + m);
      if (!(Math.abs(sum - 1.0) <= tolerance)) {
        throw new IllegalStateException("first-row squares sum to " + sum + ", |sum - 1| = "
            + Math.abs(sum - 1.0) + " exceeds the rounding bound " + tolerance
            + ": the rotations lost orthogonality");
      }
      for (int k = 0; k < m; k++) {
        w[k] /= sum;
      }
      return w;
    }

    static int[] ascendingOrder(double[] d) {
      int m = d.length;
      int[] order = new int[m];
      for (int i = 0; i < m; i++) {
        order[i] = i;
      }
      int[] buffer = new int[m];
      for (int width = 1; width < m; width *= 2) {
        for (int start = 0; start < m - width; start += 2 * width) {
          int mid = start + width;
          int end = Math.min(start + 2 * width, m);
          if (d[order[mid - 1]] <= d[order[mid]]) {
            continue; // already in order: QL often leaves long sorted runs
          }
          int i = start;
          int j = mid;
          int k = start;
          while (i < mid && j < end) {
            buffer[k++] = d[order[j]] < d[order[i]] ? order[j++] : order[i++];
          }
          while (i < mid) {
            buffer[k++] = order[i++];
          }
          while (j < end) {
            buffer[k++] = order[j++];
          }
          System.arraycopy(buffer, start, order, start, end - start);
        }
      }
      return order;
    }
  }

  @Benchmark
  public GaussRule golubWelsch(GolubWelschInput in) {
    return SymmetricTridiagonalEigen.gaussRule(in.alpha, in.beta);
  }

  /** The same sizes with the previous implicit QL sweep, for same-run ratios. */
  @Benchmark
  public double[][] golubWelschImplicitQl(GolubWelschInput in) {
    return ImplicitQlBaseline.gaussRule(in.alpha, in.beta);
  }

  @Benchmark
  public Eigensystem full(FullInput in) {
    return SymmetricTridiagonalEigen.eigensystem(in.alpha, in.beta);
  }
}
