package org.slq4j.internal.eigen;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.slq4j.NonFiniteValueException;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.lanczos.ProbeSeeds;
import org.slq4j.internal.memory.OffHeap;

/**
 * Extreme eigenpairs of a symmetric operator by thick-restart Lanczos with full
 * reorthogonalization (Wu and Simon 2000, "Thick-restart Lanczos method for large symmetric
 * eigenvalue problems", SIAM J. Matrix Anal. Appl. 22; the symmetric case of Stewart's
 * Krylov-Schur method, 2001), with a verification restart from a fresh random vector that finds
 * the copies of repeated eigenvalues a single Krylov sequence cannot see.
 *
 * <p><b>One cycle.</b> The basis V = [v_0 .. v_{j-1}] is orthonormal and H V = V T + beta v_j
 * e_{j-1}^T, with T = V^T H V symmetric. Each Lanczos step applies H to the last vector,
 * removes the part T already predicts (alpha v_j + beta v_{j-1}, or after a restart the kept
 * vectors' couplings), then orthogonalizes the rest against every stored vector by classical
 * Gram-Schmidt, repeated while a pass removes more than 30% of the norm (Daniel, Gragg, Kaufman
 * and Stewart 1976; three passes at most). The first full pass meets only rounding-level
 * components and nearly always suffices, so a step streams the basis twice. The diagonal
 * coefficient of every pass is added to alpha; the other coefficients, rounding-level in exact
 * arithmetic, are dropped as in Wu and Simon's TRLan. When H v_j lies numerically in the span
 * (an invariant subspace), the coupling is zero and Lanczos goes on from a fresh random vector
 * orthogonal to the basis. The Ritz pairs (theta_i, V y_i) of T = Y Theta Y^T (a small dense
 * eigensolver: after a restart T is an arrowhead followed by a tridiagonal block) have residual
 * norms |beta Y_{j-1,i}|, known at no cost; they are tested after every step while the small
 * eigenproblem is cheap, so a cycle stops as soon as the targets have converged.
 *
 * <p><b>Restart.</b> When the basis holds m vectors and the targets have not converged, the L
 * most wanted Ritz vectors are kept, V &lt;- V Y_L, with L = targets + min(converged targets,
 * (m - targets) / 2) (ARPACK's rule, Lehoucq and Sorensen 1996); the residual vector v_m
 * becomes v_L, T becomes diag(theta_kept) bordered by the couplings s = beta Y_{m-1, kept}, and
 * Lanczos continues from v_L.
 *
 * <p><b>Convergence.</b> A Ritz pair counts as converged when its residual bound is at most
 * {@code tolerance * ||H||}, ||H|| estimated by the largest |Ritz value| met so far (a lower
 * bound that Lanczos makes accurate early, since the extreme Ritz values converge first).
 *
 * <p><b>Repeated eigenvalues.</b> In exact arithmetic a Krylov space holds one direction of
 * each eigenspace, so a single sequence converges to k pairs that may skip the second copy of a
 * repeated eigenvalue. With the check on, once the wanted pairs have converged they are locked
 * (their couplings, at most the tolerance, are set to zero: a backward error of that size,
 * Stewart 2001), every other vector is dropped, and Lanczos restarts from a fresh random vector
 * orthogonal to them. This phase must converge the wanted pairs again, and either the next one
 * at each wanted end (the sentinel, which from the fresh start converges to the largest
 * remaining eigenvalue, a missed copy included) or use as many products as the first phase
 * needed, whichever comes first (see {@code phaseDone}). If the wanted values moved by more
 * than the tolerance a new direction was found and another phase follows; otherwise the result
 * stands. So the check costs at most about as much again as the first phase. A residual bound
 * of a Ritz vector adds, over the basis vectors, |its coefficient| times the coupling dropped
 * from that vector when it was locked.
 *
 * <p><b>Result.</b> The wanted Ritz vectors are formed, normalized, and checked with one
 * product each: the reported eigenvalue is the Rayleigh quotient y'Hy of the unit vector y and
 * the residual ||Hy - (y'Hy) y|| is computed, not estimated.
 *
 * <p>Memory: m + 1 vectors of n doubles, in one arena closed before {@link #solve} returns or
 * throws. The vector work runs over {@link ChunkedVectors}, so results do not depend on the
 * thread count.
 */
