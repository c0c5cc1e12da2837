package org.slq4j.internal.plan;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.ReentrantLock;
import org.slq4j.SymmetricOperator;

/**
 * An operator that is not thread-safe, made safe for several workers by letting one call at a
 * time through. The workers still run their Lanczos arithmetic in parallel; only the products
 * wait for each other.
 */
final class SerializedOperator implements SymmetricOperator {

  private final SymmetricOperator delegate;
  private final ReentrantLock lock = new ReentrantLock();

  SerializedOperator(SymmetricOperator delegate) {
    this.delegate = delegate;
  }

  /** {@code operator} itself when it is thread-safe or only one worker calls it, else wrapped. */
  static SymmetricOperator forWorkers(SymmetricOperator operator, int workers) {
    return operator.isThreadSafe() || workers == 1 ? operator : new SerializedOperator(operator);
  }

  @Override
  public long dimension() {
    return delegate.dimension();
  }

  @Override
  public void apply(MemorySegment x, MemorySegment y) {
    lock.lock();
    try {
      delegate.apply(x, y);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void applyBlock(MemorySegment x, MemorySegment y, int count) {
    lock.lock();
    try {
      delegate.applyBlock(x, y, count);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int preferredBlockSize() {
    return delegate.preferredBlockSize();
  }

  @Override
  public boolean isThreadSafe() {
    return true;
  }
}
