package org.slq4j;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;
import java.util.function.LongToDoubleFunction;

/** Small operators for tests, independent of the library's own operator package. */
public final class TestOperators {

  private TestOperators() {}

  /** diag(d) with a plain loop. */
  public static SymmetricOperator diagonal(double[] d) {
    return new SymmetricOperator() {
      @Override
      public long dimension() {
        return d.length;
      }

      @Override
      public void apply(MemorySegment x, MemorySegment y) {
        for (int i = 0; i < d.length; i++) {
          y.setAtIndex(JAVA_DOUBLE, i, d[i] * x.getAtIndex(JAVA_DOUBLE, i));
        }
      }

      @Override
      public boolean isThreadSafe() {
        return true;
      }
    };
  }

  /** Dense symmetric a (row-major double[][]), plain loops. */
  public static SymmetricOperator dense(double[][] a) {
    return new SymmetricOperator() {
      @Override
      public long dimension() {
        return a.length;
      }

      @Override
      public void apply(MemorySegment x, MemorySegment y) {
        for (int i = 0; i < a.length; i++) {
          double s = 0;
          for (int j = 0; j < a.length; j++) {
            s += a[i][j] * x.getAtIndex(JAVA_DOUBLE, j);
          }
          y.setAtIndex(JAVA_DOUBLE, i, s);
        }
      }

      @Override
      public boolean isThreadSafe() {
        return true;
      }
    };
  }

  /** diag(f(i)) for i in [0, n). */
  public static double[] values(int n, LongToDoubleFunction f) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = f.applyAsDouble(i);
    }
    return d;
  }

  /**
   * {@code inner} that asks for blocks of {@code preferred} vectors; its applyBlock is the
   * interface default (one apply per column, so bit-exact) and records each block's count.
   */
  public static SymmetricOperator blocking(SymmetricOperator inner, int preferred,
      java.util.List<Integer> counts) {
    return new SymmetricOperator() {
      @Override
      public long dimension() {
        return inner.dimension();
      }

      @Override
      public void apply(MemorySegment x, MemorySegment y) {
        inner.apply(x, y);
      }

      @Override
      public void applyBlock(MemorySegment x, MemorySegment y, int count) {
        synchronized (counts) {
          counts.add(count);
        }
        SymmetricOperator.super.applyBlock(x, y, count);
      }

      @Override
      public int preferredBlockSize() {
        return preferred;
      }

      @Override
      public boolean isThreadSafe() {
        return inner.isThreadSafe();
      }
    };
  }
}
