package org.slq4j.internal.lanczos;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.slq4j.BasisPrecision;
import org.slq4j.Reorthogonalization;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.memory.OffHeap;
import org.slq4j.internal.vectorization.VectorKernels;

/**
 * The orthogonality of a FULL run's basis as the run itself defines it, V = Z S, formed in
 * double from the stored vectors (floats or doubles) and S: for tests and validations.
 */
public final class BasisOrthogonality {

  private BasisOrthogonality() {}

  /**
   * max |V^T V - I| of a FULL run of {@code steps} steps from the Rademacher probe of
   * {@code seed}, with the basis stored in {@code precision}.
   */
  public static double loss(SymmetricOperator op, long seed, int steps,
      BasisPrecision precision) {
    try (Arena arena = Arena.ofConfined()) {
      return loss(basis(drive(op, seed, steps, precision, arena)));
    }
  }

  /** A FULL run driven to its end by hand, so that its stored basis and S can be read. */
  static DelayedReorthogonalizationRun drive(SymmetricOperator op, long seed, int steps,
      BasisPrecision precision, Arena arena) {
    long n = op.dimension();
    RunShape shape = new RunShape(n, steps, Reorthogonalization.FULL, precision, 16);
    LanczosRun run = LanczosRun.create(shape, OffHeap.allocate(arena, shape.storageBytes()));
    MemorySegment start = arena.allocate(n * Double.BYTES, 64);
    StartVectors.rademacher(seed, start, n);
    run.start(start, VectorKernels.nrm2(start, 0, n));
    while (!run.done()) {
      op.apply(run.input(), run.output());
      run.advance();
    }
    return (DelayedReorthogonalizationRun) run;
  }

  /** V = Z S: column i is sum_l z_l S_{l,i}, i &lt; taken. */
  static double[][] basis(DelayedReorthogonalizationRun run) {
    boolean floats = run instanceof FloatDelayedReorthogonalizationRun;
    int m = run.taken;
    int n = (int) run.n;
    double[][] v = new double[m][n];
    for (int i = 0; i < m; i++) {
      for (int l = 0; l <= i; l++) {
        double sli = run.s[i][l];
        long o = run.basis.offset(l);
        for (int r = 0; r < n; r++) {
          double z = floats ? run.store.getAtIndex(JAVA_FLOAT, o + r)
              : run.store.getAtIndex(JAVA_DOUBLE, o + r);
          v[i][r] += z * sli;
        }
      }
    }
    return v;
  }

  /** max |V^T V - I|. */
  static double loss(double[][] v) {
    double worst = 0;
    for (int i = 0; i < v.length; i++) {
      for (int j = 0; j <= i; j++) {
        double d = 0;
        for (int r = 0; r < v[i].length; r++) {
          d += v[i][r] * v[j][r];
        }
        worst = Math.max(worst, Math.abs(d - (i == j ? 1 : 0)));
      }
    }
    return worst;
  }
}
