package org.slq4j.spark;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.slq4j.NonFiniteValueException;

/**
 * The Lanczos recurrence of one task of a row-partitioned estimate, run SPMD: every task runs
 * this loop on its own rows and its slices of the Lanczos vectors, and the tasks meet at
 * an {@link Exchange} for the halo of each new vector and for the partial sums of the dot
 * products. Every task adds the partial sums in task order, so all tasks hold the same
 * alpha and beta bit for bit and take the same branches (the invariant-subspace test, the
 * end); the result does not depend on which attempt of a task computed it.
 *
 * <p>Per step, without reorthogonalization: y = H v_j on the extended vector (own rows and
 * halo); all-gather of y . v_j (alpha_j); w = y - alpha_j v_j - beta_{j-1} v_{j-1}; an exchange
 * of ||w||^2 with, to each task, the entries of w its rows read (beta_j and the halo of
 * v_{j+1} = w / beta_j in one message). With full reorthogonalization each task keeps its slices of the basis, w is
 * orthogonalized against the whole basis by classical Gram-Schmidt twice (one all-gather of the
 * j + 1 partial coefficients per pass; alpha_j is v_j . y plus the second pass's correction),
 * then the norm and halo message as above: three exchanges per step instead of two.
 *
 * <p>The start vector of run r is the local estimator's: the Rademacher vector of
 * {@link RowTask#probeSeed}(seed, r) (one SplitMix64 draw per 64 entries, bit b of draw k giving entry 64 k + b),
 * of which each task generates its slice after skipping the lo / 64 draws before it (about a
 * nanosecond each), then divided by its norm.
 */
final class RowLanczos {

  private static final double EPS = Math.ulp(1.0);

  /** The tasks' meeting point. Every task calls the same methods in the same order. */
  interface Exchange {
    /** The number of tasks. */
    int parts();

    /** This task's index. */
    int part();

    /**
     * Sends {@code toTask[q][0 .. lengths[q])} to each other task q and returns what each
     * sent to this one, indexed by sender (this task's own entry: its own message).
     */
    double[][] exchange(double[][] toTask, int[] lengths);

    /** Every task's {@code message[0 .. length)}, in task order. */
    default double[][] allGather(double[] message, int length) {
      double[][] same = new double[parts()][];
      int[] lengths = new int[parts()];
      java.util.Arrays.fill(same, message);
      java.util.Arrays.fill(lengths, length);
      return exchange(same, lengths);
    }
  }

  /** Nanoseconds spent per kind of work, and the steps taken, summed over runs. */
  static final class Timings {
    long matvec;
    long halo;
    long reduce;
    long vector;
    long steps;
    long haloMessages;
    long reduceMessages;
  }

  /** The tridiagonal of one run: alpha (its length is the steps taken) and beta. */
  record Tridiagonal(double[] alpha, double[] beta) {}

  private final RowBlock block;
  private final HaloPlan plan;
  private final long n;
  private final int rows;
  private final Exchange exchange;
  final Timings timings = new Timings();

  RowLanczos(RowBlock block, HaloPlan plan, long n, Exchange exchange) {
    this.block = block;
    this.plan = plan;
    this.n = n;
    this.rows = block.rows();
    this.exchange = exchange;
  }

  /** Fills {@code out[0 .. rows)} with entries lo .. lo + rows - 1 of the Rademacher vector of
   * {@code seed} in dimension n, as the local estimator's start vector has them. */
  static void rademacherSlice(long seed, long n, long lo, double[] out, int rows) {
    SplittableRandom random = new SplittableRandom(seed);
    double plus = 1.0 / Math.sqrt((double) n);
    long draw = lo >>> 6;
    for (long d = 0; d < draw; d++) {
      random.nextLong();
    }
    long bits = random.nextLong();
    for (int r = 0; r < rows; r++) {
      long i = lo + r;
      if (i >>> 6 != draw) {
        bits = random.nextLong();
        draw = i >>> 6;
      }
      out[r] = ((bits >>> (i & 63)) & 1L) == 0 ? plus : -plus;
    }
  }

