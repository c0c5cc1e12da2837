package org.slq4j.operators;

import java.util.Arrays;

/**
 * The eigenvalues of a Dirichlet Laplacian, counted without listing them. The eigenvalues of
 * the 1-D Laplacian on N points are 4 sin^2(i pi / (2 (N + 1))), i = 1..N, and those of a grid
 * are the sums of one eigenvalue per axis. Here every eigenvalue is the sum of an "inner" value
 * (an eigenvalue of one axis, or of two axes added first) and an "outer" one (an eigenvalue of
 * the remaining axis, or 0.0 for a 1-D grid), each list sorted: the eigenvalues at most t are
 * then, for each outer c, a prefix of the inner list, and since rounding is monotone the
 * computed sums fl(p + c) are too, so counts are exact for the floating-point eigenvalues
 * fl(p + c). Immutable.
 */
final class LaplacianSpectrum {

  /**
   * Largest inner list built from the two largest axes of a 3-D grid (32 MiB): then the outer
   * list, whose length is the cost of one count, is the shortest axis. Above it the two
   * shortest axes make the inner list.
   */
  static final long MAX_INNER = 1L << 22;

  /** Sizes of the axes of the inner list (one or two), and of the outer axis (0: none). */
  private final int innerA;
  private final int innerB;
  private final int outerSize;
  private final long n;
  private final double min;
  private final double max;
  /** Built on first use (see {@link #lists()}): {inner, outer}. */
  private volatile double[][] lists;

  private LaplacianSpectrum(int innerA, int innerB, int outerSize) {
    this.innerA = innerA;
    this.innerB = innerB;
    this.outerSize = outerSize;
    this.n = (long) innerA * Math.max(innerB, 1) * Math.max(outerSize, 1);
    // The sums below are those of the lists' first and last elements, in the same order.
    this.min = innerValue(1, 1) + outerValue(1);
    this.max = innerValue(innerA, innerB) + outerValue(outerSize);
  }

  /**
   * The spectrum of the grid with these axis sizes (1 to 3 of them). Only the smallest and
   * largest eigenvalue are computed here; the lists are built by the first count.
   */
  static LaplacianSpectrum of(int[] shape) {
    int[] s = shape.clone();
    Arrays.sort(s);
    return switch (s.length) {
      case 1 -> new LaplacianSpectrum(s[0], 0, 0);
      case 2 -> new LaplacianSpectrum(s[1], 0, s[0]);
      default -> (long) s[1] * s[2] <= MAX_INNER
          ? new LaplacianSpectrum(s[1], s[2], s[0])
          : new LaplacianSpectrum(s[0], s[1], s[2]);
    };
  }

  private double innerValue(int i, int j) {
    double a = axisEigenvalue(innerA, i);
    return innerB == 0 ? a : a + axisEigenvalue(innerB, j);
  }

  private double outerValue(int i) {
    return outerSize == 0 ? 0.0 : axisEigenvalue(outerSize, i);
  }

  /** {inner, outer}, built once, by the first count: they can take tens of MiB. */
  private double[][] lists() {
    double[][] l = lists;
    if (l != null) {
      return l;
    }
    synchronized (this) {
      l = lists;
      if (l == null) {
        double[] inner = innerB == 0 ? axis(innerA)
            : pairSums(axis(innerA), axis(innerB));
        double[] outer = outerSize == 0 ? new double[] {0.0} : axis(outerSize);
        l = new double[][] {inner, outer};
        lists = l;
      }
      return l;
    }
  }

  /**
   * The eigenvalue i (1..size) of the 1-D Laplacian on size points, 4 sin^2(theta) with
   * theta = i pi / (2 (size + 1)) in (0, pi / 2): increasing in i (Math.sin is semi-monotonic),
   * and accurate for the small ones, where 2 - 2 cos(2 theta) would cancel.
   */
  static double axisEigenvalue(int size, int i) {
    double s = Math.sin(i * Math.PI / (2.0 * (size + 1.0)));
    return 4.0 * s * s;
  }

  /** The eigenvalues of the 1-D Laplacian on size points, ascending. */
  static double[] axis(int size) {
    double[] e = new double[size];
    for (int i = 0; i < size; i++) {
      e[i] = axisEigenvalue(size, i + 1);
    }
    return e;
  }

  /** All sums a_i + b_j, ascending. */
  private static double[] pairSums(double[] a, double[] b) {
    double[] p = new double[Math.multiplyExact(a.length, b.length)];
    int q = 0;
    for (double u : a) {
      for (double v : b) {
        p[q++] = u + v;
      }
    }
    Arrays.sort(p);
    return p;
  }

  /** The smallest eigenvalue as counted, fl(inner_min + outer_min). */
  double min() {
    return min;
  }

  /** The largest eigenvalue as counted, fl(inner_max + outer_max). */
  double max() {
    return max;
  }

  /** #{eigenvalues <= t}: one binary search per outer value, O(outer log inner). */
  long count(double t) {
    double[] inner = lists()[0];
    double[] outer = lists()[1];
    long count = 0;
    for (double c : outer) {
      if (inner[0] + c > t) {
        break;  // outer ascends: no later c has any eigenvalue <= t
      }
      // The first inner index whose sum with c exceeds t.
      int lo = 1;
      int hi = inner.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (inner[mid] + c <= t) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      count += lo;
    }
    return count;
  }

  /**
   * #{eigenvalues <= t[q]} for every q of a nondecreasing t: per outer value one merge of t
   * with the inner list, O(outer (inner + t.length)).
   */
  long[] counts(double[] t) {
    double[] inner = lists()[0];
    double[] outer = lists()[1];
    long[] counts = new long[t.length];
    for (double c : outer) {
      int p = 0;
      for (int q = 0; q < t.length; q++) {
        while (p < inner.length && inner[p] + c <= t[q]) {
          p++;
        }
        counts[q] += p;
      }
    }
    return counts;
  }

  /** The number of eigenvalues (with multiplicity). */
  long size() {
    return n;
  }
}
