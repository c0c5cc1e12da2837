package org.slq4j.internal.vectorization;

/**
 * Plain Java Gaussian sums by the windowed multiplicative recurrence, plus the per-node helpers
 * the SIMD implementation shares.
 *
 * <p>The recurrence. On the grid t_j = first + j*step write z_j = (t_j - x)/sigma and d =
 * step/sigma. Then g_j = exp(-z_j^2/2) satisfies g_{j+1} = g_j * r_j with r_j = exp(-z_j d -
 * d^2/2), and r_{j+1} = r_j * c with the constant c = exp(-d^2). The scalar loop runs {@link
 * #CHAINS} such recurrences interleaved (chain l holds the points j = l mod CHAINS, so its stride
 * is CHAINS*d and its constant exp(-(CHAINS d)^2)): independent chains keep the multiplier busy
 * instead of waiting on one dependent product per point. The error analysis and the two-level
 * scheme (fine segments chained by a coarse recurrence) are described in {@link GaussianSums}.
 */
final class ScalarGaussianSums implements GaussianSumsSupport {

  /** 1/sqrt(2 pi). */
  static final double INV_SQRT_2PI = 0.3989422804014327;

  /** Independent recurrences in the scalar loop. */
  static final int CHAINS = 4;

  ScalarGaussianSums() {}

  /** Node k's peak height; 0 when its contribution is exactly 0. Validated finite upstream. */
  static double coefficient(double scale, double weight, double sigma) {
    double sw = scale * weight;
    return sw == 0 ? 0 : sw / sigma * INV_SQRT_2PI;
  }

  /**
   * The grid indices [lo, hi] within {@code reach} of x, packed as lo << 32 | hi, or -1 when no
   * grid point is that close. Computed in double so that far-away nodes cannot overflow an int.
   */
  static long window(double first, double step, int size, double x, double reach) {
    double lo = Math.ceil((x - reach - first) / step);
    double hi = Math.floor((x + reach - first) / step);
    if (!(hi >= 0) || !(lo <= size - 1)) {
      return -1;
    }
    int l = (int) Math.max(0, lo);
    int h = (int) Math.min(size - 1, hi);
    return l > h ? -1 : ((long) l << 32) | h;
  }

  @Override
  public void accumulate(
      double first, double step, int size, double[] nodes, double[] weights, int count,
      double scale, double sigma, double[] density) {
    Steps st = new Steps(CHAINS * (step / sigma));
    double reach = GaussianSums.CUTOFF_SIGMAS * sigma;
    for (int k = 0; k < count; k++) {
      double a = coefficient(scale, weights[k], sigma);
      if (a == 0) {
        continue;
      }
      long w = window(first, step, size, nodes[k], reach);
      if (w < 0) {
        continue;
      }
      node(first, step, (int) (w >>> 32), (int) w + 1, nodes[k], sigma, a, st, density);
    }
  }

  /**
   * The constants of the two-level recurrence for a lane stride of d sigmas: a fine step (ratio
   * r, factor c = exp(-d^2)) and a coarse step over K = {@link GaussianSums#RESTART_STEPS} fine
   * steps (ratio b = exp(-z K d - (K d)^2/2), factor exp(-(K d)^2); the fine ratio advances by
   * c^K = exp(-K d^2)).
   */
  static final class Steps {
    final double d;
    final double halfD2;
    final double c;
    final double kd;
    final double halfKd2;
    final double cb;
    final double ck;

    Steps(double d) {
      int k = GaussianSums.RESTART_STEPS;
      this.d = d;
      this.halfD2 = 0.5 * d * d;
      this.c = Math.exp(-d * d);
      this.kd = k * d;
      this.halfKd2 = 0.5 * kd * kd;
      this.cb = Math.exp(-kd * kd);
      this.ck = Math.exp(-k * d * d);
    }
  }

