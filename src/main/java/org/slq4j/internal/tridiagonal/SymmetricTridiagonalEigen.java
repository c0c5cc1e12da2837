package org.slq4j.internal.tridiagonal;

import org.slq4j.NoConvergenceException;
/**
 * Eigenvalues and eigenvectors of a real symmetric tridiagonal matrix T by the QL algorithm
 * with Wilkinson shifts (Bowdler, Martin, Reinsch and Wilkinson 1968, "The QR and QL algorithms
 * for symmetric matrices", Numer. Math. 12, the EISPACK tql1/tql2 routines; Golub and Van Loan,
 * Matrix Computations, 4th ed., section 8.3), each sweep's serial recurrence evaluated without
 * square roots on its critical path as in the Pal-Walker-Kahan QL of LAPACK dsterf (Parlett, The
 * Symmetric Eigenvalue Problem, section 8.15), the rotations recovered off that path.
 *
 * <p>T has diagonal {@code diagonal[0..m-1]} and off-diagonal {@code offDiagonal[0..m-2]}
 * ({@code offDiagonal[i]} couples rows i and i + 1). Inputs are never modified.
 *
 * <p>Two modes:
 * <ul>
 *   <li>{@link #gaussRule} (Golub and Welsch 1969, "Calculation of Gauss quadrature rules", Math.
 *       Comp. 23): only the first row of the eigenvector matrix is rotated along the QL sweeps, so
 *       the eigenvalues and the squared first eigenvector components cost O(m^2) time and O(m)
 *       memory. This is the mode Stochastic Lanczos Quadrature needs.
 *   <li>{@link #eigensystem}: every eigenvector, O(m^3) time and O(m^2) memory.
 * </ul>
 *
 * <p>Numerical details, after LAPACK dsteqr:
 * <ul>
 *   <li>An off-diagonal entry is set to zero (the matrix splits) when
 *       {@code |e_i| <= u |d_i| + u |d_(i+1)|}, u = 2^-53 the unit roundoff; the perturbation is
 *       below the rounding level of the neighbouring diagonal entries.
 *   <li>Each unreduced block whose largest entry lies outside [2^-100, 2^100] is scaled by a power
 *       of two (exact) so that it lies in [1, 2), iterated on, and its eigenvalues scaled back: no
 *       overflow of the squares and products of squares the root-free recurrence forms, no
 *       underflow of the squares that build the rotations for entries near 1e-300.
 *   <li>Per block, QL chases from the end with the larger diagonal magnitude towards the smaller
 *       (QL or QR as dsteqr chooses), implemented by reversing the block, which keeps graded
 *       matrices accurate.
 *   <li>At most 30 m QL iterations in total (LAPACK's cap); reaching the cap throws
 *       {@link NoConvergenceException}, never a wrong answer.
 * </ul>
 */
public final class SymmetricTridiagonalEigen {

  /** LAPACK's MAXIT: average QL iterations allowed per eigenvalue. */
  static final int DEFAULT_MAX_ITERATIONS_PER_EIGENVALUE = 30;

  /** Unit roundoff 2^-53. */
  static final double UNIT_ROUNDOFF = 0x1p-53;

  /** Blocks whose largest entry lies outside [SCALE_MIN, SCALE_MAX] are scaled into [1, 2). */
  private static final double SCALE_MIN = 0x1p-100;
  private static final double SCALE_MAX = 0x1p100;

  /** The QL step is root-free while P = pi^2 >= ROOT_FREE_MIN and r^2 P <= ROOT_FREE_MAX. */
  private static final double ROOT_FREE_MIN = 0x1p-300;
  private static final double ROOT_FREE_MAX = 0x1p900;

  private SymmetricTridiagonalEigen() {}

