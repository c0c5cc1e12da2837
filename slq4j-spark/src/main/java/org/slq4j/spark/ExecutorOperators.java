package org.slq4j.spark;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slq4j.SymmetricOperator;

/**
 * The operators of one executor JVM, built once per source and kept for the JVM's life: the
 * tasks of an estimate (and of later estimates of the same source) share them instead of
 * reading the matrix again. Built-in operators are thread-safe; a user class is called by one
 * run at a time unless it says it is thread-safe, as in the core.
 */
final class ExecutorOperators {

  private static final ConcurrentMap<OperatorSource, SymmetricOperator> OPERATORS =
      new ConcurrentHashMap<>();

  private ExecutorOperators() {}

  /** The operator of {@code source}, built on first use in this JVM. */
  static SymmetricOperator get(OperatorSource source) {
    return OPERATORS.computeIfAbsent(source, OperatorSource::open);
  }
}
