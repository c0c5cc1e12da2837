package org.slq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slq4j.internal.smoothing.DensityAssembly;

class SpectralDensityEstimatorTest {

  private static EstimatorOptions.Builder small() {
    return SpectralDensityEstimator.builder().numGridPoints(2000);
  }

  /** Mass of the density on grid points with t < cut (trapezoid). */
  private static double massBelow(SpectralDensity d, double cut) {
    double[] t = d.grid();
    double[] p = d.density();
    double h = t[1] - t[0];
    double m = 0;
    for (int j = 0; j + 1 < t.length && t[j + 1] <= cut; j++) {
      m += 0.5 * h * (p[j] + p[j + 1]);
    }
    return m;
  }

  private static int argmax(double[] p, int from, int to) {
    int best = from;
    for (int j = from; j < to; j++) {
      if (p[j] > p[best]) {
        best = j;
      }
    }
    return best;
  }

  @Test
  void densityIntegratesToOneAndRunWeightsSumToOne() {
    double[] d = TestOperators.values(1500, i -> Math.sin(i * 0.37) * 3 + (i % 7 == 0 ? 9 : 0));
    SpectralDensity r = SpectralDensityEstimator.withDefaults().estimate(
        TestOperators.diagonal(d));
    assertEquals(1.0, r.integral(), 1e-6);
    for (int run = 0; run < r.numRuns(); run++) {
      double sum = Arrays.stream(r.weights(run)).sum();
      assertEquals(1.0, sum, 1e-12, "run " + run);
      assertEquals(80, r.steps(run));
    }
    assertEquals(10000, r.gridSize());
    assertEquals(1500, r.dimension());
    assertEquals(10 * 80 + 2, r.matvecs());
  }

  /**
   * The working memory is the runs held at once times each run's storage and start vector:
   * one worker (one run at a time) holds (steps + 1) vectors of a full basis, or 3 without
   * reorthogonalization, plus its start vector; two workers hold twice that.
   */
  @Test
  void workingMemoryIsTheStorageOfTheRunsHeldAtOnce() {
    int n = 3000;
    SymmetricOperator op = TestOperators.diagonal(TestOperators.values(n, i -> i % 17));
    long vector = (long) n * Double.BYTES;
    for (int threads : new int[] {1, 2}) {
      SpectralDensity full = SpectralDensityEstimator.builder().numRuns(4).lanczosSteps(30)
          .threads(threads).blockSize(1).build().estimate(op);
      assertEquals(threads * (31 + 1) * vector, full.workingMemoryBytes(), threads + " threads");
      SpectralDensity none = SpectralDensityEstimator.builder().numRuns(4).lanczosSteps(30)
          .threads(threads).blockSize(1).reorthogonalization(Reorthogonalization.NONE).build()
          .estimate(op);
      assertEquals(threads * (3 + 1) * vector, none.workingMemoryBytes(), threads + " threads");
    }
  }

  /**
   * Gauss exactness as an independent truth: for a Rademacher start vector every entry squared
   * is 1/n, so v'H^j v = (1/n) sum_i d_i^j, and the m-point Gauss rule reproduces it for every
   * j <= 2m - 1.
   */
  @Test
  void eachRunReproducesTraceMomentsUpToDegreeTwoMMinusOne() {
    int n = 700;
    int m = 12;
    Random random = new Random(11);
    double[] d = TestOperators.values(n, i -> 2 * random.nextDouble() - 1);
    SpectralDensity r = small().lanczosSteps(m).numRuns(3).build()
        .estimate(TestOperators.diagonal(d));
    for (int run = 0; run < 3; run++) {
      double[] x = r.nodes(run);
      double[] w = r.weights(run);
      for (int j = 0; j <= 2 * m - 1; j++) {
        double exact = 0;
        for (double di : d) {
          exact += Math.pow(di, j);
        }
        exact /= n;
        double gauss = 0;
        for (int k = 0; k < x.length; k++) {
          gauss += w[k] * Math.pow(x[k], j);
        }
        assertEquals(exact, gauss, 1e-13, "run " + run + ", moment " + j);
      }
    }
  }

  @Test
  void twoClustersSplitTheMassInHalfAndStopAtTheInvariantSubspace() {
    double[] d = TestOperators.values(1000, i -> i < 500 ? 1.0 : 5.0);
    SpectralDensity r = SpectralDensityEstimator.withDefaults().estimate(
        TestOperators.diagonal(d));
    for (int run = 0; run < r.numRuns(); run++) {
      assertEquals(2, r.steps(run), "run " + run + " should stop after 2 steps");
      assertArrayEquals(new double[] {1, 5}, r.nodes(run), 1e-13);
      assertArrayEquals(new double[] {0.5, 0.5}, r.weights(run), 1e-13);
    }
    assertEquals(0.5, massBelow(r, 3.0), 1e-6);
    double[] t = r.grid();
    double[] p = r.density();
    int mid = Arrays.binarySearch(t, 3.0);
    mid = mid < 0 ? -mid - 1 : mid;
    assertEquals(1.0, t[argmax(p, 0, mid)], 0.3);
    assertEquals(5.0, t[argmax(p, mid, p.length)], 0.3);
    assertEquals(1.0, r.integral(), 1e-6);
  }