  /**
   * Gauss quadrature rule of T (Golub-Welsch mode): eigenvalues ascending and the squared first
   * components of the normalized eigenvectors, in O(m^2) time and O(m) memory.
   *
   * <p>The weights are renormalized by their sum s = sum_k z_k^2, which differs from 1 only by
   * the rounding of the rotations; |s - 1| is checked to be at most 16 u (sweeps + m) (about 6e-12
   * at m = 1000; observed deviations stay below 0.6 u (sweeps + m), e.g. 2e-14 at m = 4000) and an
   * {@link IllegalStateException} is thrown otherwise, so renormalization can never hide an
   * error.
   *
   * @param diagonal the m diagonal entries, m >= 0
   * @param offDiagonal the m - 1 off-diagonal entries (empty when m = 0)
   * @throws IllegalArgumentException if an array is null, the lengths do not match or an entry is
   *     NaN or infinite
   * @throws NoConvergenceException if the iteration cap is reached
   */
  public static GaussRule gaussRule(double[] diagonal, double[] offDiagonal) {
    return gaussRule(diagonal, offDiagonal, DEFAULT_MAX_ITERATIONS_PER_EIGENVALUE);
  }

  /** {@link #gaussRule(double[], double[])} with a settable cap, for tests of the failure path. */
  static GaussRule gaussRule(double[] diagonal, double[] offDiagonal, int maxIterationsPerEig) {
    validate(diagonal, offDiagonal);
    int m = diagonal.length;
    double[] d = diagonal.clone();
    double[] e = workOffDiagonal(offDiagonal, m);
    double[] z = new double[m];
    if (m > 0) {
      z[0] = 1.0;
    }
    long sweeps = diagonalize(d, e, z, null, maxIterationsPerEig);
    int[] order = ascendingOrder(d);
    double[] nodes = new double[m];
    double[] first = new double[m];
    for (int k = 0; k < m; k++) {
      nodes[k] = d[order[k]];
      first[k] = z[order[k]];
    }
    return new GaussRule(nodes, weights(first, sweeps));
  }

  /**
   * All eigenvalues (ascending) and normalized eigenvectors of T, O(m^3) time, O(m^2) memory.
   *
   * <p>Each eigenvector is divided by its computed 2-norm (a rounding-level correction, checked
   * like the weights of {@link #gaussRule}) and signed so that its first nonzero component is
   * positive.
   *
   * @param diagonal the m diagonal entries, m >= 0
   * @param offDiagonal the m - 1 off-diagonal entries (empty when m = 0)
   * @throws IllegalArgumentException if an array is null, the lengths do not match or an entry is
   *     NaN or infinite
   * @throws NoConvergenceException if the iteration cap is reached
   */
  public static Eigensystem eigensystem(double[] diagonal, double[] offDiagonal) {
    return eigensystem(diagonal, offDiagonal, DEFAULT_MAX_ITERATIONS_PER_EIGENVALUE);
  }

  /** {@link #eigensystem(double[], double[])} with a settable cap. */
  static Eigensystem eigensystem(double[] diagonal, double[] offDiagonal,
      int maxIterationsPerEig) {
    validate(diagonal, offDiagonal);
    int m = diagonal.length;
    double[] d = diagonal.clone();
    double[] e = workOffDiagonal(offDiagonal, m);
    // vectors[k] is column k of the accumulated rotation matrix Z (T = Z diag(d) Z^T), stored
    // contiguously so that one rotation is a unit-stride loop over two arrays.
    double[][] vectors = new double[m][m];
    for (int k = 0; k < m; k++) {
      vectors[k][k] = 1.0;
    }
    long sweeps = diagonalize(d, e, null, vectors, maxIterationsPerEig);
    int[] order = ascendingOrder(d);
    double[] values = new double[m];
    double[] first = new double[m];
    double[][] sorted = new double[m][];
    for (int k = 0; k < m; k++) {
      values[k] = d[order[k]];
      double[] v = vectors[order[k]];
      first[k] = v[0];
      normalize(v, sweeps);
      fixSign(v);
      sorted[k] = v;
    }
    // The rule comes from the unnormalized first row, exactly as in Golub-Welsch mode.
    GaussRule rule = new GaussRule(values.clone(), weights(first, sweeps));
    return new Eigensystem(values, sorted, rule);
  }

  // ---------------------------------------------------------------------------------------------
  // Validation and set-up

