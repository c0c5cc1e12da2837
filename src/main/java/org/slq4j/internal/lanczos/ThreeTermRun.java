package org.slq4j.internal.lanczos;

import java.lang.foreign.MemorySegment;
import org.slq4j.internal.parallel.Lanes;
import org.slq4j.internal.vectorization.NumericConstants;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * A run without reorthogonalization ({@link org.slq4j.Reorthogonalization#NONE}): three vectors
 * in rotation and the classic three-term recurrence, with the normalization deferred.
 *
 * <p>The slots hold z_j with v_j = scale_j z_j: the new vector w is stored as it comes out of
 * the recurrence and 1/beta enters the next step's coefficients instead of a pass that scales
 * it. Step j, with y = H z_j:
 * <pre>
 *   alpha_j = scale_j^2 (y . z_j)
 *   w       = scale_j y - (alpha_j scale_j) z_j - (beta_{j-1} scale_{j-1}) z_{j-1}
 *   beta_j  = ||w||,  z_{j+1} = w,  scale_{j+1} = 1 / beta_j
 * </pre>
 * w and ||w||^2 come from one pass ({@link VectorKernels#lanczosThreeTerm}); the scaled norm
 * is computed only when that sum of squares under- or overflowed. z_{j+1} is scaled in place
 * only when beta_j or ||T|| is so extreme that H z_{j+1} could leave the safe range (the rule
 * of {@link DelayedReorthogonalizationRun}). The last step needs alpha only.
 *
 * <p>Passes over vectors of n doubles per step (operator data aside): before, the product
 * (read x, write y), alpha = y . v (2 reads), w = y - alpha v - beta u (3 reads, 1 write),
 * ||w|| (1 read) and w / beta (1 read, 1 write): 11. Now, with an operator that computes row
 * ranges, the product with alpha's partial per row chunk while the chunk is in cache (read x,
 * write y) and the fused update with its sum of squares (3 reads, 1 write): 6; with any other
 * operator the dot product is its own pass: 8.
 */
final class ThreeTermRun extends LanczosRun {

  /** scale_j: v_j = scale z_j for the vector in the current slot. */
  private double scale = 1.0;
  /** scale_{j-1}. */
  private double previousScale = 1.0;

  ThreeTermRun(long n, int steps, LanczosBasis basis, Lanes lanes) {
    super(n, steps, basis, lanes);
  }

  @Override
  MemorySegment input() {
    return basis.slot(taken % 3);
  }

  @Override
  MemorySegment output() {
    return basis.slot((taken + 1) % 3);
  }

  @Override
  int explicitSteps() {
    return 0;
  }

  @Override
  void advance() {
    long t1 = System.nanoTime();
    int j = taken;
    int cur = j % 3;
    int next = (j + 1) % 3;
    int prev = (j + 2) % 3;
    double a = scale * scale * outputDotInput();
    if (j + 1 == steps) {
      // T is complete: nothing needs w.
      recordStep(j, a, 0.0);
      reorthNanos += System.nanoTime() - t1;
      return;
    }
    double wsq = split.threeTerm(store, basis.offset(next), basis.offset(cur),
        j == 0 ? -1 : basis.offset(prev), scale, a * scale, betaPrev * previousScale);
    double b;
    if (NumericConstants.sumOfSquaresInRange(wsq) || Double.isNaN(wsq)) {
      b = Math.sqrt(wsq);
    } else {
      b = VectorKernels.nrm2(store, basis.offset(next), n);
    }
    recordStep(j, a, b);
    invariant = b <= tolerance * normT;
    if (!invariant) {
      beta[j] = b;
      betaPrev = b;
      previousScale = scale;
      if (unscaledIsSafe(b)) {
        scale = 1.0 / b;
      } else {
        VectorKernels.scal(1.0 / b, store, basis.offset(next), n);
        scale = 1.0;
      }
    }
    reorthNanos += System.nanoTime() - t1;
  }
}