public final class ThickRestartLanczos {

  /** Rounding unit 2^-53. */
  private static final double UNIT_ROUNDOFF = 0x1p-53;

  /** A Gram-Schmidt pass that keeps less than this fraction of the norm is repeated. */
  private static final double REPEAT_PASS = 0.7;

  /** Fresh random vectors tried before giving up on extending a numerically full basis. */
  private static final int FRESH_TRIES = 8;

  /**
   * What to compute.
   *
   * @param high wanted eigenvalues from the top of the spectrum
   * @param low wanted eigenvalues from the bottom
   * @param tolerance residual bound relative to the ||H|| estimate, in (0, 1)
   * @param maxMatvecs the most Lanczos products (the final checks add one per pair)
   * @param seed seed of the random start vectors
   * @param basisSize m, the most basis vectors (at most n; at least high + low + 2 unless n)
   * @param threads threads for the vector work
   * @param multiplicityCheck whether to verify from a fresh start (see the class comment)
   */
  public record Problem(int high, int low, double tolerance, long maxMatvecs, long seed,
      int basisSize, int threads, boolean multiplicityCheck) {

    public Problem {
      if (high < 0 || low < 0 || high + low < 1) {
        throw new IllegalArgumentException("high = " + high + ", low = " + low);
      }
      if (!(tolerance > 0 && tolerance < 1)) {
        throw new IllegalArgumentException("tolerance = " + tolerance);
      }
      if (maxMatvecs < high + low || threads < 1) {
        throw new IllegalArgumentException("maxMatvecs = " + maxMatvecs + ", threads = "
            + threads);
      }
    }

    int count() {
      return high + low;
    }
  }

  /**
   * The pairs, in the output order: descending eigenvalues, or ascending when only low ones
   * were asked for. Their unit vectors are in the caller's segment, vector q at double offset
   * q * n.
   *
   * @param values Rayleigh quotients of the returned unit vectors
   * @param residuals ||H y - value y||, computed with one product per vector
   * @param converged residual &lt;= tolerance * normEstimate
   * @param lanczosMatvecs products of the iteration, without the final checks
   * @param checkMatvecs products of the final residual checks (one per pair)
   * @param restarts thick restarts
   * @param phases Lanczos sequences started (1 + verification restarts)
   * @param normEstimate largest |Ritz value| met, a lower bound of ||H||
   * @param capReached whether the iteration stopped at maxMatvecs
   * @param matvecNanos time spent in the operator's products, the checks' included
   */
  public record Outcome(double[] values, double[] residuals, boolean[] converged,
      long lanczosMatvecs, long checkMatvecs, int restarts, int phases, double normEstimate,
      boolean capReached, long matvecNanos) {}

  private ThickRestartLanczos() {}

  /** Bytes of off-heap work memory {@link #solve} allocates: m + 1 vectors of n doubles. */
  public static long workBytes(long n, int m) {
    return Math.multiplyExact(Math.multiplyExact(m + 1L, n), (long) Double.BYTES);
  }

  /** The basis size used for n and a requested size: at most n. */
  public static int basisSize(long n, int requested) {
    return (int) Math.min(requested, n);
  }