  private static void validate(double[] diagonal, double[] offDiagonal) {
    if (diagonal == null) {
      throw new IllegalArgumentException("diagonal must not be null");
    }
    if (offDiagonal == null) {
      throw new IllegalArgumentException("offDiagonal must not be null");
    }
    int expected = Math.max(diagonal.length - 1, 0);
    if (offDiagonal.length != expected) {
      throw new IllegalArgumentException("offDiagonal.length must be diagonal.length - 1 = "
          + expected + " (or 0 when diagonal is empty), was " + offDiagonal.length);
    }
    checkFinite("diagonal", diagonal);
    checkFinite("offDiagonal", offDiagonal);
  }

  private static void checkFinite(String name, double[] a) {
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] = " + a[i] + " is not finite");
      }
    }
  }

  /** Off-diagonal working copy of length m: e[i] couples i and i + 1, e[m - 1] is scratch. */
  private static double[] workOffDiagonal(double[] offDiagonal, int m) {
    double[] e = new double[m];
    System.arraycopy(offDiagonal, 0, e, 0, offDiagonal.length);
    return e;
  }

  // ---------------------------------------------------------------------------------------------
  // The iteration

  /** True when |e| is below the rounding level of its two diagonal neighbours (overflow-safe). */
  private static boolean negligible(double e, double a, double b) {
    return Math.abs(e) <= UNIT_ROUNDOFF * Math.abs(a) + UNIT_ROUNDOFF * Math.abs(b);
  }

  /**
   * Diagonalizes T in place: on return d holds the eigenvalues (unsorted) and e is overwritten.
   * Exactly one of z (the first row of Z, Golub-Welsch) and vectors (the columns of Z) is
   * non-null. Splits T into unreduced blocks and treats each one by itself (dsteqr's outer loop).
   *
   * @return the number of QL iterations (sweeps) done
   */
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

  /** Power of two bringing the block's largest entry into [1, 2), or 0 if it is in range. */
  private static int scalingExponent(double[] d, double[] e, int lo, int hi) {
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

  /** Applies the reversal permutation to the block: T <- P T P^T, Z <- Z P^T. */
  private static void reverse(double[] d, double[] e, double[] z, double[][] vectors, int lo,
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

  /**
   * QL with Wilkinson shifts on the unreduced block [lo, hi] (tql2 structure): for each l from the
   * top, find the first negligible off-diagonal at or below l; while there is none at l, chase one
   * shifted QL step from that split point up to l and apply its rotations to z (first row of Z)
   * or to the columns of Z restricted to the block rows [lo, hi].
   *
   * @return the updated total number of sweeps
   */
  private static long qlBlock(double[] d, double[] e, double[] z, double[][] vectors, int lo,
      int hi, long sweepsSoFar, long cap) {
    long sweeps = sweepsSoFar;
    // The rotations are recorded only when the columns of Z are accumulated.
    double[] cosines = vectors != null ? new double[hi + 1] : null;
    double[] sines = vectors != null ? new double[hi + 1] : null;
    // The first negligible off-diagonal after l, when the last sweep has found it (else -1).
    int known = -1;
    for (int l = lo; l <= hi; l++) {
      int iterations = 0;
      int mm = known;
      if (mm < l) {
        mm = l;
        while (mm < hi && !negligible(e[mm], d[mm], d[mm + 1])) {
          mm++;
        }
      }
      known = -1;
      while (mm != l) { // until d[l] has converged
        if (sweeps >= cap) {
          throw new NoConvergenceException(l, d.length, iterations, sweeps, cap);
        }
        iterations++;
        sweeps++;
        // The sweep tests the off-diagonals it produces: split is the first negligible one in
        // (l, mm], exactly what the scan from l + 1 would find, so no scan is repeated.
        int split = qlSweep(d, e, z, cosines, sines, l, mm);
        if (vectors != null) {
          // Rotations mm-1 down to l were applied to T; apply the same to the columns of Z.
          for (int i = mm - 1; i >= l; i--) {
            rotate(vectors[i], vectors[i + 1], cosines[i], sines[i], lo, hi + 1);
          }
        }
        if (negligible(e[l], d[l], d[l + 1])) {
          known = split;
          break;
        }
        mm = split;
      }
    }
    return sweeps;
  }

  /**
   * One explicitly shifted QL sweep on the unreduced part [l, mm] (EISPACK tql1/tql2, Golub and
   * Van Loan, section 8.3, mirrored for QL), its recurrence evaluated root-free on the critical
   * path in the manner of the Pal-Walker-Kahan QL of LAPACK dsterf. The shift sigma is the
   * eigenvalue of the leading 2 x 2 block nearer to d[l] (Wilkinson). Rotation i, acting on rows i
   * and i + 1, is applied at once to z when z is non-null (Golub-Welsch) and recorded as
   * (cosines[i], sines[i]) when those are non-null (full mode).
   *
   * <p>The step. With pi the entry the rotation annihilates against e_i (pi = d[mm] - sigma at the
   * start, tql1's p): r = hypot(pi, e_i), c = pi / r, s = e_i / r; the next pi' = c (d_i - sigma)
   * - s c_prev e_i and gamma = c pi'. The new off-diagonal is e_(i+1) = s_prev r and the new
   * diagonal d_(i+1) - p_prev + p with p = s^2 (d_i - sigma + gamma_prev), a small correction as
   * in the implicit QL (tql1's d_(i+1) = gamma_prev + d_i - gamma, which dsterf also uses, gave
   * 1.2-2.5 times larger eigenvalue errors on zero-diagonal and random matrices). At the end
   * e_l = s pi and d_l = d_l - p.
   *
   * <p>Root-free evaluation. The serial dependence runs through P = pi^2 only: with R = P + e_i^2
   * (= r^2) and Q = 1 / (R P),
   * <pre>
   *   N = P (d_i - sigma) - e_i^2 gamma_prev   (= R gamma),   gamma = N P Q,   P' = N^2 Q,
   * </pre>
   * so one step costs an addition, a multiplication, a division and a multiplication in series
   * (P -> R -> R P -> Q -> P') instead of a square root followed by a division. The rotation, needed
   * only for z and the eigenvectors, comes off that path from one square root, sqrt(Q) =
   * 1 / (r |pi|): with w = sqrt(Q) signed like pi, 1/r = pi w, c = P w, s = e_i / r, r = R / r and
   * the signed pi' = N w. This makes the sweep about 1.3 times faster than the implicit QL step
   * (imtql2) used before, at comparable accuracy: root-mean-square eigenvalue errors, measured
   * against BigDecimal bisection on Hermite, Legendre, Lanczos and random matrices, within 20%
   * of the implicit step's (a few eps ||T|| in both).
   *
   * <p>Range. The root-free step is taken while P >= 2^-300 and R P <= 2^900; blocks are scaled so
   * that |entries| <= 2^100, which bounds |pi| by about 2^102 and keeps N^2 finite. Then Q is a
   * normal number, and P' is accurate whenever P' >= 2^-300 (N^2 cannot have underflowed there,
   * as Q <= 2^600). Otherwise (pi tiny or zero) the step is the textbook one from the signed pi,
   * which both forms carry; r > 0 there because e_i is not negligible, hence not zero.
   *
   * @return the smallest j in (l, mm] with e[j] negligible after the sweep (mm, where e[mm] = 0,
   *     if no other): each new e_(i+1) is tested as soon as its two diagonal neighbours are final
   */
  private static int qlSweep(double[] d, double[] e, double[] z, double[] cosines,
      double[] sines, int l, int mm) {
    double el = e[l];
    double g = (d[l + 1] - d[l]) / (2.0 * el);
    // |g| <= 1/(4u) unless d[l] = d[l+1]; the guard only keeps g * g finite in every case.
    double root = Math.abs(g) < 0x1p500 ? Math.sqrt(g * g + 1.0) : Math.abs(g);
    double sigma = d[l] - el / (g + Math.copySign(root, g));
    double pi = d[mm] - sigma;
    double pp = pi * pi;
    double gamma = pi; // gamma = c pi with c = 1 before the first rotation
    double p = 0.0;
    double c = 1.0;
    double s = 0.0;
    // d[i + 1] and the new z[i + 1] of the previous step, carried in registers.
    double dNext = d[mm];
    double zNext = z != null ? z[mm] : 0.0;
    double dUpper = 0.0; // the new d[i + 2]
    int split = mm;
    for (int i = mm - 1; i >= l; i--) {
      double ei = e[i];
      double bb = ei * ei;
      double alpha = d[i];
      double shifted = alpha - sigma;
      double rr = pp + bb;
      double rp = rr * pp;
      double r;
      double cNew;
      double sNew;
      double piNew;
      double gammaNew;
      double ppNew;
      double correction;
      if (pp >= ROOT_FREE_MIN && rp <= ROOT_FREE_MAX) {
        double q = 1.0 / rp;
        double n = Math.fma(pp, shifted, -bb * gamma);
        double rrInverse = pp * q;
        gammaNew = n * rrInverse;
        correction = bb * rrInverse * (shifted + gamma);
        ppNew = n * n * q;
        double w = Math.copySign(Math.sqrt(q), pi); // 1 / (r pi)
        double rInverse = pi * w;
        cNew = pp * w;
        sNew = ei * rInverse;
        r = rr * rInverse;
        piNew = n * w;
      } else {
        r = Math.hypot(pi, ei);
        cNew = pi / r;
        sNew = ei / r;
        piNew = cNew * shifted - sNew * (c * ei);
        gammaNew = cNew * piNew;
        ppNew = piNew * piNew;
        correction = sNew * sNew * (shifted + gamma);
      }
      double eNew = s * r; // s = 0 at i = mm - 1: e[mm] stays zero
      double dNew = (dNext - p) + correction;
      e[i + 1] = eNew;
      d[i + 1] = dNew;
      if (i < mm - 1 && negligible(eNew, dNew, dUpper)) {
        split = i + 1;
      }
      dUpper = dNew;
      dNext = alpha;
      p = correction;
      c = cNew;
      s = sNew;
      pi = piNew;
      pp = ppNew;
      gamma = gammaNew;
      if (cosines != null) {
        cosines[i] = c;
        sines[i] = s;
      }
      if (z != null) {
        double zi = z[i];
        z[i + 1] = s * zi + c * zNext;
        zNext = c * zi - s * zNext;
      }
    }
    if (z != null) {
      z[l] = zNext;
    }
    e[l] = s * pi;
    d[l] = dNext - p;
    e[mm] = 0.0;
    return split;
  }

  /** (a, b) <- (c a - s b, s a + c b) on [from, to): unit stride, auto-vectorized by C2. */
  private static void rotate(double[] a, double[] b, double c, double s, int from, int to) {
    for (int k = from; k < to; k++) {
      double ak = a[k];
      double bk = b[k];
      b[k] = s * ak + c * bk;
      a[k] = c * ak - s * bk;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Output

  /**
   * Weights w_k = z_k^2 / s from the first-row components z, s = sum z_k^2 (Neumaier-compensated).
   * Every rotation keeps the 2-norm of z up to about 6 u of its pair's mass, so a sweep changes
   * s by at most about 12 u; |s - 1| > 16 u (sweeps + m) therefore means a bug, not rounding.
   */
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

  /**
   * Divides v by its 2-norm, which differs from 1 only by the rounding of the rotations (same
   * bound as {@link #weights}); a larger deviation throws instead of being hidden.
   */
  private static void normalize(double[] v, long sweeps) {
    double sum = 0.0;
    for (double x : v) {
      sum += x * x;
    }
    double tolerance = 16.0 * UNIT_ROUNDOFF * (sweeps + v.length);
    if (!(Math.abs(sum - 1.0) <= tolerance)) {
      throw new IllegalStateException("eigenvector norm^2 " + sum + " deviates from 1 by more "
          + "than the rounding bound " + tolerance + ": the rotations lost orthogonality");
    }
    double scale = 1.0 / Math.sqrt(sum);
    for (int i = 0; i < v.length; i++) {
      v[i] *= scale;
    }
  }

  /** Makes the first nonzero component positive (eigenvectors are defined up to sign). */
  private static void fixSign(double[] v) {
    for (double x : v) {
      if (x != 0.0) {
        if (x < 0.0) {
          for (int i = 0; i < v.length; i++) {
            v[i] = -v[i];
          }
        }
        return;
      }
    }
  }

  /** Indices that sort d ascending (stable merge sort; equal values keep their order). */
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
