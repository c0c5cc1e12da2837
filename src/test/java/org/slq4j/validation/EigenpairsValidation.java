package org.slq4j.validation;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slq4j.EigenSolver;
import org.slq4j.Eigenpairs;
import org.slq4j.SharedData;
import org.slq4j.SymmetricOperator;
import org.slq4j.io.LoadedMatrix;
import org.slq4j.io.MatrixFiles;

/**
 * The 10 largest eigenpairs of two real matrices against their exact spectra (../shared/data,
 * LAPACK eigenvalues): bcsstk13 (stiffness, eigenvalues up to 3.1e12, the top two 0.85% apart)
 * and mlp_digits_trained (a trained network's Hessian: a few outliers over a bulk near zero).
 *
 * <p>With the default tolerance (1e-8), with and without the multiplicity check, every
 * eigenvalue must lie within its explicit residual of the exact one and within 1e-8 relative,
 * every pair must have converged, the residual is recomputed here and the vectors must be
 * orthonormal. With hessian_eigenthings' default tolerance (1e-4) only the residual bound is
 * required. The products used are printed for each run, for comparison with
 * {@code jmh/python/eigs_power_iteration.py} (the reference library's deflated power iteration
 * on the same matrices).
 */
class EigenpairsValidation {

  private static final int K = 10;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"suitesparse/bcsstk13", "hessians/mlp_digits_trained"})
  void topTenAgainstTheExactSpectrum(String stem) throws IOException {
    Path dir = SharedData.directory();
    double[] exact = SpectralDistance.readColumn(dir.resolve(stem + ".eigenvalues.txt"));
    Path matrix = dir.resolve(stem + (stem.startsWith("hessians") ? ".npy" : ".mtx"));
    try (LoadedMatrix m = MatrixFiles.load(matrix)) {
      assertEquals(exact.length, m.dimension());
      run(stem, m.operator(), exact, 1e-8, true, true);
      run(stem, m.operator(), exact, 1e-8, false, true);
      run(stem, m.operator(), exact, 1e-4, true, false);
    }
  }

  private static void run(String stem, SymmetricOperator op, double[] exact, double tolerance,
      boolean multiplicityCheck, boolean strict) {
    int n = exact.length;
    try (Eigenpairs p = EigenSolver.builder().k(K).tolerance(tolerance)
        .multiplicityCheck(multiplicityCheck).build().solve(op)) {
      double worstRelative = 0;
      double worstBoundRatio = 0;
      for (int i = 0; i < K; i++) {
        double lambda = exact[n - 1 - i];
        double theta = p.eigenvalue(i);
        double r = p.residualNorm(i);
        double error = Math.abs(theta - lambda);
        String what = String.format(Locale.ROOT, "%s tol %.0e check %b pair %d: theta %.17g, "
            + "exact %.17g, residual %.3g", stem, tolerance, multiplicityCheck, i, theta, lambda,
            r);
        // The exact eigenvalues are LAPACK's, accurate to a few units of ||H|| u.
        assertTrue(error <= r + 64 * 0x1p-53 * exact[n - 1], what + ": error " + error
            + " exceeds the residual");
        assertEquals(recomputedResidual(op, p.eigenvector(i), theta), r, 1e-12 * exact[n - 1],
            what);
        if (strict) {
          assertTrue(p.converged(i), what + " converged");
          assertTrue(error <= 1e-8 * Math.abs(lambda), what + ": relative error "
              + error / Math.abs(lambda));
        }
        worstRelative = Math.max(worstRelative, error / Math.abs(lambda));
        worstBoundRatio = Math.max(worstBoundRatio, r / Math.abs(lambda));
      }
      for (int i = 0; i < K; i++) {
        MemorySegment a = p.eigenvector(i);
        for (int j = 0; j <= i; j++) {
          double dot = 0;
          MemorySegment b = p.eigenvector(j);
          for (int q = 0; q < n; q++) {
            dot += a.getAtIndex(JAVA_DOUBLE, q) * b.getAtIndex(JAVA_DOUBLE, q);
          }
          assertEquals(i == j ? 1.0 : 0.0, dot, 1e-12, stem + " y_" + i + " . y_" + j);
        }
      }
      System.out.printf(Locale.ROOT, "%s top %d, tol %.0e, multiplicity check %s: %d products "
          + "(%d Lanczos, %d residual checks, %d symmetry probe), restarts %d, phases %d, "
          + "%.3f s; max relative error %.2e, max residual / |lambda| %.2e, all converged %b%n",
          stem, K, tolerance, multiplicityCheck ? "on " : "off", p.matvecs(),
          p.lanczosMatvecs(), K, p.matvecs() - p.lanczosMatvecs() - K, p.restarts(),
          p.phases(), p.wallTime().toNanos() / 1e9, worstRelative, worstBoundRatio,
          p.allConverged());
    }
  }

  private static double recomputedResidual(SymmetricOperator op, MemorySegment y,
      double theta) {
    int n = (int) op.dimension();
    MemorySegment x = MemorySegment.ofArray(y.toArray(JAVA_DOUBLE));
    MemorySegment hy = MemorySegment.ofArray(new double[n]);
    op.apply(x, hy);
    double s = 0;
    for (int q = 0; q < n; q++) {
      double e = hy.getAtIndex(JAVA_DOUBLE, q) - theta * x.getAtIndex(JAVA_DOUBLE, q);
      s += e * e;
    }
    return Math.sqrt(s);
  }
}
