package org.slq4j.internal.vectorization;

import static org.slq4j.internal.vectorization.PanamaVectorConstants.LANES;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.NATIVE;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.STORE_LANES;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.VBYTES;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.at;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.of;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.storeAt;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.storeOf;
import static org.slq4j.internal.vectorization.PanamaVectorConstants.sumLanes;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Hand-vectorized level-1 kernels (Vector API) over off-heap doubles; the Lanczos sweep is in
 * {@link PanamaLanczosSweep}. Created only by {@link PanamaVectorizationProvider}.
 *
 * <p>Every streaming kernel has the same shape (as in Lucene's PanamaVectorUtilSupport): a body
 * unrolled over independent accumulators so that FMA latency is hidden, a one-vector tail, one
 * reduction in a fixed lane order, then a scalar tail of fewer than {@code LANES} elements. Loop
 * bounds come from {@code n - n % step}, which C2 turns into a counted loop.
 */
final class PanamaKernelSupport implements KernelSupport {

  private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
  private static final long SBYTES = (long) STORE_LANES * Double.BYTES;

  PanamaKernelSupport() {}

  static double get(MemorySegment s, long index) {
    return s.getAtIndex(D, index);
  }

  /*
   * dot and sumSquares first cut the operands down to zero-based slices of exactly n doubles and
   * then walk byte offsets from 0. The slices are scalar-replaced by C2; what they buy is a
   * simpler range-check elimination (offsets from 0 against a length of exactly 8n bytes): dot
   * at n = 1000 runs about 15% faster than on offsets into the whole segment, with the same
   * accumulators in the same order. Four accumulators: at n beyond L1 the loads bound the loop,
   * and in L1 the load ports (not FMA latency) are the limit, so eight are slower (longer tail).
   */

  @Override
  public double dot(MemorySegment x0, long xo, MemorySegment y0, long yo, long n) {
    MemorySegment x = x0.asSlice(xo * Double.BYTES, n * Double.BYTES);
    MemorySegment y = y0.asSlice(yo * Double.BYTES, n * Double.BYTES);
    long o = 0;
    double sum = 0;
    if (n >= LANES) {
      DoubleVector a0 = of(0.0);
      DoubleVector a1 = a0;
      DoubleVector a2 = a0;
      DoubleVector a3 = a0;
      long end4 = (n - n % (4L * LANES)) * Double.BYTES;
      for (; o < end4; o += 4 * VBYTES) {
        a0 = at(x, o).fma(at(y, o), a0);
        a1 = at(x, o + VBYTES).fma(at(y, o + VBYTES), a1);
        a2 = at(x, o + 2 * VBYTES).fma(at(y, o + 2 * VBYTES), a2);
        a3 = at(x, o + 3 * VBYTES).fma(at(y, o + 3 * VBYTES), a3);
      }
      long end = (n - n % LANES) * Double.BYTES;
      for (; o < end; o += VBYTES) {
        a0 = at(x, o).fma(at(y, o), a0);
      }
      sum = sumLanes(a0.add(a1).add(a2.add(a3)));
    }
    for (long i = o / Double.BYTES; i < n; i++) {
      sum = Math.fma(get(x, i), get(y, i), sum);
    }
    return sum;
  }

  /**
   * Sum of squares, unscaled (may under- or overflow; {@link #nrm2} checks). The loop of dot
   * with one operand: dot(x, x) loads every vector twice (C2 does not merge the loads)
   * and ran 1.8x slower at n = 1000 in the same JMH run.
   */
  static double sumSquares(MemorySegment x0, long xo, long n) {
    MemorySegment x = x0.asSlice(xo * Double.BYTES, n * Double.BYTES);
    long o = 0;
    double sum = 0;
    if (n >= LANES) {
      DoubleVector a0 = of(0.0);
      DoubleVector a1 = a0;
      DoubleVector a2 = a0;
      DoubleVector a3 = a0;
      long end4 = (n - n % (4L * LANES)) * Double.BYTES;
      for (; o < end4; o += 4 * VBYTES) {
        DoubleVector v0 = at(x, o);
        DoubleVector v1 = at(x, o + VBYTES);
        DoubleVector v2 = at(x, o + 2 * VBYTES);
        DoubleVector v3 = at(x, o + 3 * VBYTES);
        a0 = v0.fma(v0, a0);
        a1 = v1.fma(v1, a1);
        a2 = v2.fma(v2, a2);
        a3 = v3.fma(v3, a3);
      }
      long end = (n - n % LANES) * Double.BYTES;
      for (; o < end; o += VBYTES) {
        DoubleVector v = at(x, o);
        a0 = v.fma(v, a0);
      }
      sum = sumLanes(a0.add(a1).add(a2.add(a3)));
    }
    for (long i = o / Double.BYTES; i < n; i++) {
      double v = get(x, i);
      sum = Math.fma(v, v, sum);
    }
    return sum;
  }

  /**
   * One fast unscaled pass; only when its sum of squares is outside the range where no square
   * can have under- or overflowed, a second pass scaled by a power of two near max|x| (the
   * strategy of OpenBLAS' and Blue's dnrm2, in two passes instead of three accumulators).
   */
  @Override
  public double nrm2(MemorySegment x, long xo, long n) {
    double s = sumSquares(x, xo, n);
    if (NumericConstants.sumOfSquaresInRange(s)) {
      return Math.sqrt(s);
    }
    if (Double.isNaN(s)) {
      return Double.NaN;
    }
    return scaledNorm(x, xo, n, maxAbs(x, xo, n));
  }

  private static double maxAbs(MemorySegment x, long xo, long n) {
    long xb = xo * Double.BYTES;
    long i = 0;
    double max = 0;
    if (n >= LANES) {
      DoubleVector m = of(0.0);
      long bound = n - n % LANES;
      for (; i < bound; i += LANES) {
        m = m.max(at(x, xb + i * Double.BYTES).abs());
      }
      max = m.reduceLanes(VectorOperators.MAX);
    }
    for (; i < n; i++) {
      max = Math.max(max, Math.abs(get(x, xo + i)));
    }
    return max;
  }

  /** sqrt(sum (x/2^e)^2) * 2^e with 2^e ~ max: no square over- or underflows significantly. */
  private static double scaledNorm(MemorySegment x, long xo, long n, double max) {
    if (max == 0 || Double.isInfinite(max) || Double.isNaN(max)) {
      return max;
    }
    int e = Math.getExponent(max);
    double down = Math.scalb(1.0, -e);
    long xb = xo * Double.BYTES;
    long i = 0;
    double sum = 0;
    if (n >= LANES) {
      DoubleVector a0 = of(0.0);
      DoubleVector a1 = a0;
      long bound2 = n - n % (2L * LANES);
      for (; i < bound2; i += 2L * LANES) {
        long xi = xb + i * Double.BYTES;
        DoubleVector v0 = at(x, xi).mul(down);
        DoubleVector v1 = at(x, xi + VBYTES).mul(down);
        a0 = v0.fma(v0, a0);
        a1 = v1.fma(v1, a1);
      }
      long bound = n - n % LANES;
      for (; i < bound; i += LANES) {
        DoubleVector v = at(x, xb + i * Double.BYTES).mul(down);
        a0 = v.fma(v, a0);
      }
      sum = sumLanes(a0.add(a1));
    }
    for (; i < n; i++) {
      double v = get(x, xo + i) * down;
      sum = Math.fma(v, v, sum);
    }
    // Two steps: 2^e alone may be subnormal-exact but sqrt(sum) * 2^e must not round early.
    return Math.scalb(Math.sqrt(sum), e);
  }

  @Override
  public void axpy(double a, MemorySegment x0, long xo, MemorySegment y0, long yo, long n) {
    // Exact-size zero-based slices, as in dot: at small n the cheaper range-check elimination
    // decides the race against the C2-autovectorized scalar loop (n = 33: 44 ns with slices,
    // 76 ns on offsets into the whole segment, 48 ns for the plain loop).
    MemorySegment x = x0.asSlice(xo * Double.BYTES, n * Double.BYTES);
    MemorySegment y = y0.asSlice(yo * Double.BYTES, n * Double.BYTES);
    DoubleVector av = storeOf(a);
    long end2 = (n - n % (2L * STORE_LANES)) * Double.BYTES;
    long o = 0;
    for (; o < end2; o += 2 * SBYTES) {
      DoubleVector r0 = storeAt(x, o).fma(av, storeAt(y, o));
      DoubleVector r1 = storeAt(x, o + SBYTES).fma(av, storeAt(y, o + SBYTES));
      r0.intoMemorySegment(y, o, NATIVE);
      r1.intoMemorySegment(y, o + SBYTES, NATIVE);
    }
    for (long i = o / Double.BYTES; i < n; i++) {
      y.setAtIndex(D, i, Math.fma(a, get(x, i), get(y, i)));
    }
  }

  @Override
  public void scal(double a, MemorySegment x, long xo, long n) {
    DoubleVector av = storeOf(a);
    long xb = xo * Double.BYTES;
    long i = 0;
    long bound = n - n % STORE_LANES;
    for (; i < bound; i += STORE_LANES) {
      long xi = xb + i * Double.BYTES;
      storeAt(x, xi).mul(av).intoMemorySegment(x, xi, NATIVE);
    }
    for (; i < n; i++) {
      x.setAtIndex(D, xo + i, a * get(x, xo + i));
    }
  }

  @Override
  public void copy(MemorySegment src, long so, MemorySegment dst, long d, long n) {
    // memmove: the JDK's bulk copy is already the fastest loop there is.
    MemorySegment.copy(src, D, so * Double.BYTES, dst, D, d * Double.BYTES, n);
  }

  @Override
  public void fill(double value, MemorySegment x, long xo, long n) {
    if (value == 0 && Double.doubleToRawLongBits(value) == 0) {
      x.asSlice(xo * Double.BYTES, n * Double.BYTES).fill((byte) 0);
      return;
    }
    DoubleVector v = of(value);
    long xb = xo * Double.BYTES;
    long i = 0;
    long bound = n - n % LANES;
    for (; i < bound; i += LANES) {
      v.intoMemorySegment(x, xb + i * Double.BYTES, NATIVE);
    }
    for (; i < n; i++) {
      x.setAtIndex(D, xo + i, value);
    }
  }

  /**
   * Two passes, the minimum for this contract: alpha = w.v must be complete before any element
   * of w changes. The second pass fuses both subtractions (reads w, v, u; writes w once).
   */
  @Override
  public double lanczosUpdate(
      MemorySegment w, long wo, MemorySegment v, long vo, MemorySegment u, long uo, double beta,
      long n) {
    double alpha = dot(w, wo, v, vo, n);
    long wb = wo * Double.BYTES;
    long vb = vo * Double.BYTES;
    long ub = uo * Double.BYTES;
    DoubleVector na = storeOf(-alpha);
    DoubleVector nb = storeOf(-beta);
    long i = 0;
    long bound = n - n % STORE_LANES;
    for (; i < bound; i += STORE_LANES) {
      long o = i * Double.BYTES;
      DoubleVector r = storeAt(v, vb + o).fma(na, storeAt(w, wb + o));
      storeAt(u, ub + o).fma(nb, r).intoMemorySegment(w, wb + o, NATIVE);
    }
    for (; i < n; i++) {
      double r = Math.fma(-alpha, get(v, vo + i), get(w, wo + i));
      w.setAtIndex(D, wo + i, Math.fma(-beta, get(u, uo + i), r));
    }
    return alpha;
  }

  @Override
  public double lanczosSweepRows(
      MemorySegment basis, long bo, long stride, int k, long rows, double sigma, double a1,
      double a2, double[] known, double[] p) {
    return PanamaLanczosSweep.sweep(basis, bo, stride, k, rows, sigma, a1, a2, known, p);
  }

  /**
   * One pass: each vector of w is formed as in the sweep's three-term step, stored, and
   * squared into one of two accumulators (the pass streams three or four vectors from memory;
   * two accumulators hide the FMA latency at that rate), then fewer than 2 * LANES elements
   * scalar. Each variant, with and without u, is its own method with one vector loop. A
   * rarely run vector loop feeding the same accumulators (a one-vector tail loop, or the other
   * variant's loop) let C2 leave its vector loads uninlined once the Vector API's profiles were
   * polluted ({@code VectorBoxingTest}); the boxed vectors then reached the accumulators' phi
   * and C2 boxed one per iteration of the main loop too (6 to 24 bytes allocated per element,
   * up to 24x slower).
   */
  @Override
  public double lanczosThreeTerm(
      MemorySegment w0, long wo, MemorySegment z0, long zo, MemorySegment u0, long uo,
      double sigma, double c1, double c2, long n) {
    MemorySegment w = w0.asSlice(wo * Double.BYTES, n * Double.BYTES);
    MemorySegment z = z0.asSlice(zo * Double.BYTES, n * Double.BYTES);
    if (u0 == null) {
      return twoTerms(w, z, sigma, c1, n);
    }
    return threeTerms(w, z, u0.asSlice(uo * Double.BYTES, n * Double.BYTES), sigma, c1, c2, n);
  }

  /** w = sigma w - c1 z on zero-based slices of n doubles; returns ||w||^2. */
  private static double twoTerms(MemorySegment w, MemorySegment z, double sigma, double c1,
      long n) {
    long o = 0;
    double sum = 0;
    if (n >= 2 * LANES) {
      DoubleVector s = of(sigma);
      DoubleVector n1 = of(-c1);
      DoubleVector q0 = of(0.0);
      DoubleVector q1 = q0;
      long end2 = (n - n % (2L * LANES)) * Double.BYTES;
      for (; o < end2; o += 2 * VBYTES) {
        DoubleVector r0 = at(z, o).fma(n1, at(w, o).mul(s));
        DoubleVector r1 = at(z, o + VBYTES).fma(n1, at(w, o + VBYTES).mul(s));
        r0.intoMemorySegment(w, o, NATIVE);
        r1.intoMemorySegment(w, o + VBYTES, NATIVE);
        q0 = r0.fma(r0, q0);
        q1 = r1.fma(r1, q1);
      }
      sum = sumLanes(q0.add(q1));
    }
    for (long i = o / Double.BYTES; i < n; i++) {
      double r = Math.fma(-c1, get(z, i), sigma * get(w, i));
      w.setAtIndex(D, i, r);
      sum = Math.fma(r, r, sum);
    }
    return sum;
  }

  /** w = sigma w - c1 z - c2 u on zero-based slices of n doubles; returns ||w||^2. */
  private static double threeTerms(MemorySegment w, MemorySegment z, MemorySegment u,
      double sigma, double c1, double c2, long n) {
    long o = 0;
    double sum = 0;
    if (n >= 2 * LANES) {
      DoubleVector s = of(sigma);
      DoubleVector n1 = of(-c1);
      DoubleVector n2 = of(-c2);
      DoubleVector q0 = of(0.0);
      DoubleVector q1 = q0;
      long end2 = (n - n % (2L * LANES)) * Double.BYTES;
      for (; o < end2; o += 2 * VBYTES) {
        DoubleVector r0 = at(u, o).fma(n2, at(z, o).fma(n1, at(w, o).mul(s)));
        DoubleVector r1 = at(u, o + VBYTES).fma(n2,
            at(z, o + VBYTES).fma(n1, at(w, o + VBYTES).mul(s)));
        r0.intoMemorySegment(w, o, NATIVE);
        r1.intoMemorySegment(w, o + VBYTES, NATIVE);
        q0 = r0.fma(r0, q0);
        q1 = r1.fma(r1, q1);
      }
      sum = sumLanes(q0.add(q1));
    }
    for (long i = o / Double.BYTES; i < n; i++) {
      double r = Math.fma(-c2, get(u, i), Math.fma(-c1, get(z, i), sigma * get(w, i)));
      w.setAtIndex(D, i, r);
      sum = Math.fma(r, r, sum);
    }
    return sum;
  }
}