  /**
   * Computes the pairs; their vectors go to {@code vectors} (at least count * n doubles).
   *
   * @throws NonFiniteValueException when a product is NaN or infinite
   * @throws IllegalStateException when the calling thread is interrupted (its status stays set)
   */
  public static Outcome solve(SymmetricOperator op, Problem problem, MemorySegment vectors) {
    long n = op.dimension();
    int m = basisSize(n, problem.basisSize());
    if (problem.count() > n || (m < n && m < problem.count() + 2)) {
      throw new IllegalArgumentException("basis size " + m + " for " + problem.count()
          + " pairs of n = " + n);
    }
    try (Arena arena = Arena.ofShared();
        ChunkedVectors ops = new ChunkedVectors(n, problem.threads())) {
      MemorySegment basis = OffHeap.allocateDoubles(arena, (m + 1L) * n);
      return new Run(op, problem, ops, basis, m, vectors).run();
    }
  }

  /** The state of one solve. */
  private static final class Run {
    private final SymmetricOperator op;
    private final Problem p;
    private final ChunkedVectors ops;
    private final MemorySegment basis;
    private final MemorySegment out;
    private final long n;
    private final int m;
    /** T = V^T H V, leading j x j block in use. */
    private final double[][] t;
    /** Per basis vector: coupling dropped when it (or what it is made of) was locked. */
    private double[] dropped;
    private final double[] h;
    private final double[] known;
    private final double[] pass;
    private int j;
    /** The coupling of v_{j-1} to the residual vector v_j: H V = V T + beta v_j e_{j-1}^T. */
    private double beta;
    /**
     * Right after a restart, before a step: the couplings s of every kept vector to the residual
     * vector (H V = V T + v_j s^T); null once a step has restored the Lanczos form.
     */
    private double[] border;
    private double normEstimate;
    private long matvecs;
    private long matvecNanos;
    private int restarts;
    private int phase;
    private long freshDraws;
    private boolean exhausted;
    private boolean capReached;
    /** Products at the start of the current phase. */
    private long phaseStart;
    /** Products a verification phase may use beyond converging the wanted pairs. */
    private long verificationBudget;
    /** Wanted values locked at the start of the current verification phase (wanted order). */
    private double[] locked;

    Run(SymmetricOperator op, Problem p, ChunkedVectors ops, MemorySegment basis, int m,
        MemorySegment out) {
      this.op = op;
      this.p = p;
      this.ops = ops;
      this.basis = basis;
      this.out = out;
      this.n = ops.dimension();
      this.m = m;
      this.t = new double[m][m];
      this.dropped = new double[m + 1];
      this.h = new double[m + 1];
      this.known = new double[m + 1];
      this.pass = new double[m + 1];
    }

    Outcome run() {
      if (!freshVector(0)) {
        throw new IllegalStateException("no start vector");
      }
      while (true) {
        expand();
        Ritz ritz = ritz();
        if (exhausted || capReached) {
          return finish(ritz);
        }
        if (phaseDone(ritz)) {
          int[] wanted = ritz.priority(p.high(), p.low());
          double[] values = new double[wanted.length];
          for (int q = 0; q < wanted.length; q++) {
            values[q] = ritz.values[wanted[q]];
          }
          boolean moved = locked == null || moved(values);
          if (!p.multiplicityCheck() || !moved || phase >= p.count() + 1
              || matvecs >= p.maxMatvecs()) {
            return finish(ritz);
          }
          if (phase == 0) {
            verificationBudget = matvecs;
          }
          lockAndRestartFresh(ritz, wanted, values);
          continue;
        }
        int[] targets = targets(ritz);
        int converged = convergedCount(ritz, targets);
        restart(ritz, targets, converged);
      }
    }

    /**
     * Whether the current phase is done: the wanted pairs have converged and, in a verification
     * phase, either the sentinel has too or the phase has used as many products as the first
     * phase needed. A copy the first phase missed, lambda* &gt;= theta_k, is separated from the
     * rest of the deflated operator by at least theta_k's gap in the first phase, and the fresh
     * start's component along it is distributed as the first start's was along the k-th
     * eigenvector, so within that many products it would have converged and entered the
     * wanted set; the sentinel itself may sit in a dense bulk and converge far more slowly.
     */
    private boolean phaseDone(Ritz ritz) {
      int[] wanted = ritz.priority(p.high(), p.low());
      if (convergedCount(ritz, wanted) < wanted.length) {
        return false;
      }
      if (phase == 0 || matvecs - phaseStart >= verificationBudget) {
        return true;
      }
      int[] targets = targets(ritz);
      return convergedCount(ritz, targets) == targets.length;
    }

