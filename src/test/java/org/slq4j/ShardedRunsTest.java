package org.slq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slq4j.operators.LaplacianOperator;

/**
 * Shards of an estimate's runs, computed separately and merged in any order, give the estimate
 * of one machine bit for bit; a merge of rules that are not exactly the estimate's runs is
 * refused with a message naming the run.
 */
class ShardedRunsTest {

  private static final SymmetricOperator OPERATOR = LaplacianOperator.of(17, 13, 5);

  private static SpectralDensityEstimator estimator(int threads) {
    return SpectralDensityEstimator.builder().numRuns(10).lanczosSteps(30).seed(42)
        .numGridPoints(500).threads(threads).build();
  }

  private static List<RunRule> shards(SpectralDensityEstimator e, int... bounds) {
    List<RunRule> rules = new ArrayList<>();
    for (int s = 0; s + 1 < bounds.length; s++) {
      rules.addAll(e.estimateRuns(OPERATOR, bounds[s], bounds[s + 1] - bounds[s]));
    }
    return rules;
  }

  private static void assertSameEstimate(SpectralDensity expected, SpectralDensity actual) {
    assertEquals(expected.numRuns(), actual.numRuns());
    for (int r = 0; r < expected.numRuns(); r++) {
      assertArrayEquals(expected.nodes(r), actual.nodes(r), "nodes of run " + r);
      assertArrayEquals(expected.weights(r), actual.weights(r), "weights of run " + r);
    }
    assertArrayEquals(expected.grid(), actual.grid());
    assertArrayEquals(expected.density(), actual.density());
    assertEquals(Double.doubleToRawLongBits(expected.sigma()),
        Double.doubleToRawLongBits(actual.sigma()));
    assertEquals(expected.matvecs(), actual.matvecs());
    assertEquals(expected.dimension(), actual.dimension());
  }

  @Test
  void shardsMergeIntoTheOneMachineEstimate() {
    SpectralDensity whole = estimator(2).estimate(OPERATOR);
    // Shards on one thread, merged by an estimator of another thread count.
    List<RunRule> rules = shards(estimator(1), 0, 3, 7, 10);
    assertSameEstimate(whole, estimator(2).assemble(OPERATOR.dimension(), rules));

    List<RunRule> shuffled = new ArrayList<>(shards(estimator(2), 7, 10));
    shuffled.addAll(shards(estimator(1), 0, 3));
    shuffled.addAll(shards(estimator(2), 3, 7));
    Collections.shuffle(shuffled, new Random(7));
    assertSameEstimate(whole, estimator(1).assemble(OPERATOR.dimension(), shuffled));
  }

  @Test
  void rulesSurviveTheirBinaryForm() {
    for (RunRule rule : estimator(1).estimateRuns(OPERATOR, 4, 2)) {
      RunRule back = RunRule.fromBytes(rule.toBytes());
      assertEquals(rule, back);
      assertArrayEquals(rule.nodes(), back.nodes());
    }
    byte[] junk = {1, 2, 3, 4, 5};
    assertThrows(IllegalArgumentException.class, () -> RunRule.fromBytes(junk));
  }

  @Test
  void badShardsAreRefusedNamingTheRun() {
    SpectralDensityEstimator e = estimator(1);
    long n = OPERATOR.dimension();
    List<RunRule> all = shards(e, 0, 10);

    List<RunRule> gap = new ArrayList<>(all);
    gap.remove(5);
    assertMessage("run 5 is missing", () -> e.assemble(n, gap));

    List<RunRule> duplicate = new ArrayList<>(all);
    duplicate.add(all.get(3));
    assertMessage("run 3 is given twice", () -> e.assemble(n, duplicate));

    SpectralDensityEstimator fewerSteps = SpectralDensityEstimator.builder().numRuns(10)
        .lanczosSteps(20).seed(42).numGridPoints(500).threads(1).build();
    List<RunRule> wrongSteps = new ArrayList<>(all);
    wrongSteps.set(8, fewerSteps.estimateRuns(OPERATOR, 8, 1).get(0));
    assertMessage("run 8 was computed with 20 Lanczos steps", () -> e.assemble(n, wrongSteps));

    SpectralDensityEstimator otherSeed = SpectralDensityEstimator.builder().numRuns(10)
        .lanczosSteps(30).seed(43).numGridPoints(500).threads(1).build();
    List<RunRule> wrongSeed = new ArrayList<>(all);
    wrongSeed.set(2, otherSeed.estimateRuns(OPERATOR, 2, 1).get(0));
    assertMessage("run 2 was computed with seed 43", () -> e.assemble(n, wrongSeed));

    SpectralDensityEstimator moreRuns = SpectralDensityEstimator.builder().numRuns(12)
        .lanczosSteps(30).seed(42).numGridPoints(500).threads(1).build();
    List<RunRule> extra = new ArrayList<>(all);
    extra.add(moreRuns.estimateRuns(OPERATOR, 11, 1).get(0));
    assertMessage("run 11 is not a run of this estimate", () -> e.assemble(n, extra));

    assertMessage("run 4: 31 nodes for 30 Lanczos steps",
        () -> new RunRule(42, 4, 30, new double[31], new double[31], 30));
    assertMessage("runs 8 .. 11 are not within", () -> e.estimateRuns(OPERATOR, 8, 4));
  }

  private static void assertMessage(String part, Runnable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    assertTrue(e.getMessage().contains(part), () -> "message '" + e.getMessage()
        + "' should contain '" + part + "'");
  }

  /** A deflated estimate's runs depend on its pre-pass: shards of one are refused. */
  @Test
  void deflatedEstimatesAreNotSharded() {
    SpectralDensityEstimator e = SpectralDensityEstimator.builder().numRuns(4).lanczosSteps(10)
        .varianceReduction(VarianceReduction.DEFLATE).build();
    IllegalArgumentException x = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> e.estimateRuns(TestOperators.diagonal(new double[40]), 0, 2));
    org.junit.jupiter.api.Assertions.assertTrue(x.getMessage().contains("varianceReduction "
        + "must be NONE, got DEFLATE"), x.getMessage());
  }

  /** The rule of a tridiagonal computed elsewhere: T = [[2, 1], [1, 2]] has eigenvalues 1 and
   * 3 with first components 1/sqrt(2) each; too many diagonal entries are refused. */
  @Test
  void aRuleFromATridiagonalComputedElsewhere() {
    RunRule rule = RunRule.ofTridiagonal(42, 3, 5, new double[] {2, 2}, new double[] {1}, 2);
    assertArrayEquals(new double[] {1, 3}, rule.nodes(), 1e-15);
    assertArrayEquals(new double[] {0.5, 0.5}, rule.weights(), 1e-15);
    assertEquals(3, rule.run());
    assertEquals(2, rule.matvecs());
    assertMessage("run 3: 3 diagonal entries for 2 Lanczos steps",
        () -> RunRule.ofTridiagonal(42, 3, 2, new double[3], new double[2], 3));
  }
}
