package org.slq4j.internal.lanczos;

import java.lang.foreign.MemorySegment;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * A run without reorthogonalization ({@link org.slq4j.Reorthogonalization#NONE}): three vectors
 * in rotation and the classic three-term recurrence.
 */
final class ThreeTermRun extends LanczosRun {

  ThreeTermRun(long n, int steps, LanczosBasis basis) {
    super(n, steps, basis);
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
    double a = VectorKernels.lanczosUpdate(store, basis.offset(next), store, basis.offset(cur),
        store, basis.offset(prev), j == 0 ? 0.0 : betaPrev, n);
    double b = VectorKernels.nrm2(store, basis.offset(next), n);
    recordStep(j, a, b);
    invariant = j + 1 < steps && b <= tolerance * normT;
    if (j + 1 < steps && !invariant) {
      VectorKernels.scal(1.0 / b, store, basis.offset(next), n);
      beta[j] = b;
      betaPrev = b;
    }
    reorthNanos += System.nanoTime() - t1;
  }
}
