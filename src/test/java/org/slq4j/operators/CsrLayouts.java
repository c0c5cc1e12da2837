package org.slq4j.operators;

/**
 * CSR builders with a forced layout, for tests and benchmarks outside this package (the
 * estimator tests, jmh/): the public face of the package-private
 * {@link CsrOperator.Builder#layout} hook, with the default tile shape.
 */
public final class CsrLayouts {

  private CsrLayouts() {}

  /**
   * A builder for an n x n matrix in the given layout.
   *
   * @param layout {@code auto} (the operator's own choice), {@code plain} or {@code blocked}
   */
  public static CsrOperator.Builder builder(long n, String layout) {
    Boolean blocked = switch (layout) {
      case "auto" -> null;
      case "plain" -> false;
      case "blocked" -> true;
      default -> throw new IllegalArgumentException("layout must be auto, plain or blocked, got '"
          + layout + "'");
    };
    return CsrOperator.builder(n).layout(blocked, BlockedCsr.ROW_BLOCK, BlockedCsr.PANEL_WIDTH);
  }

  /** Whether the operator uses the cache-blocked layout. */
  public static boolean isBlocked(CsrOperator op) {
    return op.isBlocked();
  }
}