    /**
     * The pairs that must converge, most wanted first: the wanted ones, and in a verification
     * phase also the next one at each wanted end (the sentinel).
     */
    private int[] targets(Ritz ritz) {
      boolean verifying = phase > 0;
      return ritz.priority(p.high() + (verifying && p.high() > 0 ? 1 : 0),
          p.low() + (verifying && p.low() > 0 ? 1 : 0));
    }

    private static int convergedCount(Ritz ritz, int[] targets) {
      int converged = 0;
      for (int i : targets) {
        if (ritz.converged(i)) {
          converged++;
        }
      }
      return converged;
    }

    /**
     * Whether to test convergence after a step that made the basis j vectors. A test solves
     * the j x j projected eigenproblem, about 10 j^3 flops; a step's vector work is about
     * 4 j n. Tests are spaced so that they cost at most twice the vector work of the steps
     * between them: every step while j^2 &lt;= 0.8 n (the usual case: a small basis, a long
     * vector), less often for a large basis on a short vector. By counts, not by time, so the
     * same seed gives the same result.
     */
    private boolean testNow() {
      if (j < p.count() + 1) {
        return false;
      }
      double test = 10.0 * j * j * j;
      double step = 4.0 * j * n;
      long interval = (long) Math.max(1, Math.ceil(test / (2 * step)));
      return j % interval == 0;
    }

    /** Whether a wanted value differs from the locked one at its place by more than tol ||H||. */
    private boolean moved(double[] values) {
      double slack = (p.tolerance() + 64 * UNIT_ROUNDOFF) * normEstimate;
      for (int q = 0; q < values.length; q++) {
        if (Math.abs(values[q] - locked[q]) > slack) {
          return true;
        }
      }
      return false;
    }

    // -----------------------------------------------------------------------------------------
    // Lanczos steps

    /** Lanczos steps until the basis holds m vectors, the space is exhausted or the cap hit. */
    private void expand() {
      while (j < m) {
        if (matvecs >= p.maxMatvecs()) {
          capReached = true;
          return;
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new IllegalStateException("interrupted after " + matvecs + " products; the "
              + "eigensolver stopped");
        }
        int w = j + 1;
        long started = System.nanoTime();
        ops.apply(op, basis, j, w);
        matvecNanos += System.nanoTime() - started;
        matvecs++;
        // The part T already knows first: w -= alpha v_j + beta v_{j-1}, or after a restart
        // w -= alpha v_j + sum s_i v_i over the kept vectors.
        double alpha = ops.dot(basis, j, w);
        if (!Double.isFinite(alpha)) {
          throw new NonFiniteValueException(-1, (int) Math.min(matvecs, Integer.MAX_VALUE),
              "the operator returned NaN or infinity (v'Hv = " + alpha + ")");
        }
        Arrays.fill(known, 0, j + 1, 0.0);
        known[j] = alpha;
        if (border != null) {
          System.arraycopy(border, 0, known, 0, j);
        } else if (j > 0) {
          known[j - 1] = beta;
        }
        ops.subtract(basis, j + 1, known, w);
        border = null;
        double threeTerm = ops.norm(basis, w);
        if (!Double.isFinite(threeTerm)) {
          throw new NonFiniteValueException(-1, (int) Math.min(matvecs, Integer.MAX_VALUE),
              "the operator returned NaN or infinity (||H v|| is not finite)");
        }
        // Then full reorthogonalization against every stored vector.
        Orthogonalization o = orthogonalize(w, j + 1, threeTerm, 1);
        alpha += o.coefficients[j];
        t[j][j] = alpha;
        normEstimate = Math.max(normEstimate, Math.abs(alpha));
        double hv = Math.max(Math.max(Math.abs(alpha), Math.abs(beta)), threeTerm);
        double coupling;
        boolean last = j + 1 == n;
        if (last || o.dependent
            || o.norm <= 64 * UNIT_ROUNDOFF * Math.max(hv, normEstimate)) {
          // H v_j lies in the span: an invariant subspace. Zero coupling; go on from a fresh
          // direction unless the basis already spans everything.
          if (last || !freshVector(w)) {
            beta = 0.0;
            j++;
            exhausted = true;
            return;
          }
          coupling = 0.0;
        } else {
          ops.scale(1.0 / o.norm, basis, w);
          coupling = o.norm;
        }
        dropped[w] = 0.0;
        j++;
        if (j < m) {
          t[j - 1][j] = coupling;
          t[j][j - 1] = coupling;
        }
        beta = coupling;
        if (j < m && testNow() && phaseDone(ritz())) {
          return;
        }
      }
    }

