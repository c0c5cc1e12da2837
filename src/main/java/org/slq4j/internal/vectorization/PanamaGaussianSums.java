package org.slq4j.internal.vectorization;

import static org.slq4j.internal.vectorization.PanamaVectorConstants.DOUBLES;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.LANES;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.at;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.of;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;

/**
 * Gaussian sums with the Vector API. Created only by {@link PanamaVectorizationProvider}.
 *
 * <p>The kernel runs two interleaved vectors A and B (two independent product
 * chains, so the multiplier's latency overlaps): lane l of A holds the points j0 + l +
 * STRIDE*i, B the points LANES further, STRIDE = 2*LANES. Each lane is the two-level recurrence
 * of {@link ScalarGaussianSums} with a stride of STRIDE grid steps, its constant the
 * c^(STRIDE^2) of the one-step recurrence. Per STRIDE points the loop does two loads, two fmas,
 * two stores and four multiplies; a restart costs four scalar exps (the lanes are seeded from
 * the first point by the one-step recurrence).
 */
final class PanamaGaussianSums implements GaussianSumsSupport {

  PanamaGaussianSums() {}

  @Override
  public void accumulate(
      double first, double step, int size, double[] nodes, double[] weights, int count,
      double scale, double sigma, double[] density) {
    double reach = GaussianSums.CUTOFF_SIGMAS * sigma;
    // Two interleaved vectors: lane l of A holds the points j0 + l + STRIDE*i, B those 4 on.
    ScalarGaussianSums.Steps st = new ScalarGaussianSums.Steps(STRIDE * (step / sigma));
    double[] state = new double[3 * STRIDE];  // O(1) scratch, see nodeRecurrence
    ScalarGaussianSums.Steps st1 = new ScalarGaussianSums.Steps(step / sigma);
    // Per grid step, the stride ratio changes by exp(-d1 D) and the coarse one by exp(-d1 K D).
    double[] lane = {Math.exp(-st1.d * st.d), Math.exp(-st1.d * st.kd)};
    for (int k = 0; k < count; k++) {
      double a = ScalarGaussianSums.coefficient(scale, weights[k], sigma);
      if (a == 0) {
        continue;
      }
      long w = ScalarGaussianSums.window(first, step, size, nodes[k], reach);
      if (w < 0) {
        continue;
      }
      int lo = (int) (w >>> 32);
      int end = (int) w + 1;
      nodeRecurrence(first, step, lo, end, nodes[k], sigma, a, st, st1, lane, density, state);
    }
  }

  /** Points per iteration: two vectors, so that two independent product chains overlap. */
  private static final int STRIDE = 2 * LANES;

  /**
   * Adds a*g over [lo, end). The coarse state lives in the small arrays {@code state} (g, fine
   * ratio r and coarse ratio b of both vectors, at the current segment's start), so that vector
   * values only flow through straight code and one simple loop, which C2 keeps in registers.
   */
  private static void nodeRecurrence(
      double first, double step, int lo, int end, double x, double sigma, double a,
      ScalarGaussianSums.Steps st, ScalarGaussianSums.Steps st1, double[] lane, double[] density,
      double[] state) {
    int seg = GaussianSums.RESTART_STEPS * STRIDE;
    int j = lo;
    while (j < end) {
      // Restart. The vector exp is not intrinsified on every JVM (about 11 ns a lane here), so
      // four scalar exps at the first point seed all STRIDE lanes through the one-step
      // recurrence (l <= STRIDE-1 steps, error ~l^2 u): g and the one-step ratio r1, the
      // stride ratio rs and the coarse ratio b, each advanced by its factor per grid step.
      boolean coarse = end - j > seg;
      double z = (first + (double) j * step - x) / sigma;
      double g = Math.exp(-0.5 * z * z);
      double r1 = Math.exp(-z * st1.d - st1.halfD2);
      double rs = Math.exp(-z * st.d - st.halfD2);
      double b = coarse ? Math.exp(-z * st.kd - st.halfKd2) : 0;
      for (int l = 0; l < STRIDE; l++) {
        state[G + l] = g;
        state[R + l] = rs;
        state[B + l] = b;
        g *= r1;
        r1 *= st1.c;
        rs *= lane[0];
        b *= lane[1];
      }
      if (end - j <= STRIDE) {
        segment(density, j, end, a, state, 1);
        return;
      }
      for (int m = 0; m < GaussianSums.COARSE_STEPS && j < end; m++) {
        int stop = (int) Math.min(end, (long) j + seg);  // no int overflow near 2^31
        j = segment(density, j, stop, a, state, st.c);
        if (j < end) {
          for (int v = 0; v < STRIDE; v += LANES) {
            DoubleVector bv = at(state, B + v);
            at(state, G + v).mul(bv).intoArray(state, G + v);
            bv.mul(st.cb).intoArray(state, B + v);
            at(state, R + v).mul(st.ck).intoArray(state, R + v);
          }
        }
      }
    }
  }

  /** Offsets in the state array: g, fine ratio, coarse ratio, STRIDE doubles each. */
  private static final int G = 0;
  private static final int R = STRIDE;
  private static final int B = 2 * STRIDE;

  /** The fine recurrence over [j, stop) from the state's g and r; returns stop. */
  private static int segment(double[] density, int j, int stop, double a, double[] state,
      double c) {
    DoubleVector av = of(a);
    DoubleVector ga = at(state, G);
    DoubleVector gb = at(state, G + LANES);
    DoubleVector ra = at(state, R);
    DoubleVector rb = at(state, R + LANES);
    for (; j <= stop - STRIDE; j += STRIDE) {
      ga.fma(av, at(density, j)).intoArray(density, j);
      gb.fma(av, at(density, j + LANES)).intoArray(density, j + LANES);
      ga = ga.mul(ra);
      gb = gb.mul(rb);
      ra = ra.mul(c);
      rb = rb.mul(c);
    }
    if (j < stop) {
      // The window's last, partial pair of vectors.
      VectorMask<Double> ma = DOUBLES.indexInRange(j, stop);
      VectorMask<Double> mb = DOUBLES.indexInRange(j + LANES, stop);
      ga.fma(av, at(density, j, ma)).intoArray(density, j, ma);
      gb.fma(av, at(density, j + LANES, mb)).intoArray(density, j + LANES, mb);
    }
    return stop;
  }
}
