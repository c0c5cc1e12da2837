package org.slq4j;

/**
 * An estimate of tr(H) from {@link TraceEstimator}.
 *
 * <p>For Hutchinson the standard error is s / sqrt(p) of the p samples n z'Hz, and the
 * interval is the Student t interval estimate +- t(p - 1) s / sqrt(p). For Hutch++ they are
 * the same for the residual samples n g'(I - QQ')H(I - QQ')g added to the exact tr(Q'HQ): a
 * standard error given the sketch, which is unbiased for every sketch. With a single sample
 * there is no spread to measure: the standard error and the bounds are NaN.
 *
 * @param method how it was estimated
 * @param estimate the estimate of tr(H)
 * @param standardError estimated standard deviation of {@code estimate} (NaN for one sample)
 * @param lower lower end of the confidence interval (NaN for one sample)
 * @param upper upper end of the confidence interval (NaN for one sample)
 * @param confidence coverage of the interval, e.g. 0.95
 * @param matvecs products with H used, the symmetry probe's two included when it ran
 * @param probes random samples averaged (Hutch++: those of the residual)
 * @param sketchRank Hutch++: columns of Q = orth(H S) kept (fewer than M/3 when H S is
 *     rank deficient, e.g. when rank(H) &lt; M/3); 0 for Hutchinson
 * @param exactPart Hutch++: tr(Q'HQ), computed exactly; 0 for Hutchinson
 */
public record TraceEstimate(TraceEstimator.Method method, double estimate, double standardError,
    double lower, double upper, double confidence, long matvecs, int probes, int sketchRank,
    double exactPart) {}
