package org.slq4j.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.slq4j.RunRule;
import org.slq4j.SymmetricOperator;

/**
 * What one task sends back to the driver: the dimension of the operator it ran on and the Gauss
 * rules of its group of runs, each in {@link RunRule}'s binary form (a fixed byte layout, so
 * the rules arrive bit for bit whatever Spark's serializer).
 *
 * @param dimension the operator's dimension as the executor saw it
 * @param encodedRules one {@link RunRule#toBytes()} per run of the group
 */
record Shard(long dimension, byte[][] encodedRules) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Runs {@code firstRun .. firstRun + count - 1} on this executor's operator of {@code source}. */
  static Shard compute(OperatorSource source, SerializableOptions options, int firstRun,
      int count) {
    SymmetricOperator operator = ExecutorOperators.get(source);
    List<RunRule> rules = options.estimator().estimateRuns(operator, firstRun, count);
    byte[][] encoded = new byte[rules.size()][];
    for (int k = 0; k < encoded.length; k++) {
      encoded[k] = rules.get(k).toBytes();
    }
    return new Shard(operator.dimension(), encoded);
  }

  /** The decoded rules. */
  Iterator<RunRule> rules() {
    return Arrays.stream(encodedRules).map(RunRule::fromBytes).iterator();
  }
}
