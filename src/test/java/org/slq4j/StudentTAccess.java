package org.slq4j;

/** Student t quantiles for tests outside the package. */
public final class StudentTAccess {

  private StudentTAccess() {}

  /** The two-sided quantile at {@code confidence} with {@code dof} degrees of freedom. */
  public static double quantile(double confidence, int dof) {
    return StudentT.twoSidedQuantile(confidence, dof);
  }
}