    private record Orthogonalization(double[] coefficients, double norm, boolean dependent) {}

    /**
     * Classical Gram-Schmidt of vector w against vectors 0..count-1: at least
     * {@code minPasses} passes, then another while the last kept less than 70% of the norm
     * (Daniel, Gragg, Kaufman and Stewart 1976), three at most; {@code dependent} when even the
     * third lost that much (w lies numerically in their span). Returns the summed coefficients
     * (in {@link #h}) and the final norm.
     */
    private Orthogonalization orthogonalize(int w, int count, double normBefore,
        int minPasses) {
      Arrays.fill(h, 0, count, 0.0);
      double before = normBefore;
      double after = normBefore;
      boolean dependent = false;
      for (int k = 1; k <= 3; k++) {
        ops.project(basis, count, w, pass);
        ops.subtract(basis, count, pass, w);
        for (int i = 0; i < count; i++) {
          h[i] += pass[i];
        }
        after = ops.norm(basis, w);
        if (!Double.isFinite(after)) {
          throw new NonFiniteValueException(-1, (int) Math.min(matvecs, Integer.MAX_VALUE),
              "NaN or infinity while orthogonalizing the product");
        }
        if (k >= minPasses && after >= REPEAT_PASS * before) {
          break;
        }
        if (k == 3) {
          dependent = true;
        }
        before = after;
      }
      return new Orthogonalization(h, after, dependent);
    }

    /**
     * Puts a random unit vector orthogonal to vectors 0..slot-1 in {@code slot}; false when
     * every try lies numerically in their span (they span everything).
     */
    private boolean freshVector(int slot) {
      for (int attempt = 0; attempt < FRESH_TRIES; attempt++) {
        uniform(ProbeSeeds.of(p.seed(), freshDraws++), basis, ops.offset(slot), n);
        double norm = ops.norm(basis, slot);
        ops.scale(1.0 / norm, basis, slot);
        if (slot == 0) {
          dropped[0] = 0.0;
          return true;
        }
        Orthogonalization o = orthogonalize(slot, slot, 1.0, 2);
        if (!o.dependent && o.norm > 1e-3) {
          ops.scale(1.0 / o.norm, basis, slot);
          dropped[slot] = 0.0;
          return true;
        }
      }
      return false;
    }

    // -----------------------------------------------------------------------------------------
    // Ritz pairs, restarts

    /** The Ritz pairs of the current T. */
    private final class Ritz {
      final int size;
      /** Ascending. */
      final double[] values;
      /** y[i][k]: component i of the eigenvector of values[k] (T's eigenvectors as columns). */
      final double[][] y;
      final double[] bound;

