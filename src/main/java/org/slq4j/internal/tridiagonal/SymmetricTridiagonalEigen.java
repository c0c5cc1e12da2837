package org.slq4j.internal.tridiagonal;

import static org.slq4j.internal.tridiagonal.EigenOutput.ascendingOrder;
import static org.slq4j.internal.tridiagonal.EigenOutput.fixSign;
import static org.slq4j.internal.tridiagonal.EigenOutput.normalize;
import static org.slq4j.internal.tridiagonal.EigenOutput.weights;

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
 *
 * <p>This class is the driver: the entry points, the split into unreduced blocks and the
 * per-eigenvalue iteration with its cap. The state and the small steps (deflation test, scaling,
 * reversal, shift, rotation sweep) live in {@link QlHelper}, the sorting and the checked
 * normalization of the output in {@link EigenOutput}.
 */
public final class SymmetricTridiagonalEigen {

  /** LAPACK's MAXIT: average QL iterations allowed per eigenvalue. */
  static final int DEFAULT_MAX_ITERATIONS_PER_EIGENVALUE = 30;

  /** Unit roundoff 2^-53. */
  static final double UNIT_ROUNDOFF = 0x1p-53;

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
    // vectors[k] is column k of the accumulated rotation matrix Z (T = Z diag(d) Z^T).
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

  /**
   * Diagonalizes T in place: on return d holds the eigenvalues (unsorted) and e is overwritten.
   * Exactly one of z (the first row of Z, Golub-Welsch) and vectors (the columns of Z) is
   * non-null. Splits T into unreduced blocks and treats each one by itself (dsteqr's outer loop).
   *
   * @return the number of QL iterations (sweeps) done
   */
  static long diagonalize(double[] d, double[] e, double[] z, double[][] vectors,
      int maxIterationsPerEig) {
    QlHelper ql = new QlHelper(d, e, z, vectors);
    int n = d.length;
    long cap = (long) maxIterationsPerEig * n;
    long sweeps = 0;
    int lo = 0;
    while (lo < n) {
      int hi = ql.nextSplit(lo, n - 1);
      if (hi < n - 1) {
        e[hi] = 0.0;
      }
      if (hi == lo) {
        lo++;
        continue;
      }
      int exponent = ql.scalingExponent(lo, hi);
      if (exponent != 0) {
        ql.scale(lo, hi, exponent);
      }
      // QL deflates at the top: put the end of smaller magnitude there (dsteqr's QL/QR choice).
      if (Math.abs(d[hi]) < Math.abs(d[lo])) {
        ql.reverse(lo, hi);
      }
      sweeps = qlBlock(ql, lo, hi, sweeps, cap);
      if (exponent != 0) {
        ql.unscale(lo, hi, exponent);
      }
      lo = hi + 1;
    }
    return sweeps;
  }

  /**
   * QL with Wilkinson shifts on the unreduced block [lo, hi] (tql2 structure): for each l from the
   * top, find the first negligible off-diagonal at or below l; while there is none at l, chase one
   * shifted QL step from that split point up to l and apply its rotations to z (first row of Z,
   * only in the first block: split-off blocks other than the first have zero first-row
   * components) or to the columns of Z restricted to the block rows [lo, hi].
   *
   * @return the updated total number of sweeps
   * @throws NoConvergenceException when the total reaches {@code cap}
   */
  private static long qlBlock(QlHelper ql, int lo, int hi, long sweepsSoFar, long cap) {
    long sweeps = sweepsSoFar;
    boolean firstRow = lo == 0;
    // The first negligible off-diagonal after l, when the last sweep has found it (else -1).
    int known = -1;
    for (int l = lo; l <= hi; l++) {
      int iterations = 0;
      int mm = known;
      if (mm < l) {
        mm = ql.nextSplit(l, hi);
      }
      known = -1;
      while (mm != l) { // until d[l] has converged
        if (sweeps >= cap) {
          throw new NoConvergenceException(l, ql.d.length, iterations, sweeps, cap);
        }
        iterations++;
        sweeps++;
        // The sweep tests the off-diagonals it produces: split is the first negligible one in
        // (l, mm], exactly what the scan from l + 1 would find, so no scan is repeated.
        int split = ql.sweep(l, mm, ql.wilkinsonShift(l), firstRow);
        ql.rotateVectors(l, mm, lo, hi);
        if (ql.splitsAt(l)) {
          known = split;
          break;
        }
        mm = split;
      }
    }
    return sweeps;
  }
}
