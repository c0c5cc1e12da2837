package org.slq4j.internal.lanczos;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProbeSeedsTest {

  /** The documented definition, through the JDK's own SplitMix64. */
  @Test
  void isTheDocumentedSplitMix64Output() {
    for (long seed : new long[] {0, 1, 2, -1, 42, Long.MIN_VALUE, Long.MAX_VALUE}) {
      SplittableRandom runs = new SplittableRandom(new SplittableRandom(seed).nextLong());
      for (int r = 0; r < 50; r++) {
        assertEquals(runs.nextLong(), ProbeSeeds.of(seed, r), "seed " + seed + ", run " + r);
      }
    }
  }

  /**
   * Among seeds 0..19 x runs 0..9 (and each seed's auxiliary vectors), no two +-1 vectors of
   * length n have |v_a'v_b| > 6 sqrt(n): independent sign vectors have v_a'v_b of mean 0 and
   * standard deviation sqrt(n), so over the ~28 000 pairs a 6-sigma excess has probability
   * about 6e-5, while a shared probe gives n. With run r drawn from seed + r, seed 0 run 1 would
   * be seed 1 run 0.
   */
  @Test
  void seedsAndRunsGiveIndependentVectors() {
    int n = 4096;
    List<String> names = new ArrayList<>();
    List<double[]> vectors = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment x = arena.allocate((long) n * Double.BYTES, 8);
      for (long seed = 0; seed < 20; seed++) {
        List<Long> indices = new ArrayList<>(List.of(ProbeSeeds.SYMMETRY_X,
            ProbeSeeds.SYMMETRY_Y, ProbeSeeds.PREPASS));
        for (long r = 0; r < 10; r++) {
          indices.add(r);
        }
        for (long index : indices) {
          StartVectors.rademacher(ProbeSeeds.of(seed, index), x, n);
          double[] v = new double[n];
          for (int i = 0; i < n; i++) {
            v[i] = Math.signum(x.getAtIndex(JAVA_DOUBLE, i));
          }
          vectors.add(v);
          names.add("seed " + seed + " index " + index);
        }
      }
    }
    double bound = 6 * Math.sqrt(n);
    double largest = 0;
    for (int a = 0; a < vectors.size(); a++) {
      for (int b = a + 1; b < vectors.size(); b++) {
        double dot = 0;
        double[] va = vectors.get(a);
        double[] vb = vectors.get(b);
        for (int i = 0; i < n; i++) {
          dot += va[i] * vb[i];
        }
        assertTrue(Math.abs(dot) <= bound, names.get(a) + " and " + names.get(b)
            + " have inner product " + dot + " > 6 sqrt(n) = " + bound);
        largest = Math.max(largest, Math.abs(dot));
      }
    }
    // Sanity of the bound itself: the largest of ~28 000 independent |N(0, n)| is ~4.3 sqrt(n).
    assertTrue(largest > 3 * Math.sqrt(n), "largest |v_a'v_b| " + largest);
  }

  /** One seed's indices never repeat a probe seed (mix64 is a bijection, the step is odd). */
  @Test
  void aSeedsIndicesGiveDistinctProbeSeeds() {
    Set<Long> seen = new HashSet<>();
    for (long r = -3; r < 100_000; r++) {
      assertTrue(seen.add(ProbeSeeds.of(7, r)), "index " + r);
    }
  }
}