  /**
   * One run of {@code steps} steps from the Rademacher vector of {@code seed}.
   *
   * @param run the run's index, for messages
   * @param full full reorthogonalization (basis slices kept here) or none
   */
  Tridiagonal run(int run, long seed, int steps, boolean full) {
    int ext = plan.extendedLength();
    double[] prev = new double[ext];
    double[] cur = new double[ext];
    double[] next = new double[ext];
    double[] y = new double[rows];
    double[][] basis = full ? new double[steps][] : null;
    int parts = exchange.parts();
    double[][] toTask = new double[parts][];
    int[] lengths = new int[parts];
    for (int q = 0; q < parts; q++) {
      lengths[q] = q == exchange.part() ? 1 : 1 + plan.sendSize(q);
      toTask[q] = new double[lengths[q]];
    }
    double[] alpha = new double[steps];
    double[] beta = new double[Math.max(steps - 1, 0)];
    double tolerance = 100 * EPS * Math.sqrt((double) n);

    long t = System.nanoTime();
    rademacherSlice(seed, n, block.lo, cur, rows);
    timings.vector += System.nanoTime() - t;
    double startNorm = Math.sqrt(normAndHalo(cur, toTask, lengths));
    if (!(startNorm > 0) || !Double.isFinite(startNorm)) {
      throw new IllegalStateException("run " + run + ": start vector norm " + startNorm);
    }
    scaleWithHalo(cur, 1.0 / startNorm, System.nanoTime());

    double normT = 0;
    double betaPrev = 0;
    int taken = 0;
    for (int j = 0; j < steps; j++) {
      t = System.nanoTime();
      block.multiply(cur, y);
      long t1 = System.nanoTime();
      timings.matvec += t1 - t;
      double a;
      if (!full) {
        a = reduce(new double[] {dot(y, cur)})[0];
        if (j + 1 < steps) {
          t = System.nanoTime();
          for (int i = 0; i < rows; i++) {
            next[i] = y[i] - a * cur[i] - betaPrev * prev[i];
          }
          timings.vector += System.nanoTime() - t;
        }
      } else {
        basis[j] = Arrays.copyOf(cur, rows);
        double[] h = reduce(projections(basis, j, y));
        a = h[j];
        if (j + 1 < steps) {
          t = System.nanoTime();
          System.arraycopy(y, 0, next, 0, rows);
          subtract(basis, j, h, next);
          timings.vector += System.nanoTime() - t;
          double[] h2 = reduce(projections(basis, j, next));
          t = System.nanoTime();
          subtract(basis, j, h2, next);
          timings.vector += System.nanoTime() - t;
          a += h2[j];
        }
      }
      taken = j + 1;
      if (j + 1 == steps) {
        requireFinite(run, j, a, 0);
        alpha[j] = a;
        break;
      }
      double b = Math.sqrt(normAndHalo(next, toTask, lengths));
      requireFinite(run, j, a, b);
      alpha[j] = a;
      normT = Math.max(normT, Math.abs(a) + b + betaPrev);
      if (b <= tolerance * normT) {
        break;  // an invariant subspace: T so far is exact
      }
      beta[j] = b;
      betaPrev = b;
      scaleWithHalo(next, 1.0 / b, System.nanoTime());
      double[] spare = prev;
      prev = cur;
      cur = next;
      next = spare;
    }
    timings.steps += taken;
    return new Tridiagonal(Arrays.copyOf(alpha, taken), Arrays.copyOf(beta, taken - 1));
  }

  private static void requireFinite(int run, int step, double a, double b) {
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      throw new NonFiniteValueException(run, step + 1, "the operator returned NaN or infinity "
          + "(alpha = " + a + ", beta = " + b + ")");
    }
  }

  /**
   * Sends every task this task's partial ||v||^2 and the entries of v its rows read; returns
   * ||v||^2 and keeps the received entries for {@link #scaleWithHalo}.
   */
  private double normAndHalo(double[] v, double[][] toTask, int[] lengths) {
    long t = System.nanoTime();
    double partial = dot(v, v);
    for (int q = 0; q < toTask.length; q++) {
      toTask[q][0] = partial;
      if (q != exchange.part()) {
        plan.sendValues(v, q, toTask[q], 1);
      }
    }
    long t1 = System.nanoTime();
    timings.vector += t1 - t;
    received = exchange.exchange(toTask, lengths);
    double sum = 0;
    for (double[] m : received) {
      sum += m[0];
    }
    timings.halo += System.nanoTime() - t1;
    timings.haloMessages++;
    return sum;
  }

  private double[][] received;

  /** v = scale v on the own rows, and the halo from the last messages times the same scale. */
  private void scaleWithHalo(double[] v, double scale, long started) {
    for (int i = 0; i < rows; i++) {
      v[i] *= scale;
    }
    plan.importValues(received, 1, scale, v);
    received = null;
    timings.vector += System.nanoTime() - started;
  }

  /** The sums over tasks, in task order, of each task's {@code partial}. */
  private double[] reduce(double[] partial) {
    long t = System.nanoTime();
    double[][] all = exchange.allGather(partial, partial.length);
    double[] sum = new double[partial.length];
    for (double[] p : all) {
      for (int k = 0; k < sum.length; k++) {
        sum[k] += p[k];
      }
    }
    timings.reduce += System.nanoTime() - t;
    timings.reduceMessages++;
    return sum;
  }

  /** This task's parts of basis[k] . w, k = 0 .. j. */
  private double[] projections(double[][] basis, int j, double[] w) {
    long t = System.nanoTime();
    double[] h = new double[j + 1];
    for (int k = 0; k <= j; k++) {
      h[k] = dot(basis[k], w);
    }
    timings.vector += System.nanoTime() - t;
    return h;
  }

  /** w -= sum_k h[k] basis[k], k = 0 .. j, on the own rows. */
  private void subtract(double[][] basis, int j, double[] h, double[] w) {
    for (int k = 0; k <= j; k++) {
      double c = h[k];
      double[] v = basis[k];
      for (int i = 0; i < rows; i++) {
        w[i] -= c * v[i];
      }
    }
  }

  private double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < rows; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