      Ritz() {
        size = j;
        DenseSymmetricEigen.Result r = DenseSymmetricEigen.decompose(t, size);
        values = r.values();
        y = new double[size][size];
        bound = new double[size];
        for (int k = 0; k < size; k++) {
          double[] v = r.vectors()[k];
          for (int i = 0; i < size; i++) {
            y[i][k] = v[i];
          }
        }
        for (int k = 0; k < size; k++) {
          double b = Math.abs(couplingTo(k));
          for (int i = 0; i < size; i++) {
            b += Math.abs(y[i][k]) * dropped[i];
          }
          bound[k] = b;
        }
        if (size > 0) {
          normEstimate = Math.max(normEstimate,
              Math.max(Math.abs(values[0]), Math.abs(values[size - 1])));
        }
      }

      /** The coupling of Ritz vector k to the residual vector: (border, or beta e_{j-1}) . y_k. */
      double couplingTo(int k) {
        if (border != null) {
          double s = 0.0;
          for (int i = 0; i < size; i++) {
            s += border[i] * y[i][k];
          }
          return s;
        }
        return size > 0 ? beta * y[size - 1][k] : 0.0;
      }

      boolean converged(int k) {
        return bound[k] <= p.tolerance() * normEstimate;
      }

      /**
       * Indices of the Ritz values, most wanted first: {@code top} from the top (descending)
       * and {@code bottom} from the bottom (ascending), then the rest alternating from the ends
       * that are wanted. Returns the first top + bottom (fewer if T is smaller).
       */
      int[] priority(int top, int bottom) {
        return order(top, bottom, Math.min(top + bottom, size));
      }

      int[] order(int top, int bottom, int count) {
        int[] o = new int[count];
        int hi = size - 1;
        int lo = 0;
        int q = 0;
        for (int a = 0; a < top && q < count && hi >= lo; a++) {
          o[q++] = hi--;
        }
        for (int a = 0; a < bottom && q < count && lo <= hi; a++) {
          o[q++] = lo++;
        }
        boolean fromTop = p.high() > 0;
        while (q < count && lo <= hi) {
          if (fromTop) {
            o[q++] = hi--;
          } else {
            o[q++] = lo++;
          }
          if (p.high() > 0 && p.low() > 0) {
            fromTop = !fromTop;
          }
        }
        return o;
      }
    }

    private Ritz ritz() {
      return new Ritz();
    }

    /**
     * Thick restart: keep the most wanted Ritz vectors (ARPACK's count), the residual vector
     * after them, T = diag(theta) bordered by the couplings.
     */
    private void restart(Ritz r, int[] targets, int convergedTargets) {
      int size = r.size;
      int keep = targets.length + Math.min(convergedTargets, (size - targets.length) / 2);
      keep = Math.max(1, Math.min(keep, size - 1));
      int[] kept = r.order(p.high() + (phase > 0 && p.high() > 0 ? 1 : 0),
          p.low() + (phase > 0 && p.low() > 0 ? 1 : 0), keep);
      ops.rotate(basis, size, r.y, kept);
      double[] newDropped = new double[m + 1];
      for (int c = 0; c < keep; c++) {
        double d = 0.0;
        for (int i = 0; i < size; i++) {
          d += Math.abs(r.y[i][kept[c]]) * dropped[i];
        }
        newDropped[c] = d;
      }
      ops.copy(basis, size, basis, keep);
      dropped = newDropped;
      clearT();
      double[] couplings = new double[keep];
      for (int c = 0; c < keep; c++) {
        couplings[c] = r.couplingTo(kept[c]);
      }
      border = couplings;
      for (int c = 0; c < keep; c++) {
        double s = couplings[c];
        t[c][c] = r.values[kept[c]];
        t[c][keep] = s;
        t[keep][c] = s;
      }
      j = keep;
      restarts++;
    }

