package org.slq4j.internal.smoothing;

import java.util.Objects;
import org.slq4j.GridScale;

/**
 * The map from an eigenvalue to the variable a density is gridded and smoothed in, and back.
 *
 * <ul>
 *   <li>LINEAR: t = lambda.
 *   <li>LOG10: t = log10(lambda), for positive lambda.
 *   <li>SYMLOG10: t = sign(lambda) log10(1 + |lambda| / c). Odd and increasing on the whole
 *       line; close to lambda / (c ln 10) for |lambda| much below c (the linear zone) and to
 *       sign(lambda) log10(|lambda| / c) far above it, so one decade of |lambda| beyond c is one
 *       unit of t on either side of zero.
 * </ul>
 *
 * @param scale LINEAR, LOG10 or SYMLOG10 (never a scale still to be resolved)
 * @param linearZone c for SYMLOG10, positive and finite; NaN for the other scales
 */
public record GridTransform(GridScale scale, double linearZone) {

  private static final double LN10 = Math.log(10);

  public GridTransform {
    Objects.requireNonNull(scale, "scale");
    if (scale == GridScale.AUTO_LOG) {
      throw new IllegalArgumentException("AUTO_LOG is resolved to LOG10 or SYMLOG10 first");
    }
    if (scale == GridScale.SYMLOG10) {
      if (!(linearZone > 0) || !Double.isFinite(linearZone)) {
        throw new IllegalArgumentException("the linear zone must be positive and finite, got "
            + linearZone);
      }
    } else if (!Double.isNaN(linearZone)) {
      throw new IllegalArgumentException("a linear zone belongs to SYMLOG10 only");
    }
  }

  /** The identity map. */
  public static final GridTransform LINEAR = new GridTransform(GridScale.LINEAR, Double.NaN);

  /** log10. */
  public static final GridTransform LOG10 = new GridTransform(GridScale.LOG10, Double.NaN);

  /** The symmetric log with linear zone {@code c}. */
  public static GridTransform symlog(double c) {
    return new GridTransform(GridScale.SYMLOG10, c);
  }

  /** The grid variable of {@code lambda} (NaN for a non-positive lambda on a LOG10 scale). */
  public double forward(double lambda) {
    return switch (scale) {
      case LINEAR -> lambda;
      case LOG10 -> lambda > 0 ? Math.log10(lambda) : Double.NaN;
      default -> Math.copySign(Math.log1p(Math.abs(lambda) / linearZone) / LN10, lambda);
    };
  }

  /** The eigenvalue whose grid variable is {@code t}: the inverse of {@link #forward}. */
  public double inverse(double t) {
    return switch (scale) {
      case LINEAR -> t;
      case LOG10 -> Math.pow(10, t);
      default -> Math.copySign(linearZone * Math.expm1(Math.abs(t) * LN10), t);
    };
  }

  /** {@link #inverse} of every element. */
  public double[] inverse(double[] t) {
    double[] lambda = new double[t.length];
    for (int j = 0; j < t.length; j++) {
      lambda[j] = inverse(t[j]);
    }
    return lambda;
  }
}
