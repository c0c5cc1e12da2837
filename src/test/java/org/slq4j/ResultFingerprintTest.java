package org.slq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slq4j.operators.CsrOperator;
import org.slq4j.operators.DenseSymmetricOperator;
import org.slq4j.operators.DiagonalOperator;
import org.slq4j.operators.Operators;

/**
 * Pins a few complete results (grid, density, sigma, every run's nodes and weights) by their
 * SHA-256, so that a change meant to leave the numerics alone (a refactoring, a kernel moved)
 * is proven to: any changed bit changes the hash. The hashes depend on the kernels that run
 * (the scalar fallback, or SIMD at a given vector width round differently in the last digits),
 * so each configuration pins its own; a configuration with no pinned hash is skipped, with the
 * hash it computed in the message.
 *
 * <p>The pinned values were computed by this test's code on the kernels named in each key (the
 * 256-bit ones on an AVX-512 machine with {@code -XX:MaxVectorSize=32}: Vector API lanes round
 * as Java arithmetic does, whatever the hardware) and must change only with a deliberate change
 * of the arithmetic, named in the commit that changes them.
 */
class ResultFingerprintTest {

  /** Kernel configuration (implementation and doubles per vector) -> case -> SHA-256 prefix. */
  private static final Map<String, Map<String, String>> PINNED = Map.of(
      "scalar", Map.of(
          "diagonalFull", "6f85d0c6124fc3ebe408db0c",
          "csrLaplacianBlocks", "63461dedc1cdd8f83c9696ab",
          "denseNoReorthogonalization", "768c349af3855f4f221265e6",
          "logGridLambda", "9fe149baeba9b468f26734bb"),
      "panama, 4 doubles per vector (256-bit)", Map.of(
          "diagonalFull", "6b016de6cbc6fa1cf97a8a66",
          "csrLaplacianBlocks", "0868625930df53a057d22230",
          "denseNoReorthogonalization", "8fc63c6ce425486b98399268",
          "logGridLambda", "820e00d6a4405a91f1e2be02"),
      "panama, 8 doubles per vector (512-bit)", Map.of(
          "diagonalFull", "64185621e166172b05f68e90",
          "csrLaplacianBlocks", "96700736724469e62109d4b2",
          "denseNoReorthogonalization", "19eefc60197981c2befcff04",
          "logGridLambda", "fb04aede453fdd3112e5da07"));

  private static String configuration() {
    // Uses only public API present before and after internal packages move.
    SpectralDensity d = SpectralDensityEstimator.builder().numRuns(1).lanczosSteps(1)
        .numGridPoints(2).build().estimate(DiagonalOperator.of(1, 2));
    return d.kernels();
  }

  private static String hash(SpectralDensity d) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer b = ByteBuffer.allocate(8);
      java.util.function.DoubleConsumer put = v -> {
        b.clear();
        b.putLong(Double.doubleToRawLongBits(v));
        md.update(b.array());
      };
      for (double v : d.grid()) {
        put.accept(v);
      }
      for (double v : d.density()) {
        put.accept(v);
      }
      put.accept(d.sigma());
      for (int r = 0; r < d.numRuns(); r++) {
        for (double v : d.nodes(r)) {
          put.accept(v);
        }
        for (double v : d.weights(r)) {
          put.accept(v);
        }
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static void check(String name, SpectralDensity d) {
    String actual = hash(d);
    String config = configuration();
    Map<String, String> pinned = PINNED.get(config);
    assumeTrue(pinned != null && pinned.containsKey(name),
        "no pinned fingerprint for " + name + " on kernels '" + config + "'; computed " + actual);
    assertEquals(pinned.get(name), actual, name + " on kernels '" + config + "'");
  }

  /** A spread diagonal spectrum, full reorthogonalization, two threads, one run at a time. */
  @Test
  void diagonalFull() {
    double[] d = new double[3001];
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.pow(i / 300.0, 1.5) - 2 + 1e-3 * Math.sin(i);
    }
    try (DiagonalOperator op = DiagonalOperator.of(d)) {
      check("diagonalFull", SpectralDensityEstimator.builder().numRuns(7).lanczosSteps(45)
          .numGridPoints(1500).seed(11).threads(2).blockSize(1).build().estimate(op));
    }
  }

  /** A 2-D grid Laplacian in CSR, lockstep blocks (the operator's preferred size). */
  @Test
  void csrLaplacianBlocks() {
    int side = 61;
    long n = (long) side * side;
    CsrOperator.Builder b = CsrOperator.builder(n);
    for (int i = 0; i < side; i++) {
      for (int j = 0; j < side; j++) {
        long p = (long) i * side + j;
        b.add(p, p, 4.0 + 0.01 * ((i * 7 + j * 3) % 5));
        if (j + 1 < side) {
          b.add(p, p + 1, -1.0);
          b.add(p + 1, p, -1.0);
        }
        if (i + 1 < side) {
          b.add(p, p + side, -1.0);
          b.add(p + side, p, -1.0);
        }
      }
    }
    try (CsrOperator op = b.build()) {
      check("csrLaplacianBlocks", SpectralDensityEstimator.builder().numRuns(10).lanczosSteps(60)
          .numGridPoints(2000).seed(5).threads(2).build().estimate(op));
    }
  }

  /** A dense random symmetric matrix without reorthogonalization. */
  @Test
  void denseNoReorthogonalization() {
    int n = 257;
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(42);
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        a[i][j] = a[j][i] = rnd.nextDouble(-1, 1);
      }
    }
    try (DenseSymmetricOperator op = DenseSymmetricOperator.of(a)) {
      check("denseNoReorthogonalization", SpectralDensityEstimator.builder().numRuns(5)
          .lanczosSteps(90).numGridPoints(1000).seed(3).threads(1)
          .reorthogonalization(org.slq4j.Reorthogonalization.NONE).build().estimate(op));
    }
  }

  /** A positive spectrum over six decades on a LOG10 grid, through a double[] lambda. */
  @Test
  void logGridLambda() {
    int n = 1500;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = Math.pow(10, -3 + 6.0 * i / (n - 1));
    }
    SymmetricOperator op = Operators.fromArrays(n, (x, y) -> {
      for (int i = 0; i < n; i++) {
        y[i] = d[i] * x[i];
      }
    }, false);
    check("logGridLambda", SpectralDensityEstimator.builder().numRuns(4).lanczosSteps(70)
        .numGridPoints(800).seed(-9).threads(2).gridScale(GridScale.LOG10).sigma(0.05)
        .build().estimate(op));
  }
}