  @Test
  void uniformSpectrumGivesAFlatInterior() {
    double[] d = TestOperators.values(2000, i -> 10.0 * i / 1999);
    SpectralDensity r = SpectralDensityEstimator.withDefaults().estimate(
        TestOperators.diagonal(d));
    double[] t = r.grid();
    double[] p = r.density();
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (int j = 0; j < t.length; j++) {
      if (t[j] >= 1 && t[j] <= 9) {
        min = Math.min(min, p[j]);
        max = Math.max(max, p[j]);
      }
    }
    assertTrue(min > 0.5 * max, "interior min " + min + " vs max " + max);
    assertEquals(0.1, max, 0.05, "a uniform density on [0, 10] is 0.1");
  }

  @Test
  void constantSpectrumIsOneNodeOfWeightOne() {
    double[] d = TestOperators.values(50, i -> 3.0);
    SpectralDensity r = small().lanczosSteps(20).build().estimate(TestOperators.diagonal(d));
    for (int run = 0; run < r.numRuns(); run++) {
      assertArrayEquals(new double[] {3.0}, r.nodes(run), 1e-14);
      assertArrayEquals(new double[] {1.0}, r.weights(run), 1e-14);
    }
    assertTrue(r.sigma() > 0 && Double.isFinite(r.sigma()));
    assertEquals(1.0, r.integral(), 1e-6);
    assertEquals(3.0, r.gridPoint(argmax(r.density(), 0, r.gridSize())), 1e-6);
  }

  @Test
  void constantSpectrumNearUnderflowStillHasAGrid() {
    // spread / lanczosSteps would be subnormal here (1e-308 / 20): the default sigma's floor
    // keeps the Gaussian's peak finite.
    double[] d = TestOperators.values(100, i -> 1e-300);
    SpectralDensity r = small().lanczosSteps(20).build().estimate(TestOperators.diagonal(d));
    assertArrayEquals(new double[] {1e-300}, r.nodes(0), 1e-314);
    assertEquals(DensityAssembly.MIN_DEFAULT_SIGMA, r.sigma());
    assertEquals(1.0, r.integral(), 1e-6);
    for (double v : r.density()) {
      assertTrue(Double.isFinite(v));
    }
  }

