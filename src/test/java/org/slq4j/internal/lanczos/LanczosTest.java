package org.slq4j.internal.lanczos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slq4j.BasisPrecision;
import org.slq4j.Reorthogonalization;
import org.slq4j.SymmetricOperator;
import org.slq4j.TestOperators;
import org.slq4j.internal.tridiagonal.GaussRule;
import org.slq4j.internal.tridiagonal.SymmetricTridiagonalEigen;

class LanczosTest {

  private static LanczosResult run(SymmetricOperator op, long seed, int steps,
      Reorthogonalization mode) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment start = arena.allocate(op.dimension() * Double.BYTES, 64);
      StartVectors.rademacher(seed, start, op.dimension());
      return Lanczos.run(op, start, steps, mode, arena, null);
    }
  }

  /**
   * A second algorithm: textbook Lanczos on the same dense matrix and start vector, in plain
   * double arrays, with every new vector orthogonalized at once by modified Gram-Schmidt applied
   * twice. The delayed one-sweep scheme must give the same T to rounding: alpha and beta agree
   * to 1e-12 relative to ||H|| over 60 steps, for a spectrum shifted far from zero (|alpha| >>
   * beta, where errors in alpha would show) and for one with large outliers.
   */
  @Test
  void fullRunMatchesTextbookLanczosWithImmediateReorthogonalization() {
    int n = 300;
    int m = 60;
    for (double shift : new double[] {0.0, 1000.0}) {
      Random random = new Random(7);
      double[][] a = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          a[i][j] = a[j][i] = random.nextGaussian() / Math.sqrt(n);
        }
        a[i][i] += shift;
      }
      a[0][0] += 50; // outliers
      a[1][1] -= 20;
      double normH = 0;
      for (double[] row : a) {
        double r = 0;
        for (double x : row) {
          r += Math.abs(x);
        }
        normH = Math.max(normH, r);
      }
      LanczosResult t = run(TestOperators.dense(a), 11, m, Reorthogonalization.FULL);
      assertEquals(0, t.secondPasses(), "the delayed correction is accepted at every step");
      double[][] ref = TextbookLanczos.run(a, TextbookLanczos.start(n, 11), m, m);
      for (int j = 0; j < m; j++) {
        assertEquals(ref[0][j], t.alpha()[j], 1e-12 * normH, "alpha_" + j + " shift " + shift);
        if (j < m - 1) {
          assertEquals(ref[1][j], t.beta()[j], 1e-12 * normH, "beta_" + j + " shift " + shift);
        }
      }
    }
  }

  /**
   * Without reorthogonalization the run stores each new vector unnormalized and carries 1/beta
   * into the next step: T must still be the textbook three-term recurrence's (normalized every
   * step), to rounding over the first steps (before lost orthogonality amplifies rounding),
   * also for operators scaled so far that the squares of the vectors' entries over- or
   * underflow (the scaled norm) and that the deferred factor is refused (an explicit scaling).
   */
  @Test
  void noneRunMatchesTheTextbookThreeTermRecurrenceAtAnyScale() {
    int n = 200;
    int m = 12;
    Random random = new Random(3);
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        a[i][j] = a[j][i] = random.nextGaussian() / Math.sqrt(n);
      }
      a[i][i] += 2;
    }
    double[][] ref = TextbookLanczos.run(a, TextbookLanczos.start(n, 4), m, 0);
    double[] alpha = ref[0];
    double[] beta = ref[1];
    for (double scale : new double[] {1.0, 0x1p-830, 0x1p830, 0x1p-300}) {
      double[][] scaled = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int l = 0; l < n; l++) {
          scaled[i][l] = a[i][l] * scale;
        }
      }
      LanczosResult t = run(TestOperators.dense(scaled), 4, m, Reorthogonalization.NONE);
      assertEquals(m, t.steps(), "scale " + scale);
      for (int j = 0; j < m; j++) {
        assertEquals(alpha[j], t.alpha()[j] / scale, 1e-12 * 3, "alpha_" + j + " scale " + scale);
        if (j < m - 1) {
          assertEquals(beta[j], t.beta()[j] / scale, 1e-12 * 3, "beta_" + j + " scale " + scale);
        }
      }
    }
  }

  /**
   * A run whose vectors span several row chunks gives the same bits on a team of threads as on
   * its own thread, with and without reorthogonalization.
   */
  @Test
  void aRunOnATeamOfThreadsGivesTheBitsOfASerialRun() {
    int n = 3 * org.slq4j.internal.parallel.RowChunks.ROWS + 77;
    SymmetricOperator op = TestOperators.diagonal(TestOperators.values(n,
        i -> Math.sin(0.001 * i) + 0.5 * Math.cos(i)));
    for (Reorthogonalization mode : new Reorthogonalization[] {Reorthogonalization.FULL,
        Reorthogonalization.NONE}) {
      RunShape shape = RunShape.of(n, 25, mode);
      LanczosResult serial;
      LanczosResult shared;
      try (Arena arena = Arena.ofShared()) {
        MemorySegment start = arena.allocate((long) n * Double.BYTES, 64);
        StartVectors.rademacher(9, start, n);
        MemorySegment storage = arena.allocate(shape.storageBytes(), 64);
        serial = Lanczos.run(op, start, shape, storage, null);
        try (org.slq4j.internal.parallel.Team team =
            new org.slq4j.internal.parallel.Team(2, 1, active -> 3)) {
          shared = Lanczos.run(op, start, shape, storage, team.lanes(), null);
          team.workerDone(false);
        }
      }
      assertArrayEquals(serial.alpha(), shared.alpha(), mode + " alpha");
      assertArrayEquals(serial.beta(), shared.beta(), mode + " beta");
    }
  }

  /** With m = n and full reorthogonalization T is similar to H: its eigenvalues are H's. */
  @Test
  void fullRunRecoversEveryEigenvalueWithWeightOneOverN() {
    int n = 60;
    Random random = new Random(1);
    double[] d = TestOperators.values(n, i -> i + 0.3 * random.nextDouble());
    LanczosResult t = run(TestOperators.diagonal(d), 4, n, Reorthogonalization.FULL);
    assertEquals(n, t.steps());
    GaussRule rule = SymmetricTridiagonalEigen.gaussRule(t.alpha(), t.beta());
    double[] sorted = d.clone();
    Arrays.sort(sorted);
    assertArrayEquals(sorted, rule.nodes(), 1e-11);
    double[] uniform = new double[n];
    Arrays.fill(uniform, 1.0 / n);
    assertArrayEquals(uniform, rule.weights(), 1e-12);
  }

  /** On a dense operator, T's first moments are those of the start vector: v'H^j v. */
  @Test
  void tridiagonalMomentsMatchTheStartVector() {
    int n = 120;
    Random random = new Random(2);
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        a[i][j] = a[j][i] = random.nextGaussian() / Math.sqrt(n);
      }
    }
    LanczosResult t = run(TestOperators.dense(a), 9, 8, Reorthogonalization.FULL);
    double[] v = new double[n];
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(n * Double.BYTES, 64);
      StartVectors.rademacher(9, s, n);
      for (int i = 0; i < n; i++) {
        v[i] = s.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i);
      }
    }
    // (T^j)_{11} = v' H^j v for j <= 2m - 1.
    double[] hv = v.clone();
    double[] e1 = new double[t.steps()];
    e1[0] = 1;
    double[] te = e1.clone();
    double[] alpha = t.alpha();
    double[] beta = t.beta();
    for (int j = 1; j <= 2 * t.steps() - 1; j++) {
      hv = multiply(a, hv);
      te = tridiagonalTimes(alpha, beta, te);
      double exact = dotProduct(v, hv);
      double fromT = te[0];
      assertEquals(exact, fromT, 1e-12, "moment " + j);
    }
  }

  /**
   * Vectors over several row chunks ({@link RowSplit}), in every mode and basis precision: the
   * first 2m - 1 moments of T are those of the start vector on a diagonal H,
   * (T^k)_{11} = sum_i v_i^2 d_i^k, to 1e-12 with a double basis and 1e-6 with a float one
   * (rounding of the stored vectors, 2^-24 relative).
   */
  @Test
  void runsOverSeveralRowChunksKeepTheMomentsOfTheStartVectorInEveryMode() {
    int n = 2 * org.slq4j.internal.parallel.RowChunks.ROWS + 77;
    double[] d = TestOperators.values(n, i -> Math.cos(0.7 * i) * (1 - 0.5 * i / n));
    int m = 8;
    RunShape[] shapes = {
      new RunShape(n, m, Reorthogonalization.FULL, BasisPrecision.FLOAT64, 16),
      new RunShape(n, m, Reorthogonalization.FULL, BasisPrecision.FLOAT32, 16),
      new RunShape(n, m, Reorthogonalization.LOCAL, BasisPrecision.FLOAT64, 3),
      new RunShape(n, m, Reorthogonalization.NONE, BasisPrecision.FLOAT64, 16),
    };
    double[] v = TextbookLanczos.start(n, 5);
    for (RunShape shape : shapes) {
      LanczosResult t;
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment start = arena.allocate((long) n * Double.BYTES, 64);
        StartVectors.rademacher(5, start, n);
        t = Lanczos.run(TestOperators.diagonal(d), start, shape, arena, null);
      }
      assertEquals(m, t.steps(), shape.toString());
      double tolerance = shape.precision() == BasisPrecision.FLOAT32 ? 1e-6 : 1e-12;
      double[] te = new double[m];
      te[0] = 1;
      double[] power = new double[n];
      Arrays.fill(power, 1.0);
      for (int k = 1; k <= 2 * m - 1; k++) {
        te = tridiagonalTimes(t.alpha(), t.beta(), te);
        double exact = 0;
        for (int i = 0; i < n; i++) {
          power[i] *= d[i];
          exact += v[i] * v[i] * power[i];
        }
        assertEquals(exact, te[0], tolerance, shape + ": moment " + k);
      }
    }
  }

  @Test
  void fewDistinctEigenvaluesEndTheRunEarly() {
    double[] d = TestOperators.values(500, i -> new double[] {-2, 0.5, 7}[(int) (i % 3)]);
    LanczosResult t = run(TestOperators.diagonal(d), 0, 40, Reorthogonalization.FULL);
    assertTrue(t.invariantSubspace());
    assertEquals(3, t.steps());
    assertEquals(3, t.matvecs());
    GaussRule rule = SymmetricTridiagonalEigen.gaussRule(t.alpha(), t.beta());
    assertArrayEquals(new double[] {-2, 0.5, 7}, rule.nodes(), 1e-13);
  }

  @Test
  void runsToTheRequestedLengthOtherwise() {
    double[] d = TestOperators.values(300, i -> Math.log1p(i));
    for (Reorthogonalization mode : Reorthogonalization.values()) {
      LanczosResult t = run(TestOperators.diagonal(d), 0, 40, mode);
      assertFalse(t.invariantSubspace());
      assertEquals(40, t.steps());
      assertEquals(39, t.beta().length);
      for (double b : t.beta()) {
        assertTrue(b > 0, mode + ": beta " + b);
      }
    }
  }

  @Test
  void argumentsAreChecked() {
    SymmetricOperator op = TestOperators.diagonal(new double[] {1, 2, 3});
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment start = arena.allocate(3 * Double.BYTES, 8);
      MemorySegment zero = arena.allocate(3 * Double.BYTES, 8);
      MemorySegment shortStart = arena.allocate(2 * Double.BYTES, 8);
      start.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 0, 1.0);
      assertThrows(IllegalArgumentException.class,
          () -> Lanczos.run(op, start, 4, Reorthogonalization.FULL, arena, null));
      assertThrows(IllegalArgumentException.class,
          () -> Lanczos.run(op, start, 0, Reorthogonalization.FULL, arena, null));
      assertThrows(IllegalArgumentException.class,
          () -> Lanczos.run(op, zero, 2, Reorthogonalization.FULL, arena, null));
      assertThrows(IllegalArgumentException.class,
          () -> Lanczos.run(op, shortStart, 2, Reorthogonalization.FULL, arena, null));
    }
  }

  @Test
  void rademacherVectorsHaveUnitNormAndBalancedSigns() {
    int n = 100_003;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment x = arena.allocate(n * Double.BYTES, 8);
      StartVectors.rademacher(17, x, n);
      double sum = 0;
      double sumSq = 0;
      for (int i = 0; i < n; i++) {
        double v = x.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i);
        assertEquals(1.0 / Math.sqrt(n), Math.abs(v), 0.0);
        sum += v;
        sumSq += v * v;
      }
      assertEquals(1.0, sumSq, n * Math.ulp(1.0)); // naive summation error bound
      // The sign sum of n fair coins has standard deviation sqrt(n); 5 sigma.
      assertTrue(Math.abs(sum * Math.sqrt(n)) < 5 * Math.sqrt(n), "sign sum " + sum);
    }
  }

  private static double[] multiply(double[][] a, double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = dotProduct(a[i], x);
    }
    return y;
  }

  private static double[] tridiagonalTimes(double[] alpha, double[] beta, double[] x) {
    int m = alpha.length;
    double[] y = new double[m];
    for (int i = 0; i < m; i++) {
      y[i] = alpha[i] * x[i] + (i > 0 ? beta[i - 1] * x[i - 1] : 0)
          + (i + 1 < m ? beta[i] * x[i + 1] : 0);
    }
    return y;
  }

  private static double dotProduct(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }

  /**
   * Lockstep runs give each member bit for bit what a run of its own gives (the block matvec
   * is bit-exact per column here), including a member that stops early at an invariant
   * subspace, after which the block shrinks; for both reorthogonalization modes.
   */
  @Test
  void blockRunsAreBitIdenticalToSingleRuns() {
    int n = 120;
    double[] d = TestOperators.values(n, i -> Math.sin(i) * 3 + 0.01 * i);
    for (Reorthogonalization mode : Reorthogonalization.values()) {
      java.util.List<Integer> counts = new java.util.ArrayList<>();
      SymmetricOperator op = TestOperators.blocking(TestOperators.diagonal(d), 4, counts);
      int steps = 30;
      int count = 3;
      Lanczos.StartWriter starts = (k, target) -> {
        if (k == 1) {
          // Supported on 5 coordinates: the Krylov space is invariant after 5 steps.
          target.fill((byte) 0);
          for (int i = 0; i < 5; i++) {
            target.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 10 * i, 1.0 + i);
          }
        } else {
          StartVectors.rademacher(100 + k, target, n);
        }
      };
      LanczosResult[] block;
      java.util.List<Integer> stepsOf = new java.util.ArrayList<>();
      try (Arena arena = Arena.ofConfined()) {
        long each = Lanczos.storageLength(n, steps, mode);
        block = Lanczos.runBlock(op, count, starts, steps, mode,
            arena.allocate(each * count * Double.BYTES, 64),
            arena.allocate((long) n * count * Double.BYTES, 64),
            arena.allocate((long) n * count * Double.BYTES, 64), stepsOf::add);
      }
      for (int k = 0; k < count; k++) {
        LanczosResult single;
        try (Arena arena = Arena.ofConfined()) {
          MemorySegment start = arena.allocate((long) n * Double.BYTES, 64);
          starts.write(k, start);
          single = Lanczos.run(op, start, steps, mode, arena, null);
        }
        assertArrayEquals(single.alpha(), block[k].alpha(), mode + " member " + k);
        assertArrayEquals(single.beta(), block[k].beta(), mode + " member " + k);
        assertEquals(single.invariantSubspace(), block[k].invariantSubspace());
      }
      assertEquals(5, block[1].steps(), mode + ": member 1 stops at its invariant subspace");
      assertTrue(block[1].invariantSubspace());
      assertEquals(steps, block[0].steps());
      assertEquals(steps, block[2].steps());
      // Blocks of 3 until member 1 stops, then of 2; the other calls were single applies.
      assertEquals(java.util.Collections.nCopies(5, 3), counts.subList(0, 5), mode.toString());
      assertEquals(java.util.Collections.nCopies(steps - 5, 2), counts.subList(5, steps),
          mode.toString());
      assertEquals(2 * steps + 5, stepsOf.size(), "one callback per member step");
    }
  }

  @Test
  void blockRunNamesTheMemberWhoseVectorTurnedNonFinite() {
    int n = 64;
    double[] d = TestOperators.values(n, i -> i);
    AtomicCounter calls = new AtomicCounter();
    SymmetricOperator op = new SymmetricOperator() {
      @Override
      public long dimension() {
        return n;
      }

      @Override
      public void apply(MemorySegment x, MemorySegment y) {
        TestOperators.diagonal(d).apply(x, y);
      }

      @Override
      public void applyBlock(MemorySegment x, MemorySegment y, int count) {
        SymmetricOperator.super.applyBlock(x, y, count);
        if (++calls.value == 6) {
          // Column 2 of the sixth block: member 2, step 6.
          y.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 7L * count + 2, Double.NaN);
        }
      }
    };
    try (Arena arena = Arena.ofConfined()) {
      int count = 3;
      long each = Lanczos.storageLength(n, 20, Reorthogonalization.FULL);
      org.slq4j.NonFiniteValueException e = assertThrows(
          org.slq4j.NonFiniteValueException.class,
          () -> Lanczos.runBlock(op, count, (k, t) -> StartVectors.rademacher(k, t, n), 20,
              Reorthogonalization.FULL, arena.allocate(each * count * Double.BYTES, 64),
              arena.allocate((long) n * count * Double.BYTES, 64),
              arena.allocate((long) n * count * Double.BYTES, 64), null));
      assertEquals(2, e.run());
      assertEquals(6, e.step());
    }
  }

  private static final class AtomicCounter {
    int value;
  }

  @Test
  void blockRunRejectsBadArgumentsByName() {
    int n = 16;
    SymmetricOperator op = TestOperators.diagonal(TestOperators.values(n, i -> i));
    try (Arena arena = Arena.ofConfined()) {
      long each = Lanczos.storageLength(n, 5, Reorthogonalization.FULL);
      MemorySegment storage = arena.allocate(each * 2 * Double.BYTES, 64);
      MemorySegment x = arena.allocate(2L * n * Double.BYTES, 64);
      MemorySegment y = arena.allocate(2L * n * Double.BYTES, 64);
      Lanczos.StartWriter starts = (k, t) -> StartVectors.rademacher(k, t, n);
      Reorthogonalization full = Reorthogonalization.FULL;
      assertMessageContains(() -> Lanczos.runBlock(op, 0, starts, 5, full, storage, x, y, null),
          "count must be >= 1, got 0");
      assertMessageContains(() -> Lanczos.runBlock(op, 3, starts, 5, full, storage, x, y, null),
          "storage must be writable and hold " + 3 * each * Double.BYTES + " bytes");
      assertMessageContains(() -> Lanczos.runBlock(op, 2, starts, 5, full, storage,
          x.asSlice(8), y, null), "blockX must be writable and hold " + 2 * n * Double.BYTES + " bytes");
      assertMessageContains(() -> Lanczos.runBlock(op, 2, starts, 5, full, storage, x,
          y.asReadOnly(), null), "blockY", "read-only");
      assertMessageContains(() -> Lanczos.runBlock(op, 2, starts, 17, full, storage, x, y,
          null), "steps must be in [1, n = 16], got 17");
      assertMessageContains(() -> Lanczos.runBlock(op, 2, (k, t) -> t.fill((byte) 0), 5, full,
          storage, x, y, null), "start vector 0", "norm must be positive");
    }
  }

  private static void assertMessageContains(Runnable action, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' lacks '" + part + "'");
    }
  }
}
