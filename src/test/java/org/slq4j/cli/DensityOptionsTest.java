package org.slq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slq4j.GridScale;
import org.slq4j.SpectralDensityEstimator;
import org.slq4j.Reorthogonalization;

class DensityOptionsTest {

  @Test
  void defaultsAreTheLibrarysDefaults() throws Exception {
    SpectralDensityEstimator cli = DensityOptions.parse(List.of("m.mtx")).estimator();
    SpectralDensityEstimator lib = SpectralDensityEstimator.withDefaults();
    assertEquals(lib.numRuns(), cli.numRuns());
    assertEquals(lib.lanczosSteps(), cli.lanczosSteps());
    assertEquals(lib.numGridPoints(), cli.numGridPoints());
    assertEquals(lib.sigma(), cli.sigma());
    assertEquals(lib.seed(), cli.seed());
    assertEquals(lib.gridPadding(), cli.gridPadding());
    assertEquals(lib.gridScale(), cli.gridScale());
    assertEquals(lib.threads(), cli.threads());
    assertEquals(lib.reorthogonalization(), cli.reorthogonalization());
    assertEquals(lib.checkSymmetry(), cli.checkSymmetry());
  }

  @Test
  void everyOptionInBothSpellings() throws Exception {
    DensityOptions o = DensityOptions.parse(List.of("--runs=3", "--steps", "7", "m.npy",
        "--grid-points=99", "--sigma", "2.5e-3", "--seed=-4", "--padding", ".25",
        "--log-grid", "--threads=1", "--reorth", "NONE", "--out=o", "-q",
        "--no-symmetry-check"));
    assertEquals("m.npy", o.input);
    assertEquals("o", o.out);
    assertTrue(o.quiet);
    SpectralDensityEstimator e = o.estimator();
    assertEquals(3, e.numRuns());
    assertEquals(7, e.lanczosSteps());
    assertEquals(99, e.numGridPoints());
    assertEquals(2.5e-3, e.sigma());
    assertEquals(-4, e.seed());
    assertEquals(0.25, e.gridPadding());
    assertEquals(GridScale.AUTO_LOG, e.gridScale());
    assertEquals(1, e.threads());
    assertEquals(Reorthogonalization.NONE, e.reorthogonalization());
    assertEquals(false, e.checkSymmetry());
  }

  @Test
  void doubleDashAllowsAnInputStartingWithADash() throws Exception {
    assertEquals("-odd.mtx", DensityOptions.parse(List.of("--runs", "2", "--", "-odd.mtx"))
        .input);
  }

  @Test
  void floatBasisGoesWithFullReorthogonalizationOnly() throws Exception {
    assertEquals(org.slq4j.BasisPrecision.FLOAT32,
        DensityOptions.parse(List.of("--basis", "float32", "m.mtx")).estimator()
            .basisPrecision());
    UserError e = org.junit.jupiter.api.Assertions.assertThrows(UserError.class,
        () -> DensityOptions.parse(List.of("--reorth", "local", "--basis", "float32",
            "m.mtx")));
    assertTrue(e.getMessage().startsWith("--basis float32 works with --reorth full only"),
        e.getMessage());
  }
}