  /** A dense random symmetric matrix: unlike a diagonal one, its estimate depends on the seed. */
  private static SymmetricOperator randomDense(int n, long seed) {
    Random random = new Random(seed);
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        a[i][j] = random.nextGaussian();
        a[j][i] = a[i][j];
      }
    }
    return TestOperators.dense(a);
  }

  /**
   * For a diagonal operator every Rademacher vector has the same spectral measure (v_i^2 = 1/n),
   * so the seed cannot matter; the estimate must not depend on it beyond sign symmetry.
   */
  @Test
  void diagonalOperatorsGiveTheSameRuleForEverySeed() {
    double[] d = TestOperators.values(300, i -> Math.cos(i));
    SymmetricOperator op = TestOperators.diagonal(d);
    SpectralDensity a = small().seed(1).numRuns(1).lanczosSteps(30).build().estimate(op);
    SpectralDensity b = small().seed(99).numRuns(1).lanczosSteps(30).build().estimate(op);
    assertArrayEquals(a.nodes(0), b.nodes(0), 1e-13);
    assertArrayEquals(a.weights(0), b.weights(0), 1e-13);
  }

  /**
   * The Chebyshev-Markov-Stieltjes inequalities, an exact property of Gauss quadrature: the
   * start vector's spectral CDF F at the k-th node lies between the rule's CDF just before and
   * at that node. For a diagonal operator and a Rademacher start F(t) = #{d_i <= t} / n.
   */
  @Test
  void gaussRuleBracketsTheExactSpectralCdfAtEveryNode() {
    int n = 2000;
    Random random = new Random(3);
    double[] d = TestOperators.values(n, i -> Math.exp(3 * random.nextGaussian()));
    double[] sorted = d.clone();
    Arrays.sort(sorted);
    SpectralDensity r = small().numRuns(1).build().estimate(TestOperators.diagonal(d));
    double[] x = r.nodes(0);
    double[] w = r.weights(0);
    double before = 0;
    for (int k = 0; k < x.length; k++) {
      int idx = Arrays.binarySearch(sorted, x[k]);
      int below = idx >= 0 ? idx + 1 : -idx - 1;
      double exact = (double) below / n;
      double slack = 1e-9;
      assertTrue(before - slack <= exact && exact <= before + w[k] + slack,
          "node " + k + " = " + x[k] + ": F = " + exact + " not in [" + before + ", "
              + (before + w[k]) + "]");
      before += w[k];
    }
  }

  @Test
  void seededEstimatesReproduceBitForBitOnAnyThreadCount() {
    SymmetricOperator op = randomDense(300, 5);
    SpectralDensity a = small().seed(42).threads(1).build().estimate(op);
    SpectralDensity b = small().seed(42).threads(1).build().estimate(op);
    SpectralDensity c = small().seed(42).threads(3).build().estimate(op);
    SpectralDensity other = small().seed(43).threads(1).build().estimate(op);
    for (SpectralDensity x : new SpectralDensity[] {b, c}) {
      assertArrayEquals(a.grid(), x.grid());
      assertArrayEquals(a.density(), x.density());
      for (int run = 0; run < a.numRuns(); run++) {
        assertArrayEquals(a.nodes(run), x.nodes(run));
        assertArrayEquals(a.weights(run), x.weights(run));
      }
    }
    assertFalse(Arrays.equals(a.density(), other.density()), "another seed, another estimate");
  }

  /**
   * Runs advanced in lockstep blocks (one applyBlock per step for the whole block) give the
   * estimate of one run at a time, bit for bit, for every block size and thread count; the
   * blocks are as large as asked, never more runs than a worker has, and by default only one
   * thread runs blocks.
   */
  @Test
  void lockstepBlocksGiveTheSameEstimateAsOneRunAtATime() {
    SymmetricOperator plain = randomDense(300, 5);
    SpectralDensity reference = small().seed(42).threads(1).build().estimate(plain);
    // {threads, blockSize, largest block expected}; blockSize 0 takes the preference (4).
    int[][] cases = {{1, 0, 4}, {2, 0, 4}, {1, 3, 3}, {3, 16, 4}, {1, 16, 10}, {4, 2, 2}};
    for (int[] c : cases) {
      int threads = c[0];
      int blockSize = c[1];
      java.util.List<Integer> counts = new java.util.ArrayList<>();
      SymmetricOperator op = TestOperators.blocking(plain, 4, counts);
      SpectralDensity d = small().seed(42).threads(threads).blockSize(blockSize).build()
          .estimate(op);
      String label = "threads " + threads + ", blockSize " + blockSize;
      assertArrayEquals(reference.density(), d.density(), label);
      for (int run = 0; run < reference.numRuns(); run++) {
        assertArrayEquals(reference.nodes(run), d.nodes(run), label);
        assertArrayEquals(reference.weights(run), d.weights(run), label);
      }
      assertEquals(c[2], counts.stream().mapToInt(Integer::intValue).max().orElse(1), label);
      assertEquals(reference.matvecs(), d.matvecs(), label);
    }
  }

  /**
   * The built-in sparse operator in both of its layouts: lockstep blocks through its own
   * applyBlock kernels give the estimate of one run at a time, bit for bit.
   */
  @Test
  void sparseOperatorBlocksGiveTheSameEstimateAsOneRunAtATime() {
    int n = 3000;
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    for (String layout : new String[] {"plain", "blocked"}) {
      org.slq4j.operators.CsrOperator.Builder b = org.slq4j.operators.CsrLayouts
          .builder(n, layout).symmetricExpansion(true);
      for (int i = 0; i < n; i++) {
        b.add(i, i, random.nextDouble());
        for (int k = 0; k < 4; k++) {
          b.add(i, random.nextInt(n), random.nextGaussian());
        }
      }
      try (org.slq4j.operators.CsrOperator op = b.build()) {
        assertEquals(4, op.preferredBlockSize());
        assertEquals(layout.equals("blocked"), org.slq4j.operators.CsrLayouts.isBlocked(op));
        SpectralDensity one = small().seed(3).threads(1).blockSize(1).build().estimate(op);
        for (int[] c : new int[][] {{1, 0}, {2, 0}, {1, 3}, {2, 16}}) {
          SpectralDensity d = small().seed(3).threads(c[0]).blockSize(c[1]).build().estimate(op);
          String label = layout + ", threads " + c[0] + ", blockSize " + c[1];
          assertArrayEquals(one.density(), d.density(), label);
          for (int run = 0; run < one.numRuns(); run++) {
            assertArrayEquals(one.nodes(run), d.nodes(run), label);
            assertArrayEquals(one.weights(run), d.weights(run), label);
          }
        }
      }
    }
  }

  @Test
  void blockSizeMustNotBeNegative() {
    assertMessage(() -> small().blockSize(-1), "blockSize must be >= 0, got -1");
  }

  @Test
  void nonFiniteOutputInALockstepBlockNamesTheRun() {
    SymmetricOperator inner = TestOperators.diagonal(TestOperators.values(200, i -> i));
    AtomicInteger blocks = new AtomicInteger();
    SymmetricOperator poisoned = new SymmetricOperator() {
      @Override
      public long dimension() {
        return 200;
      }

      @Override
      public void apply(MemorySegment x, MemorySegment y) {
        inner.apply(x, y);
      }

      @Override
      public void applyBlock(MemorySegment x, MemorySegment y, int count) {
        SymmetricOperator.super.applyBlock(x, y, count);
        // Second group (runs 3, 4, 5), its 7th step: column 1 is run 4.
        if (blocks.incrementAndGet() == 20 + 7) {
          y.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 3L * count + 1, Double.NaN);
        }
      }

      @Override
      public int preferredBlockSize() {
        return 3;
      }
    };
    NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
        () -> small().threads(1).numRuns(6).lanczosSteps(20).checkSymmetry(false).build()
            .estimate(poisoned));
    assertEquals(4, e.run());
    assertEquals(7, e.step());
  }

  @Test
  void aRunDependsOnItsSeedAndIndexOnly() {
    SymmetricOperator op = randomDense(200, 8);
    SpectralDensity a = small().seed(7).numRuns(3).lanczosSteps(15).build().estimate(op);
    SpectralDensity fewer = small().seed(7).numRuns(2).lanczosSteps(15).build().estimate(op);
    SpectralDensity next = small().seed(8).numRuns(2).lanczosSteps(15).build().estimate(op);
    // The same (seed, run) gives the same run, whatever the run count.
    assertArrayEquals(a.nodes(1), fewer.nodes(1));
    assertArrayEquals(a.weights(1), fewer.weights(1));
    // The next seed is another estimate: its runs are not this seed's later runs.
    for (int r = 0; r < 2; r++) {
      for (int s = 0; s < 3; s++) {
        assertFalse(Arrays.equals(a.weights(s), next.weights(r)), "seed 7 run " + s
            + " and seed 8 run " + r);
      }
    }
  }

  @Test
  void operatorThatIsNotThreadSafeIsNeverCalledConcurrently() {
    double[] d = TestOperators.values(20000, i -> Math.sqrt(i));
    SymmetricOperator inner = TestOperators.diagonal(d);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    SymmetricOperator guarded = new SymmetricOperator() {
      @Override
      public long dimension() {
        return inner.dimension();
      }

      @Override
      public void apply(MemorySegment x, MemorySegment y) {
        int now = inside.incrementAndGet();
        maxInside.accumulateAndGet(now, Math::max);
        inner.apply(x, y);
        inside.decrementAndGet();
      }
    };
    SpectralDensity serial = small().threads(4).numRuns(6).lanczosSteps(30).build()
        .estimate(guarded);
    assertEquals(1, maxInside.get());
    SpectralDensity free = small().threads(1).numRuns(6).lanczosSteps(30).build().estimate(inner);
    assertArrayEquals(free.density(), serial.density());
  }

  /**
   * An operator whose one run needs far more memory than any machine has (n = 1e12: 8 TB per
   * Lanczos vector) is refused with the named exception before anything is allocated or the
   * operator is called, whatever the memory of the machine running the test.
   */
  @Test
  void aRunThatCannotFitIsRefusedBeforeAnyAllocation() {
    AtomicInteger calls = new AtomicInteger();
    SymmetricOperator huge = new SymmetricOperator() {
      @Override
      public long dimension() {
        return 1_000_000_000_000L;
      }

      @Override
      public void apply(MemorySegment x, MemorySegment y) {
        calls.incrementAndGet();
      }
    };
    InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
        () -> SpectralDensityEstimator.builder().build().estimate(huge));
    assertEquals(82 * 8_000_000_000_000L, e.bytesNeeded());
    assertTrue(e.getMessage().startsWith("needs 656000 GB for one run's full basis"),
        e.getMessage());
    assertEquals(0, calls.get());
  }

  /**
   * A thread-safe operator that fails on its fifth call: estimate() must rethrow that failure
   * only after the other workers have stopped (they stop at their next Lanczos step), so that no
   * operator call happens after it returns, and no worker takes a new run once one has failed.
   */
  @Test
  void aFailedRunStopsTheOtherWorkersBeforeTheEstimateThrows() {
    for (int block : new int[] {1, 2}) {
      double[] d = TestOperators.values(20000, i -> Math.sqrt(i));
      SymmetricOperator inner = TestOperators.diagonal(d);
      AtomicInteger calls = new AtomicInteger();
      AtomicInteger late = new AtomicInteger();
      java.util.concurrent.atomic.AtomicBoolean returned =
          new java.util.concurrent.atomic.AtomicBoolean();
      SymmetricOperator failing = new SymmetricOperator() {
        @Override
        public long dimension() {
          return inner.dimension();
        }

        @Override
        public void apply(MemorySegment x, MemorySegment y) {
          if (returned.get()) {
            late.incrementAndGet();
          }
          if (calls.incrementAndGet() == 5) {
            throw new IllegalStateException("operator failure on call 5");
          }
          inner.apply(x, y);
        }

        @Override
        public boolean isThreadSafe() {
          return true;
        }
      };
      // Cheap steps (no reorthogonalization), 8 runs x 2000 steps = 16000 calls if nothing
      // stopped them.
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> small().threads(4).numRuns(8).lanczosSteps(2000).blockSize(block)
              .reorthogonalization(Reorthogonalization.NONE).checkSymmetry(false).build()
              .estimate(failing));
      returned.set(true);
      assertEquals("operator failure on call 5", e.getMessage());
      int atReturn = calls.get();
      // The other workers stop within a step of the failure (a few calls each); 1000 leaves
      // room for a descheduled thread on a loaded machine.
      assertTrue(atReturn < 1000, "block " + block + ": " + atReturn + " calls");
      try {
        Thread.sleep(100);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      assertEquals(0, late.get(), "operator calls after estimate() threw, block " + block);
    }
  }

  /**
   * Interrupting the thread that called estimate() stops every run within a step or two, on
   * any number of workers and helpers (also when the calling thread is itself the only worker):
   * estimate() throws, with the thread's interrupt status still set, only after every thread it
   * started has ended and every worker's memory has been freed.
   */
  @Test
  void interruptingTheEstimatingThreadStopsEveryRunAndFreesItsMemory() throws Exception {
    int n = 4 * 65536 + 5; // several row chunks, so that helpers have work
    double[] d = TestOperators.values(n, i -> Math.sin(i) + 2);
    SymmetricOperator inner = TestOperators.diagonal(d);
    // {threads, runs, block}: the calling thread alone; one worker and a helper; two workers;
    // two workers in lockstep blocks.
    for (int[] c : new int[][] {{1, 1, 1}, {2, 1, 1}, {2, 4, 1}, {2, 4, 2}}) {
      String label = c[0] + " threads, " + c[1] + " runs, block " + c[2];
      AtomicInteger calls = new AtomicInteger();
      AtomicInteger late = new AtomicInteger();
      java.util.concurrent.atomic.AtomicBoolean returned =
          new java.util.concurrent.atomic.AtomicBoolean();
      java.util.List<MemorySegment> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
      java.util.concurrent.atomic.AtomicReference<Thread> estimating =
          new java.util.concurrent.atomic.AtomicReference<>();
      SymmetricOperator interrupting = new SymmetricOperator() {
        @Override
        public long dimension() {
          return n;
        }

        @Override
        public void apply(MemorySegment x, MemorySegment y) {
          if (returned.get()) {
            late.incrementAndGet();
          }
          seen.add(x);
          if (calls.incrementAndGet() == 20) {
            estimating.get().interrupt();
          }
          inner.apply(x, y);
        }

        @Override
        public boolean isThreadSafe() {
          return true;
        }
      };
      java.util.concurrent.atomic.AtomicReference<Throwable> thrown =
          new java.util.concurrent.atomic.AtomicReference<>();
      java.util.concurrent.atomic.AtomicBoolean flagAfter =
          new java.util.concurrent.atomic.AtomicBoolean();
      Thread t = new Thread(() -> {
        try {
          // 2000 cheap steps a run: far more than the test waits for when nothing stops them.
          small().threads(c[0]).numRuns(c[1]).blockSize(c[2]).lanczosSteps(2000)
              .reorthogonalization(Reorthogonalization.NONE).checkSymmetry(false).build()
              .estimate(interrupting);
        } catch (Throwable e) {
          thrown.set(e);
        } finally {
          returned.set(true);
          flagAfter.set(Thread.currentThread().isInterrupted());
        }
      }, "estimating");
      estimating.set(t);
      t.start();
      t.join(60_000);
      assertFalse(t.isAlive(), label + ": estimate() did not return");
      assertTrue(thrown.get() instanceof IllegalStateException, label + ": " + thrown.get());
      assertTrue(thrown.get().getMessage().contains("interrupted"), label);
      assertTrue(flagAfter.get(), label + ": interrupt status cleared");
      // Each worker finishes the step it is in and maybe one more: a few calls past the 20th.
      assertTrue(calls.get() < 20 + 4 * c[1] * c[2] + 10, label + ": " + calls.get() + " calls");
      for (MemorySegment x : seen) {
        assertFalse(x.scope().isAlive(), label + ": worker memory still allocated");
      }
      for (Thread other : Thread.getAllStackTraces().keySet()) {
        assertFalse(other.getName().startsWith("slq4j-") && other.isAlive(),
            label + ": " + other.getName() + " still running");
      }
      Thread.sleep(50);
      assertEquals(0, late.get(), label + ": operator calls after estimate() returned");
    }
  }

  /**
   * The estimator's vectors are not confined to the calling thread: a matrix-free operator may
   * split its matvec over threads of its own (here a parallel stream), in every execution path.
   */
  @Test
  void operatorMayUseThreadsOfItsOwn() {
    double[] d = TestOperators.values(30000, i -> Math.sin(i) + 2);
    SymmetricOperator serial = TestOperators.diagonal(d);
    SymmetricOperator parallel = new SymmetricOperator() {
      @Override
      public long dimension() {
        return d.length;
      }

      @Override
      public void apply(MemorySegment x, MemorySegment y) {
        java.util.stream.IntStream.range(0, d.length).parallel().forEach(i -> y.setAtIndex(
            java.lang.foreign.ValueLayout.JAVA_DOUBLE, i,
            d[i] * x.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i)));
      }

      @Override
      public boolean isThreadSafe() {
        return true;
      }
    };
    SpectralDensity expected = small().threads(1).numRuns(4).lanczosSteps(20).build()
        .estimate(serial);
    for (int threads : new int[] {1, 2}) {
      for (int block : new int[] {1, 2}) {
        SpectralDensity r = small().threads(threads).numRuns(4).lanczosSteps(20)
            .blockSize(block).build().estimate(parallel);
        assertArrayEquals(expected.density(), r.density(), threads + " threads, block " + block);
      }
    }
  }

  @Test
  void progressReachesTheTotal() {
    double[] d = TestOperators.values(400, i -> i);
    AtomicLong lastSteps = new AtomicLong();
    AtomicInteger lastRuns = new AtomicInteger();
    AtomicLong calls = new AtomicLong();
    small().numRuns(4).lanczosSteps(25).threads(2).build().estimate(
        TestOperators.diagonal(d), (steps, total, runs, runsTotal) -> {
          assertEquals(100, total);
          assertEquals(4, runsTotal);
          lastSteps.accumulateAndGet(steps, Math::max);
          lastRuns.accumulateAndGet(runs, Math::max);
          calls.incrementAndGet();
        });
    assertEquals(100, lastSteps.get());
    assertEquals(4, lastRuns.get());
    assertTrue(calls.get() >= 100);
  }

  @Test
  void explicitSigmaIsUsedAndPaddingNeverLetsMassFallOff() {
    double[] d = TestOperators.values(500, i -> i % 2 == 0 ? 0.0 : 1.0);
    SpectralDensity r = small().sigma(0.7).gridPadding(0.0).build()
        .estimate(TestOperators.diagonal(d));
    assertEquals(0.7, r.sigma());
    assertTrue(r.gridPoint(0) <= -6 * 0.7 + 1e-12, "grid starts at " + r.gridPoint(0));
    assertEquals(1.0, r.integral(), 1e-6);
  }

  @Test
  void withoutReorthogonalizationLowMomentsStillMatch() {
    int n = 600;
    double[] d = TestOperators.values(n, i -> Math.sin(0.1 * i));
    SpectralDensity r = small().numRuns(2).lanczosSteps(20)
        .reorthogonalization(Reorthogonalization.NONE).build()
        .estimate(TestOperators.diagonal(d));
    for (int run = 0; run < 2; run++) {
      for (int j = 0; j <= 6; j++) {
        double exact = 0;
        for (double di : d) {
          exact += Math.pow(di, j);
        }
        exact /= n;
        double gauss = 0;
        double[] x = r.nodes(run);
        double[] w = r.weights(run);
        for (int k = 0; k < x.length; k++) {
          gauss += w[k] * Math.pow(x[k], j);
        }
        assertEquals(exact, gauss, 1e-10, "moment " + j);
      }
    }
  }

  @Test
  void logGridGivesTheDensityOfLog10() {
    int n = 3000;
    // Log-uniform on [1e-1, 1e2]: log10(lambda) is uniform on [-1, 2], density 1/3.
    double[] d = TestOperators.values(n, i -> Math.pow(10, -1 + 3.0 * i / (n - 1)));
    SpectralDensity r = SpectralDensityEstimator.builder().gridScale(GridScale.LOG10).build()
        .estimate(TestOperators.diagonal(d));
    assertEquals(GridScale.LOG10, r.gridScale());
    assertEquals(1.0, r.integral(), 1e-6);
    // Gauss nodes follow the linear measure, so the lowest decade is the least resolved; the
    // CDF error is bounded by the node weights there (see the bracketing test).
    assertEquals(1.0 / 3, massBelow(r, 0.0), 0.05);
    assertEquals(2.0 / 3, massBelow(r, 1.0), 0.02);
    assertEquals(1.0 / 3, r.densityAt(Arrays.binarySearch(r.grid(), 1.5) < 0
        ? -Arrays.binarySearch(r.grid(), 1.5) - 1 : 0), 0.05);
    assertTrue(r.nodes(0)[0] > 0, "nodes stay eigenvalues, not logarithms");
  }

  @Test
  void logGridRejectsANonPositiveSpectrum() {
    double[] d = TestOperators.values(100, i -> i - 10.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> small().lanczosSteps(10).gridScale(GridScale.LOG10).build()
            .estimate(TestOperators.diagonal(d)));
    assertTrue(e.getMessage().contains("positive"), e.getMessage());
  }

  /**
   * With as many steps as the dimension, Lanczos on a diagonal recovers every eigenvalue, and a
   * Rademacher start gives each the weight 1/n exactly; the SYMLOG10 density is then the closed
   * form (1/n) sum_i N(s - s(lambda_i), sigma) with s(t) = sign(t) log10(1 + |t| / c).
   */
  @Test
  void symlogGridIsTheClosedFormOnAFullyResolvedIndefiniteDiagonal() {
    int n = 50;
    // Magnitudes log-spaced over 1e-2..1e2, alternating in sign, and one zero.
    double[] d = TestOperators.values(n, i -> i == 0 ? 0
        : (i % 2 == 0 ? 1 : -1) * Math.pow(10, -2 + 4.0 * i / (n - 1)));
    double c = 0.05;
    SpectralDensity r = SpectralDensityEstimator.builder().numRuns(2).lanczosSteps(n)
        .numGridPoints(2000).gridScale(GridScale.SYMLOG10).symlogLinearZone(c).build()
        .estimate(TestOperators.diagonal(d));
    assertEquals(GridScale.SYMLOG10, r.gridScale());
    assertEquals(c, r.linearZone());
    double[] s = new double[n];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      s[i] = Math.signum(d[i]) * Math.log10(1 + Math.abs(d[i]) / c);
      lo = Math.min(lo, s[i]);
      hi = Math.max(hi, s[i]);
    }
    assertEquals((hi - lo) / n, r.sigma(), 1e-9 * r.sigma(), "default sigma in s units");
    double sigma = r.sigma();
    double peak = 0;
    double[] exact = new double[r.gridSize()];
    for (int j = 0; j < exact.length; j++) {
      for (int i = 0; i < n; i++) {
        double z = (r.gridPoint(j) - s[i]) / sigma;
        exact[j] += Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI)) / n;
      }
      peak = Math.max(peak, exact[j]);
    }
    for (int j = 0; j < exact.length; j++) {
      assertEquals(exact[j], r.densityAt(j), 1e-6 * peak, "grid point " + j);
    }
    assertEquals(1.0, r.integral(), 1e-9);
    for (double t : new double[] {-30, -0.1, 0, 1e-3, 0.7, 80}) {
      assertEquals(t, r.eigenvalueAt(r.gridVariable(t)), 1e-14 * Math.max(1, Math.abs(t)));
    }
  }

  /** AUTO_LOG: log10 on a positive spectrum; on an indefinite one the symmetric log, c by rule. */
  @Test
  void autoLogGridPicksLog10OrTheSymmetricLogBySign() {
    int n = 50;
    double[] positive = TestOperators.values(n, i -> Math.pow(10, -2 + 4.0 * i / (n - 1)));
    SpectralDensity p = SpectralDensityEstimator.builder().numRuns(2).lanczosSteps(n)
        .gridScale(GridScale.AUTO_LOG).build().estimate(TestOperators.diagonal(positive));
    assertEquals(GridScale.LOG10, p.gridScale());
    assertTrue(Double.isNaN(p.linearZone()));
    double[] mixed = positive.clone();
    for (int i = 0; i < n; i += 2) {
      mixed[i] = -mixed[i];
    }
    SpectralDensity m = SpectralDensityEstimator.builder().numRuns(2).lanczosSteps(n)
        .gridScale(GridScale.AUTO_LOG).build().estimate(TestOperators.diagonal(mixed));
    assertEquals(GridScale.SYMLOG10, m.gridScale());
    // Every weight is 1/50: 5% of the mass is reached at the third smallest magnitude.
    double[] magnitudes = Arrays.stream(mixed).map(Math::abs).sorted().toArray();
    assertEquals(magnitudes[2], m.linearZone(), 1e-9 * magnitudes[2]);
    // The mass below an eigenvalue's symmetric log is the fraction of eigenvalues below it.
    double between = (magnitudes[20] + magnitudes[21]) / 2;
    long below = Arrays.stream(mixed).filter(v -> v < between).count();
    assertEquals((double) below / n, massBelow(m, m.gridVariable(between)), 0.02);
  }

  /** A grid the heap cannot hold is refused before the first matvec. */
  @Test
  void gridTooLargeForTheHeapIsRefusedBeforeTheRuns() {
    int[] calls = new int[1];
    SymmetricOperator diagonal = TestOperators.diagonal(new double[50]);
    SymmetricOperator counting = new SymmetricOperator() {
      @Override
      public long dimension() {
        return diagonal.dimension();
      }

      @Override
      public void apply(java.lang.foreign.MemorySegment x, java.lang.foreign.MemorySegment y) {
        calls[0]++;
        diagonal.apply(x, y);
      }
    };
    InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
        () -> small().lanczosSteps(5).numGridPoints(Integer.MAX_VALUE).build()
            .estimate(counting));
    assertTrue(e.getMessage().contains("a grid of 2147483647 points"), e.getMessage());
    assertEquals(0, calls[0], "no matvec before the refusal");
  }

  @Test
  void badOptionsNameTheValue() {
    EstimatorOptions.Builder b = SpectralDensityEstimator.builder();
    assertMessage(() -> b.numRuns(0), "numRuns", "0");
    assertMessage(() -> b.lanczosSteps(0), "lanczosSteps", "0");
    assertMessage(() -> b.numGridPoints(1), "numGridPoints", "1");
    assertMessage(() -> b.sigma(0), "sigma", "0.0");
    assertMessage(() -> b.sigma(-2), "sigma", "-2.0");
    assertMessage(() -> b.sigma(Double.NaN), "sigma", "NaN");
    assertMessage(() -> b.sigma(Double.POSITIVE_INFINITY), "sigma", "Infinity");
    assertMessage(() -> b.gridPadding(-0.5), "gridPadding", "-0.5");
    assertMessage(() -> b.symlogLinearZone(0), "symlogLinearZone", "0.0");
    assertMessage(() -> b.symlogLinearZone(Double.NaN), "symlogLinearZone", "NaN");
    assertMessage(() -> b.threads(0), "threads", "0");
    SymmetricOperator op = TestOperators.diagonal(new double[30]);
    assertMessage(() -> b.lanczosSteps(31).build().estimate(op), "lanczosSteps = 31", "n = 30");
  }

  @Test
  void asymmetricOperatorIsRejectedUpFront() {
    double[][] a = new double[40][40];
    for (int i = 0; i < 40; i++) {
      a[i][i] = i;
      if (i + 1 < 40) {
        a[i][i + 1] = 1;
      }
    }
    assertMessage(() -> small().lanczosSteps(10).build().estimate(TestOperators.dense(a)),
        "not symmetric", "checkSymmetry(false)");
    // Switched off, the estimate runs (and is the user's responsibility).
    small().lanczosSteps(10).checkSymmetry(false).build().estimate(TestOperators.dense(a));
  }

  @Test
  void nonFiniteOperatorOutputNamesRunAndStep() {
    double[] d = TestOperators.values(200, i -> i);
    SymmetricOperator inner = TestOperators.diagonal(d);
    AtomicInteger calls = new AtomicInteger();
    SymmetricOperator poisoned = new SymmetricOperator() {
      @Override
      public long dimension() {
        return 200;
      }

      @Override
      public void apply(MemorySegment x, MemorySegment y) {
        inner.apply(x, y);
        if (calls.incrementAndGet() == 20 + 7) {
          y.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 3, Double.NaN);
        }
      }
    };
    NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
        () -> small().threads(1).lanczosSteps(20).checkSymmetry(false).build()
            .estimate(poisoned));
    assertEquals(1, e.run());
    assertEquals(7, e.step());
    assertTrue(e.getMessage().startsWith("run 1, Lanczos step 7"), e.getMessage());
  }

  @Test
  void nonFiniteOutputIsCaughtByTheSymmetryProbeToo() {
    double[] d = TestOperators.values(100, i -> i == 5 ? Double.POSITIVE_INFINITY : i);
    assertThrows(NonFiniteValueException.class,
        () -> small().lanczosSteps(10).build().estimate(TestOperators.diagonal(d)));
  }

  private static void assertMessage(Runnable action, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' lacks '" + part + "'");
    }
  }
}