    /**
     * Ends a phase: the wanted Ritz vectors become the first basis vectors with their couplings
     * dropped (and remembered in {@link #dropped}), everything else goes, and Lanczos starts
     * again from a fresh random vector orthogonal to them.
     */
    private void lockAndRestartFresh(Ritz r, int[] wanted, double[] values) {
      int size = r.size;
      int keep = wanted.length;
      ops.rotate(basis, size, r.y, wanted);
      double[] newDropped = new double[m + 1];
      for (int c = 0; c < keep; c++) {
        double d = Math.abs(r.couplingTo(wanted[c]));
        for (int i = 0; i < size; i++) {
          d += Math.abs(r.y[i][wanted[c]]) * dropped[i];
        }
        newDropped[c] = d;
      }
      dropped = newDropped;
      clearT();
      for (int c = 0; c < keep; c++) {
        t[c][c] = r.values[wanted[c]];
      }
      j = keep;
      beta = 0.0;
      border = new double[keep];
      locked = values;
      phase++;
      phaseStart = matvecs;
      if (!freshVector(keep)) {
        // The kept vectors span everything: nothing can be missing.
        exhausted = true;
      }
    }

    private void clearT() {
      for (double[] row : t) {
        Arrays.fill(row, 0.0);
      }
    }

    // -----------------------------------------------------------------------------------------
    // Result

    private Outcome finish(Ritz r) {
      int[] wanted = r.priority(p.high(), p.low());
      int count = wanted.length;
      for (int q = 0; q < count; q++) {
        ops.combineInto(basis, r.size, r.y, wanted[q], out, q);
      }
      // The basis is no longer needed: slots 0 and 1 are scratch for the checks.
      double[] values = new double[count];
      double[] residuals = new double[count];
      for (int q = 0; q < count; q++) {
        double norm = ops.norm(out, q);
        ops.scale(1.0 / norm, out, q);
        ops.copy(out, q, basis, 0);
        long started = System.nanoTime();
        ops.apply(op, basis, 0, 1);
        matvecNanos += System.nanoTime() - started;
        double theta = ops.dot(basis, 0, 1);
        ops.axpy(-theta, basis, 0, 1);
        double residual = ops.norm(basis, 1);
        if (!Double.isFinite(theta) || !Double.isFinite(residual)) {
          throw new NonFiniteValueException(-1, 0, "the operator returned NaN or infinity in "
              + "the residual check of eigenpair " + q);
        }
        values[q] = theta;
        residuals[q] = residual;
        normEstimate = Math.max(normEstimate, Math.abs(theta));
      }
      sortPairs(values, residuals, p.high() == 0);
      boolean[] converged = new boolean[count];
      for (int q = 0; q < count; q++) {
        converged[q] = residuals[q] <= p.tolerance() * normEstimate;
      }
      return new Outcome(values, residuals, converged, matvecs, count, restarts, phase + 1,
          normEstimate, capReached, matvecNanos);
    }

    /**
     * Sorts the pairs (descending, or ascending), moving the vectors with them: the Rayleigh
     * quotients can reorder Ritz values that agree to rounding.
     */
    private void sortPairs(double[] values, double[] residuals, boolean ascending) {
      int count = values.length;
      for (int a = 0; a < count; a++) {
        int best = a;
        for (int b = a + 1; b < count; b++) {
          if (ascending ? values[b] < values[best] : values[b] > values[best]) {
            best = b;
          }
        }
        if (best != a) {
          swap(values, a, best);
          swap(residuals, a, best);
          ops.copy(out, a, basis, 0);
          ops.copy(out, best, out, a);
          ops.copy(basis, 0, out, best);
        }
      }
    }

    private static void swap(double[] x, int a, int b) {
      double s = x[a];
      x[a] = x[b];
      x[b] = s;
    }
  }

  /**
   * Fills x[offset .. offset + n) with independent uniform draws on [-1, 1) from SplittableRandom
   * (specified output, the same on every JVM). A continuous distribution: the vector is
   * orthogonal to a given direction with probability zero.
   */
  static void uniform(long seed, MemorySegment x, long offset, long n) {
    SplittableRandom random = new SplittableRandom(seed);
    for (long i = 0; i < n; i++) {
      x.setAtIndex(JAVA_DOUBLE, offset + i, 2.0 * random.nextDouble() - 1.0);
    }
  }
}
