package org.slq4j.internal.lanczos;

import static org.slq4j.internal.lanczos.SmallProducts.quadraticForm;
import static org.slq4j.internal.lanczos.SmallProducts.sTimes;
import static org.slq4j.internal.lanczos.SmallProducts.sTransposeTimes;
import static org.slq4j.internal.lanczos.SmallProducts.tridiagonalTimes;

import java.lang.foreign.MemorySegment;
import org.slq4j.NonFiniteValueException;
import org.slq4j.internal.parallel.Lanes;
import org.slq4j.internal.vectorization.NumericConstants;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * A run with full reorthogonalization ({@link org.slq4j.Reorthogonalization#FULL}) that streams
 * the stored vectors from memory <em>once</em> per step (classical Gram-Schmidt done at once
 * needs two sweeps, projection then update, and CGS2 four). The correction is delayed instead of
 * skipped: the store keeps the vectors z_0, z_1, ... as they came out of the sweep, without the
 * rounding-sized correction w - V c, and the orthonormal basis is V = Z S with a small
 * upper-triangular S kept on the heap (S_jj = 1/beta, the rest of the order of eps; column i of
 * S in {@code s[i]}, s[i][l] = S_{l,i} for l <= i). Slots 0..j hold z_0..z_j. Step j:
 * <ol>
 *   <li>y = H z_j, and rho = z_j . y (one pass over two vectors, or none when the operator
 *       computes row ranges: then each row chunk's part is taken right after its product);
 *   <li>with sigma z_j = v_j - V q (q from S, rounding-sized) and the Krylov relation
 *       H V_{j-1} = V_j T_{j+1,j}: alpha' = sigma^2 rho + 2 beta_{j-1} q_{j-1} - q^T T q, and
 *       the target w = H v_j - alpha' v_j - beta_{j-1} v_{j-1} = sigma y - V_j f, where
 *       f = alpha' e_j + beta_{j-1} e_{j-1} - T q is known in closed form;
 *   <li>one sweep ({@link VectorKernels#lanczosSweep}, by row chunks: {@link RowSplit})
 *       forms w = sigma y - Z (S f) (the two large three-term coefficients first, the
 *       rounding-sized rest group by group) and projects it, p = Z^T w, so c = V^T w = S^T p;
 *   <li>alpha_j = alpha' + c_j, beta_j = sqrt(||w||^2 - ||c||^2) (Pythagoras), and w is stored
 *       as z_{j+1} with v_{j+1} = (w - V c) / beta_j entering S as a new column.
 * </ol>
 * Only O(j^2) scalar work ({@link SmallProducts}) is added per step. The delayed form is used
 * when the DGKS test accepts a single projection (||c||^2 <= ||w||^2 / 2, so the corrected
 * vector is orthogonal to working precision, as for a CGS pass that DGKS accepts); otherwise,
 * and whenever a norm leaves the safe range or is NaN, the step orthogonalizes w at once
 * ({@link ExplicitOrthogonalization}; counted in {@link LanczosResult#secondPasses()}). The last
 * step needs no sweep: alpha_m = alpha'.
 *
 * <p>The algorithm touches the stored vectors only through {@link #sweep},
 * {@link #orthogonalizeExplicitly} and {@link #storeNext}; this class keeps them as doubles,
 * {@link FloatDelayedReorthogonalizationRun} as floats.
 */
class DelayedReorthogonalizationRun extends LanczosRun {

  final double[][] s;
  private final double[] q;
  private final double[] f;
  private final double[] known;
  private final double[] p;
  private final double[] c;
  private int explicitSteps;

  DelayedReorthogonalizationRun(long n, int steps, LanczosBasis basis, Lanes lanes) {
    super(n, steps, basis, lanes);
    s = new double[steps + 1][];
    s[0] = new double[] {1.0};
    q = new double[steps];
    f = new double[steps + 1];
    known = new double[steps + 1];
    p = new double[steps + 1];
    c = new double[steps + 1];
  }

  @Override
  MemorySegment input() {
    return basis.slot(taken);
  }

  @Override
  MemorySegment output() {
    return basis.slot(taken + 1);
  }

  @Override
  int explicitSteps() {
    return explicitSteps;
  }

  @Override
  void advance() {
    long t1 = System.nanoTime();
    int j = taken;
    // v_j = sigma z_j + V_{j-1} q, with S_{j-1} q = (S_{0,j} .. S_{j-1,j}) (rounding-sized).
    double[] col = s[j];
    double sigma = col[j];
    for (int l = j - 1; l >= 0; l--) {
      double t = col[l];
      for (int m = l + 1; m < j; m++) {
        t -= s[m][l] * q[m];
      }
      q[l] = t / s[l][l];
    }
    double rho = outputDotInput();
    // With sigma z_j = v_j - V q and V^T H v_j = beta_{j-1} e_{j-1} (Krylov relation):
    // alpha_j = v_j^T H v_j = sigma^2 rho + 2 beta_{j-1} q_{j-1} - q^T T q, up to terms of
    // order |q| * eps * ||T||. Taking the first-order terms matters: without them the error
    // of alpha' (~2 beta q) would enter the next correction and double q every step.
    double alphaPrime = sigma * sigma * rho;
    if (j > 0) {
      alphaPrime += 2 * betaPrev * q[j - 1] - quadraticForm(alpha, beta, q, j);
    }
    if (j + 1 == steps) {
      // T is complete: nothing needs v_{j+1}.
      double a = alphaPrime;
      if (!Double.isFinite(a)) {
        throw new NonFiniteValueException(-1, j + 1,
            "the operator returned NaN or infinity (alpha = " + a + ")");
      }
      alpha[j] = a;
      taken = j + 1;
      reorthNanos += System.nanoTime() - t1;
      return;
    }
    // Target: w = H v_j - alpha' v_j - beta_{j-1} v_{j-1} = sigma y - V_j f with
    // f = alpha' e_j + beta_{j-1} e_{j-1} - T_{j+1,j} q (H V_{j-1} = V_j T_{j+1,j}), that is
    // sigma y - Z (S f). The sweep takes the two large coefficients (S_jj alpha',
    // S_{j-1,j-1} beta_{j-1}) in its three-term step and the rest, all rounding-sized, as
    // known parts.
    tridiagonalTimes(alpha, beta, q, j, f);
    for (int i = 0; i <= j; i++) {
      f[i] = -f[i];
    }
    sTimes(s, j, f, known);
    for (int l = 0; l < j; l++) {
      known[l] += alphaPrime * s[j][l];
      if (l + 1 < j) {
        known[l] += betaPrev * s[j - 1][l];
      }
    }
    double a1 = sigma * alphaPrime;
    double a2 = j > 0 ? s[j - 1][j - 1] * betaPrev : 0.0;
    double wsq = sweep(j, sigma, a1, a2, known, p);
    // c = V_j^T w = S_j^T p.
    sTransposeTimes(s, j, p, c);
    double csq = 0;
    for (int i = 0; i <= j; i++) {
      csq += c[i] * c[i];
    }
    double a;
    double b;
    boolean delayed = NumericConstants.sumOfSquaresInRange(wsq) && csq <= 0.5 * wsq;
    if (delayed) {
      // ||w - V c||^2 = ||w||^2 - ||c||^2 (V orthonormal); the DGKS test (eta = 1/sqrt 2)
      // accepts one projection when it removed at most half of ||w||^2. The correction
      // w - V c is not applied to the stored w: it enters S.
      a = alphaPrime + c[j];
      b = Math.sqrt(wsq - csq);
    } else {
      // Heavy cancellation, a norm out of the safe range, or NaN: orthogonalize now.
      explicitSteps++;
      b = orthogonalizeExplicitly(j, p, c);
      a = alphaPrime + c[j];
    }
    recordStep(j, a, b);
    invariant = b <= tolerance * normT;
    if (!invariant) {
      beta[j] = b;
      betaPrev = b;
      s[j + 1] = nextColumn(j, b, delayed);
    }
    reorthNanos += System.nanoTime() - t1;
  }

  /**
   * Column j+1 of S, for v_{j+1} = (w - V_j c) / b = z_{j+1} S_{j+1,j+1} - Z_j (S_j c) / b
   * ({@link #storeNext}).
   */
  private double[] nextColumn(int j, double b, boolean delayed) {
    double[] next = new double[j + 2];
    if (delayed) {
      sTimes(s, j, c, next);
      for (int l = 0; l <= j; l++) {
        next[l] = -next[l] / b;
      }
    }
    next[j + 1] = storeNext(j, b, delayed);
    return next;
  }

  /**
   * The sweep of step j ({@link VectorKernels#lanczosSweep} by row chunks, {@link RowSplit}):
   * w = sigma y - a1 z_j - a2 z_{j-1} - Z_j known stored as z_{j+1}, p = Z_j^T w; returns
   * ||w||^2.
   */
  double sweep(int j, double sigma, double a1, double a2, double[] known, double[] p) {
    return split.sweep(store, 0, j + 1, sigma, a1, a2, known, p);
  }

  /**
   * Orthogonalizes the stored w = z_{j+1} against V_j at once ({@link
   * ExplicitOrthogonalization}); leaves c = V_j^T w and returns ||w - V_j c||.
   */
  double orthogonalizeExplicitly(int j, double[] p, double[] c) {
    ExplicitOrthogonalization.apply(store, basis, s, j, n, p, c);
    return VectorKernels.nrm2(store, basis.offset(j + 1), n);
  }

  /**
   * S_{j+1,j+1}, the factor of z_{j+1} in v_{j+1}, for a new vector of norm b after a delayed
   * or an explicit step. After a delayed step z_{j+1} stays unscaled while that is safe (H
   * z_{j+1} is then of order ||H|| * b, far inside the range); otherwise it is scaled to
   * v_{j+1} in the store.
   */
  double storeNext(int j, double b, boolean delayed) {
    if (delayed && unscaledIsSafe(b)) {
      return 1.0 / b;
    }
    VectorKernels.scal(1.0 / b, store, basis.offset(j + 1), n);
    return 1.0;
  }
}
