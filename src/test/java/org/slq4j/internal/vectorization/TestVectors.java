package org.slq4j.internal.vectorization;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Shared helpers of the kernel tests: both implementations, random data, exact references. */
final class TestVectors {

  static final double EPS = Math.ulp(1.0);

  private TestVectors() {}

  /** True when this JVM can run the Panama kernels (the default-test execution). */
  static boolean panamaAvailable() {
    return VectorizationProvider.panama().isPresent();
  }

  /** The Panama implementation (only when {@link #panamaAvailable()}). */
  static KernelSupport panama() {
    return VectorizationProvider.panama().orElseThrow().kernelSupport();
  }

  /** Scalar always; Panama too when the module is present. */
  static List<KernelSupport> implementations() {
    List<KernelSupport> all = new ArrayList<>();
    all.add(VectorizationProvider.scalar().kernelSupport());
    if (panamaAvailable()) {
      all.add(panama());
    }
    return all;
  }

  /** The implementation's name for messages: "ScalarKernelSupport" or "PanamaKernelSupport". */
  static String name(Object impl) {
    return impl.getClass().getSimpleName();
  }

  static MemorySegment segment(Arena arena, double[] values) {
    MemorySegment s = arena.allocate(JAVA_DOUBLE, Math.max(1, values.length));
    MemorySegment.copy(values, 0, s, JAVA_DOUBLE, 0, values.length);
    return s;
  }

  /** {@code values} placed at {@code offset} in a segment with some slack at both ends. */
  static MemorySegment segmentAt(Arena arena, double[] values, long offset) {
    MemorySegment s = arena.allocate(JAVA_DOUBLE, offset + values.length + 3);
    for (long i = 0; i < s.byteSize() / 8; i++) {
      s.setAtIndex(JAVA_DOUBLE, i, 12345.0); // poison outside the range
    }
    MemorySegment.copy(values, 0, s, JAVA_DOUBLE, offset * 8, values.length);
    return s;
  }

  static double[] read(MemorySegment s, long offset, int n) {
    double[] out = new double[n];
    MemorySegment.copy(s, JAVA_DOUBLE, offset * 8, out, 0, n);
    return out;
  }

  /** Uniform in [-1, 1) times 2^e with e uniform in [-spread, spread]. */
  static double[] random(SplittableRandom r, int n, int spread) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.scalb(2 * r.nextDouble() - 1, spread == 0 ? 0 : r.nextInt(-spread, spread + 1));
    }
    return x;
  }

  static BigDecimal exactDot(double[] x, double[] y) {
    BigDecimal s = BigDecimal.ZERO;
    for (int i = 0; i < x.length; i++) {
      s = s.add(new BigDecimal(x[i]).multiply(new BigDecimal(y[i])));
    }
    return s;
  }

  /** sqrt(sum x^2) from the exact sum, correctly rounded to about 40 digits. */
  static double exactNorm(double[] x) {
    BigDecimal s = BigDecimal.ZERO;
    for (double v : x) {
      BigDecimal b = new BigDecimal(v);
      s = s.add(b.multiply(b));
    }
    return s.sqrt(new MathContext(40)).doubleValue();
  }

  static double sumAbsProducts(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += Math.abs(x[i] * y[i]);
    }
    return s;
  }

  /**
   * k orthonormal vectors of length n stored contiguously (vector j at j*n), by modified
   * Gram-Schmidt applied twice to random vectors in plain double arithmetic.
   */
  static double[] orthonormalBasis(SplittableRandom r, int k, int n) {
    double[] v = new double[k * n];
    for (int j = 0; j < k; j++) {
      double[] x = random(r, n, 0);
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < j; i++) {
          double d = 0;
          for (int t = 0; t < n; t++) {
            d += v[i * n + t] * x[t];
          }
          for (int t = 0; t < n; t++) {
            x[t] -= d * v[i * n + t];
          }
        }
      }
      double nrm = 0;
      for (double t : x) {
        nrm += t * t;
      }
      nrm = Math.sqrt(nrm);
      for (int t = 0; t < n; t++) {
        v[j * n + t] = x[t] / nrm;
      }
    }
    return v;
  }

  /**
   * Dot product as if in twice the working precision (Ogita, Rump and Oishi 2005, Dot2: exact
   * products by FMA, sums by TwoSum), enough to measure |v.w| down to 1e-16 relative.
   */
  static double dot2(double[] x, int xo, double[] y, int n) {
    double s = 0;
    double c = 0;
    for (int i = 0; i < n; i++) {
      double p = x[xo + i] * y[i];
      double pe = Math.fma(x[xo + i], y[i], -p);
      double t = s + p;
      double z = t - s;
      c += (s - (t - z)) + (p - z) + pe;
      s = t;
    }
    return s + c;
  }

  /** max_j |v_j . w| / ||w||, each dot in doubled precision. */
  static double orthogonality(double[] v, int k, int n, double[] w) {
    double nw = exactNorm(w);
    double worst = 0;
    for (int j = 0; j < k; j++) {
      worst = Math.max(worst, Math.abs(dot2(v, j * n, w, n)));
    }
    return worst / nw;
  }
}
