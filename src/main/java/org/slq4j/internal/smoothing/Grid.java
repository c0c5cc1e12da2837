package org.slq4j.internal.smoothing;

import java.util.Arrays;

/**
 * A regular grid of points first + j*step, j = 0..size-1: the abscissae of a smoothed density.
 * For a {@link Scale#LOG10} grid the points are regular in log10 space (they are the values of
 * log10(lambda)), and {@link #values()} gives the corresponding lambdas. Immutable.
 *
 * <p>Point j is always computed as {@code first + j * step} in double, the same expression the
 * Gaussian sums use, so {@link #last()} may differ from the requested upper end by an ulp or
 * two.
 */
public final class Grid {

  /** How grid points map to the spectrum's axis. */
  public enum Scale {
    /** Points are eigenvalues. */
    LINEAR,
    /** Points are log10 of eigenvalues (for positive spectra spanning many decades). */
    LOG10
  }

  private final Scale scale;
  private final double first;
  private final double step;
  private final int size;

  private Grid(Scale scale, double first, double step, int size) {
    this.scale = scale;
    this.first = first;
    this.step = step;
    this.size = size;
  }

  /**
   * {@code points} equally spaced points from {@code lower} to {@code upper} (like NumPy's
   * linspace).
   *
   * @throws IllegalArgumentException naming the value when points < 2, lower or upper is not
   *     finite, lower >= upper, upper - lower overflows, or the points would be too close to be
   *     distinct doubles
   */
  public static Grid linear(double lower, double upper, int points) {
    return of(Scale.LINEAR, lower, upper, points, "lower", "upper");
  }

  /**
   * {@code points} points equally spaced in log10 space from log10(lower) to log10(upper):
   * the grid for the density of log10(lambda). {@link #first()}, {@link #step()} and {@link
   * #points()} are in log10 space.
   *
   * @throws IllegalArgumentException as {@link #linear}, and when lower is not > 0
   */
  public static Grid log10(double lower, double upper, int points) {
    if (!(lower > 0)) {
      throw new IllegalArgumentException("lower must be > 0 for a log10 grid, got " + lower);
    }
    if (!(upper > lower) || !Double.isFinite(upper)) {
      throw new IllegalArgumentException(
          "upper must be finite and > lower = " + lower + ", got " + upper);
    }
    return of(Scale.LOG10, Math.log10(lower), Math.log10(upper), points, "log10(lower)",
        "log10(upper)");
  }

  private static Grid of(
      Scale scale, double lower, double upper, int points, String lowerName, String upperName) {
    if (points < 2) {
      throw new IllegalArgumentException("points must be >= 2, got " + points);
    }
    if (!Double.isFinite(lower)) {
      throw new IllegalArgumentException(lowerName + " must be finite, got " + lower);
    }
    if (!Double.isFinite(upper)) {
      throw new IllegalArgumentException(upperName + " must be finite, got " + upper);
    }
    if (!(lower < upper)) {
      throw new IllegalArgumentException(
          lowerName + " = " + lower + " must be < " + upperName + " = " + upper);
    }
    double width = upper - lower;
    if (!Double.isFinite(width)) {
      throw new IllegalArgumentException(upperName + " - " + lowerName + " overflows: "
          + upper + " - " + lower);
    }
    double step = width / (points - 1);
    // Each point carries a rounding error up to one ulp of the largest magnitude; below a few
    // ulps of spacing, neighbouring points could coincide or swap.
    double ulp = Math.ulp(Math.max(Math.abs(lower), Math.abs(upper)));
    if (!(step > 4 * ulp)) {
      throw new IllegalArgumentException(points + " points on [" + lower + ", " + upper
          + "] are " + step + " apart, too close to be distinct doubles (ulp " + ulp + ")");
    }
    return new Grid(scale, lower, step, points);
  }

  /** Whether points are eigenvalues or their log10. */
  public Scale scale() {
    return scale;
  }

  /** Number of points (>= 2). */
  public int size() {
    return size;
  }

  /** Point 0. */
  public double first() {
    return first;
  }

  /** Spacing of the points (> 0). */
  public double step() {
    return step;
  }

  /** Point size-1. */
  public double last() {
    return point(size - 1);
  }

  /** Point j = first + j*step. */
  public double point(int j) {
    if (j < 0 || j >= size) {
      throw new IndexOutOfBoundsException("point index " + j + " outside [0, " + size + ")");
    }
    return first + j * step;
  }

  /** A fresh array of all points. */
  public double[] points() {
    double[] p = new double[size];
    for (int j = 0; j < size; j++) {
      p[j] = first + j * step;
    }
    return p;
  }

  /** The points on the spectrum's axis: {@link #points()} for LINEAR, 10^point for LOG10. */
  public double[] values() {
    double[] p = points();
    if (scale == Scale.LOG10) {
      for (int j = 0; j < size; j++) {
        p[j] = Math.pow(10, p[j]);
      }
    }
    return p;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Grid g && g.scale == scale && g.size == size
        && Double.compare(g.first, first) == 0 && Double.compare(g.step, step) == 0;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new double[] {scale.ordinal(), first, step, size});
  }

  @Override
  public String toString() {
    return "Grid[" + scale + ", " + size + " points from " + first + " to " + last()
        + ", step " + step + "]";
  }
}
