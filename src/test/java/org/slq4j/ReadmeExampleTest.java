package org.slq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slq4j.io.NpyWriter;
import org.slq4j.operators.Operators;

/** The README's library examples, kept compiling and checked on a known spectrum. */
class ReadmeExampleTest {

  @Test
  void readmeExampleRuns() {
    int n = 2000;
    // A stand-in "Hessian": diag(0, 1/n, 2/n, ...) as a product over double[].
    SymmetricOperator hessian = Operators.fromArrays(n, (x, y) -> {
      for (int i = 0; i < n; i++) {
        y[i] = (double) i / n * x[i];
      }
    }, false);

    SpectralDensity d = SpectralDensityEstimator.builder()
        .numRuns(10)
        .lanczosSteps(80)
        .numGridPoints(10000)
        .seed(0)
        .build()
        .estimate(hessian);

    double[] t = d.grid();
    double[] phi = d.density();
    double[] nodes = d.nodes(0);
    double[] weights = d.weights(0);
    assertEquals(10000, t.length);
    assertEquals(10000, phi.length);
    assertEquals(80, nodes.length);
    assertEquals(1.0, Arrays.stream(weights).sum(), 1e-12);
    assertEquals(1.0, d.integral(), 1e-6);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int r = 0; r < d.numRuns(); r++) {
      lo = Math.min(lo, d.nodes(r)[0]);
      hi = Math.max(hi, d.nodes(r)[d.steps(r) - 1]);
    }
    assertEquals((hi - lo) / 80, d.sigma(), 0.0, "default sigma: node spread over the steps");

    SpectralMeasure mu = d.measure();
    BandedEstimate f = mu.cdf(0.5);
    BandedEstimate neg = mu.countBelow(0);
    BandedEstimate k = mu.count(0.1, 0.2);
    double median = mu.quantile(0.5).estimate();
    // The spectrum is i / n, i = 0 .. n - 1: F(0.5) = 1001 / 2000, no negative eigenvalue,
    // i = 201 .. 400 in (0.1, 0.2], median 999 / 2000.
    assertTrue(f.contains(1001.0 / 2000), f.toString());
    assertTrue(neg.contains(0) && neg.estimate() == 0, neg.toString());
    assertTrue(k.contains(200), k.toString());
    assertTrue(mu.quantile(0.5).contains(999.0 / 2000), mu.quantile(0.5).toString());
    assertEquals(0.5, median, 0.05);
  }

  @TempDir
  Path dir;

  @Test
  void readmeEigenpairsExampleRuns() throws IOException {
    int n = 2000;
    SymmetricOperator hessian = Operators.fromArrays(n, (x, y) -> {
      for (int i = 0; i < n; i++) {
        y[i] = (double) i / n * x[i];
      }
    }, false);
    Path file = dir.resolve("eigvecs.npy");

    try (Eigenpairs top = EigenSolver.builder()
        .k(10)
        .which(EigenSolver.Which.LARGEST)
        .tolerance(1e-8)
        .maxMatvecs(10_000)
        .build()
        .solve(hessian)) {
      double lambda = top.eigenvalue(0);
      double bound = top.residualNorm(0);
      boolean ok = top.converged(0);
      MemorySegment y = top.eigenvector(0);
      NpyWriter.writeEigenvectors(file, top);
      long products = top.matvecs();

      assertEquals((n - 1.0) / n, lambda, 1e-12);
      assertTrue(bound <= 1e-8 * lambda && ok);
      assertEquals(n * Double.BYTES, y.byteSize());
      assertTrue(products > 10 && products < 10_000, "" + products);
      assertEquals(128 + 8L * n * 10, Files.size(file));
    }
  }

  @Test
  void readmeTraceExampleRuns() {
    int n = 2000;
    // diag(0, 1/n, ..., (n-1)/n) has trace (n - 1) / 2.
    SymmetricOperator hessian = Operators.fromArrays(n, (x, y) -> {
      for (int i = 0; i < n; i++) {
        y[i] = (double) i / n * x[i];
      }
    }, false);

    TraceEstimate t = TraceEstimator.builder()
        .method(TraceEstimator.Method.HUTCHPP)
        .matvecs(99)
        .seed(0)
        .build()
        .estimate(hessian);
    double trace = t.estimate();

    // Hutchinson alone is exact on a diagonal, but Hutch++'s residual (I - QQ')H(I - QQ') is
    // not diagonal: its samples have a spread, which the standard error reports (about
    // 0.5e-3 n here). The estimate is within 4 of its standard errors of the exact trace.
    assertTrue(t.standardError() < 1e-3 * n, t::toString);
    assertEquals((n - 1) / 2.0, trace, 4 * t.standardError(), t::toString);
    assertEquals(99 + 2, t.matvecs(), "the budget and the two products of the symmetry probe");
  }
}
