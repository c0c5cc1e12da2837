package org.slq4j.internal.tridiagonal;

/**
 * The state of one QL diagonalization of a symmetric tridiagonal T and its named small steps,
 * driven by {@link SymmetricTridiagonalEigen}: the deflation test, the power-of-two scaling and
 * the reversal of an unreduced block, the Wilkinson shift, the rotation sweep that chases the
 * bulge, and the application of the sweep's rotations to the eigenvector columns.
 *
 * <p>The state is d (diagonal, becoming the eigenvalues), e (off-diagonal, e[i] couples rows i
 * and i + 1, e[m - 1] scratch) and exactly one of z (the first row of the accumulated rotation
 * matrix Z, Golub-Welsch mode) and vectors (the columns of Z, stored contiguously so that one
 * rotation is a unit-stride loop over two arrays).
 */
final class QlHelper {

  /** Blocks whose largest entry lies outside [SCALE_MIN, SCALE_MAX] are scaled into [1, 2). */
  private static final double SCALE_MIN = 0x1p-100;
  private static final double SCALE_MAX = 0x1p100;

  /** The QL step is root-free while P = pi^2 >= ROOT_FREE_MIN and r^2 P <= ROOT_FREE_MAX. */
  private static final double ROOT_FREE_MIN = 0x1p-300;
  private static final double ROOT_FREE_MAX = 0x1p900;

  final double[] d;
  final double[] e;
  private final double[] z;
  private final double[][] vectors;
  /** The rotations of the last sweep, recorded only when the columns of Z are accumulated. */
  private final double[] cosines;
  private final double[] sines;

  /** Over d and e (modified in place) and exactly one non-null of z and vectors. */
  QlHelper(double[] d, double[] e, double[] z, double[][] vectors) {
    this.d = d;
    this.e = e;
    this.z = z;
    this.vectors = vectors;
    this.cosines = vectors != null ? new double[d.length] : null;
    this.sines = vectors != null ? new double[d.length] : null;
  }

  // ---------------------------------------------------------------------------------------------
  // Deflation test

  /** True when |e| is below the rounding level of its two diagonal neighbours (overflow-safe). */
  static boolean negligible(double e, double a, double b) {
    return Math.abs(e) <= SymmetricTridiagonalEigen.UNIT_ROUNDOFF * Math.abs(a)
        + SymmetricTridiagonalEigen.UNIT_ROUNDOFF * Math.abs(b);
  }

  /** True when T splits between rows i and i + 1. */
  boolean splitsAt(int i) {
    return negligible(e[i], d[i], d[i + 1]);
  }

  /** The first i in [from, last) where T splits, or last if there is none. */
  int nextSplit(int from, int last) {
    int i = from;
    while (i < last && !splitsAt(i)) {
      i++;
    }
    return i;
  }

  // ---------------------------------------------------------------------------------------------
  // Block set-up

  /** Power of two bringing the block's largest entry into [1, 2), or 0 if it is in range. */
  int scalingExponent(int lo, int hi) {
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

  /** Multiplies the block's entries by 2^exponent (exact). */
  void scale(int lo, int hi, int exponent) {
    for (int i = lo; i <= hi; i++) {
      d[i] = Math.scalb(d[i], exponent);
    }
    for (int i = lo; i < hi; i++) {
      e[i] = Math.scalb(e[i], exponent);
    }
  }

  /** Multiplies the block's eigenvalues by 2^-exponent (exact). */
  void unscale(int lo, int hi, int exponent) {
    for (int i = lo; i <= hi; i++) {
      d[i] = Math.scalb(d[i], -exponent);
    }
  }

  /** Applies the reversal permutation to the block: T <- P T P^T, Z <- Z P^T. */
  void reverse(int lo, int hi) {
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

  // ---------------------------------------------------------------------------------------------
  // One QL iteration

  /** The eigenvalue of the 2 x 2 block at rows l, l + 1 nearer to d[l] (Wilkinson's shift). */
  double wilkinsonShift(int l) {
    double el = e[l];
    double g = (d[l + 1] - d[l]) / (2.0 * el);
    // |g| <= 1/(4u) unless d[l] = d[l+1]; the guard only keeps g * g finite in every case.
    double root = Math.abs(g) < 0x1p500 ? Math.sqrt(g * g + 1.0) : Math.abs(g);
    return d[l] - el / (g + Math.copySign(root, g));
  }

  /**
   * One explicitly shifted QL sweep with shift sigma on the unreduced part [l, mm] (EISPACK
   * tql1/tql2, Golub and Van Loan, section 8.3, mirrored for QL), its recurrence evaluated
   * root-free on the critical path in the manner of the Pal-Walker-Kahan QL of LAPACK dsterf.
   * Rotation i, acting on rows i and i + 1, is applied at once to z when {@code firstRow} and z
   * is non-null (Golub-Welsch; split-off blocks other than the first have zero first-row
   * components) and recorded for {@link #rotateVectors} in full mode.
   *
   * <p>The step. With pi the entry the rotation annihilates against e_i (pi = d[mm] - sigma at the
   * start, tql1's p): r = hypot(pi, e_i), c = pi / r, s = e_i / r; the next pi' = c (d_i - sigma)
   * - s c_prev e_i and gamma = c pi'. The new off-diagonal is e_(i+1) = s_prev r and the new
   * diagonal d_(i+1) - p_prev + p with p = s^2 (d_i - sigma + gamma_prev), a small correction as
   * in the implicit QL (tql1's d_(i+1) = gamma_prev + d_i - gamma, which dsterf also uses, gives
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
   * (EISPACK imtql2) at comparable accuracy (see BENCHMARKS.md): root-mean-square eigenvalue
   * errors against BigDecimal bisection on Hermite, Legendre, Lanczos and random matrices are
   * within 20% of the implicit step's (a few eps ||T|| in both).
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
  int sweep(int l, int mm, double sigma, boolean firstRow) {
    double[] d = this.d;
    double[] e = this.e;
    double[] z = firstRow ? this.z : null;
    double[] cosines = this.cosines;
    double[] sines = this.sines;
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

  /**
   * Applies the last sweep's rotations mm-1 down to l, which acted on T, to the columns of Z
   * restricted to the block rows [lo, hi]; nothing in Golub-Welsch mode.
   */
  void rotateVectors(int l, int mm, int lo, int hi) {
    if (vectors == null) {
      return;
    }
    for (int i = mm - 1; i >= l; i--) {
      rotate(vectors[i], vectors[i + 1], cosines[i], sines[i], lo, hi + 1);
    }
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
}