  /**
   * Adds a*g over [lo, end). Four chains; each segment of K chain steps runs the fine
   * recurrence from values the coarse recurrence carries across segments; every {@link
   * GaussianSums#COARSE_STEPS} segments everything restarts from exact exps.
   */
  private static void node(
      double first, double step, int lo, int end, double x, double sigma, double a, Steps st,
      double[] density) {
    int seg = GaussianSums.RESTART_STEPS * CHAINS;
    int j = lo;
    while (j < end) {
      double jd = j;  // the index in double: j + 3 must not overflow an int
      double z0 = (first + jd * step - x) / sigma;
      double z1 = (first + (jd + 1) * step - x) / sigma;
      double z2 = (first + (jd + 2) * step - x) / sigma;
      double z3 = (first + (jd + 3) * step - x) / sigma;
      double g0 = Math.exp(-0.5 * z0 * z0);
      double g1 = Math.exp(-0.5 * z1 * z1);
      double g2 = Math.exp(-0.5 * z2 * z2);
      double g3 = Math.exp(-0.5 * z3 * z3);
      if (end - j < 2 * CHAINS) {
        // A short window: the first CHAINS points from these exps, the rest on the next pass.
        int n = Math.min(end - j, CHAINS);
        density[j] += a * g0;
        if (n > 1) {
          density[j + 1] += a * g1;
        }
        if (n > 2) {
          density[j + 2] += a * g2;
        }
        if (n > 3) {
          density[j + 3] += a * g3;
        }
        j += n;
        continue;
      }
      double r0 = Math.exp(-z0 * st.d - st.halfD2);
      double r1 = Math.exp(-z1 * st.d - st.halfD2);
      double r2 = Math.exp(-z2 * st.d - st.halfD2);
      double r3 = Math.exp(-z3 * st.d - st.halfD2);
      boolean coarse = end - j > seg;
      double b0 = 0;
      double b1 = 0;
      double b2 = 0;
      double b3 = 0;
      if (coarse) {
        b0 = Math.exp(-z0 * st.kd - st.halfKd2);
        b1 = Math.exp(-z1 * st.kd - st.halfKd2);
        b2 = Math.exp(-z2 * st.kd - st.halfKd2);
        b3 = Math.exp(-z3 * st.kd - st.halfKd2);
      }
      for (int m = 0; m < GaussianSums.COARSE_STEPS && j < end; m++) {
        // Segment start values, kept for the coarse step.
        double s0 = g0;
        double s1 = g1;
        double s2 = g2;
        double s3 = g3;
        double q0 = r0;
        double q1 = r1;
        double q2 = r2;
        double q3 = r3;
        int stop = (int) Math.min(end, (long) j + seg);  // no int overflow near 2^31
        for (; j <= stop - CHAINS; j += CHAINS) {
          density[j] += a * g0;
          density[j + 1] += a * g1;
          density[j + 2] += a * g2;
          density[j + 3] += a * g3;
          g0 *= r0;
          g1 *= r1;
          g2 *= r2;
          g3 *= r3;
          r0 *= st.c;
          r1 *= st.c;
          r2 *= st.c;
          r3 *= st.c;
        }
        int rest = stop - j;  // 0..CHAINS-1 points left (only at the window's end)
        if (rest > 0) {
          density[j] += a * g0;
          if (rest > 1) {
            density[j + 1] += a * g1;
          }
          if (rest > 2) {
            density[j + 2] += a * g2;
          }
          j = stop;
        }
        if (j < end) {
          // Coarse step: the next segment's start values from exact-ish products.
          g0 = s0 * b0;
          g1 = s1 * b1;
          g2 = s2 * b2;
          g3 = s3 * b3;
          b0 *= st.cb;
          b1 *= st.cb;
          b2 *= st.cb;
          b3 *= st.cb;
          r0 = q0 * st.ck;
          r1 = q1 * st.ck;
          r2 = q2 * st.ck;
          r3 = q3 * st.ck;
        }
      }
    }
  }
}
