package org.slq4j.internal.deflation;

import java.lang.foreign.MemorySegment;
import org.slq4j.SymmetricOperator;

/**
 * P H P with P = I - V V', V the deflated eigenvectors: the operator the runs of a deflated
 * estimate see. Its spectrum is that of H with the deflated eigenvalues replaced by zeros whose
 * eigenvectors (V) a start vector in range(P) never reaches.
 *
 * <p>A product is y = P (H x): only the output is projected. The runs' vectors all lie in
 * range(P) (their start vectors are projected, and products and Lanczos combinations stay
 * there), and for x in range(P), P H x = P H P x. The components along V that rounding leaves
 * in x are of order 1e-16, and H maps them back into span(V) up to the pairs' residuals, which
 * P removes. Projecting one side halves the cost and needs no copy of x (which must not be
 * modified). Each column of a block is projected as the same vector alone ({@link Projector}),
 * so {@link #applyBlock} stays bit-exact column by column when H's is.
 */
final class DeflatedOperator implements SymmetricOperator {

  private final SymmetricOperator operator;
  private final Projector projector;

  DeflatedOperator(SymmetricOperator operator, Projector projector) {
    this.operator = operator;
    this.projector = projector;
  }

  @Override
  public long dimension() {
    return operator.dimension();
  }

  @Override
  public void apply(MemorySegment x, MemorySegment y) {
    operator.apply(x, y);
    projector.project(y, 1);
  }

  @Override
  public void applyBlock(MemorySegment x, MemorySegment y, int count) {
    operator.applyBlock(x, y, count);
    projector.project(y, count);
  }

  @Override
  public int preferredBlockSize() {
    return operator.preferredBlockSize();
  }

  @Override
  public boolean isThreadSafe() {
    return operator.isThreadSafe();
  }
}
