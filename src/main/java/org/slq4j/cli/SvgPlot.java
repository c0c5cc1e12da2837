package org.slq4j.cli;

import org.slq4j.GridScale;

/**
 * Draws a spectral density as a self-contained SVG with two panels sharing the x axis: the
 * density on a linear y axis (the bulk) and on a logarithmic y axis (tails and outliers, which
 * carry a fraction 1/n of the mass each and vanish on a linear scale). With a LOG10 grid the x
 * axis is labelled in eigenvalues at their log10 positions, which makes the second panel a
 * log-log view; with a SYMLOG10 grid it is labelled 0 and +-10^k at their symmetric-log
 * positions, with the linear zone |lambda| &lt; c shaded.
 *
 * <p>Hand-written SVG 1.1 (no dependency), checked by rendering with rsvg-convert and Chromium.
 */
final class SvgPlot {

  /** Above this many grid points the curve is thinned to the min and max of each bucket. */
  static final int MAX_POINTS = 20000;

  private static final int WIDTH = 960;
  private static final int HEIGHT = 780;
  private static final double LEFT = 92;
  private static final double RIGHT = WIDTH - 30;
  private static final double[] TOPS = {96, 442};
  private static final double PANEL_HEIGHT = 262;
  private static final String FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";
  private static final String INK = "#222";
  private static final String CURVE = "#1f5fa8";
  private static final String FILL = "#cfe0f3";
  private static final String GRIDLINE = "#e4e4e4";

  /** What the plot shows, beyond the curve. */
  record Labels(String inputName, long n, double sigma, String subtitle, GridScale scale,
      double linearZone) {}

  private SvgPlot() {}

  /** The number of points the curve of {@code gridPoints} grid values is drawn with. */
  static int plottedPoints(int gridPoints) {
    if (gridPoints <= MAX_POINTS) {
      return gridPoints;
    }
    int bucket = (gridPoints + MAX_POINTS / 2 - 1) / (MAX_POINTS / 2);
    int buckets = (gridPoints + bucket - 1) / bucket;
    int points = 0;
    for (int b = 0; b < buckets; b++) {
      int size = Math.min(bucket, gridPoints - b * bucket);
      points += size == 1 ? 1 : 2;
    }
    return points;
  }

  static String render(double[] grid, double[] density, Labels labels) {
    int[] idx = thin(density);
    double xlo = grid[0];
    double xhi = grid[grid.length - 1];
    double peak = 0;
    for (double d : density) {
      peak = Math.max(peak, d);
    }
    if (!(peak > 0)) {
      peak = 1;
    }
    StringBuilder s = new StringBuilder(64 * 1024 + 40 * idx.length);
    s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(WIDTH)
        .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH)
        .append(' ').append(HEIGHT).append("\" font-family=\"").append(FONT)
        .append("\" font-size=\"12\">\n");
    String title = "Spectral density of " + labels.inputName() + "  (n = " + labels.n() + ")";
    s.append("<title>").append(xml(title)).append("</title>\n");
    s.append("<desc>").append(xml(labels.subtitle())).append(". Top: linear density axis; "
        + "bottom: logarithmic density axis.").append("</desc>\n");
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append("<text x=\"").append(WIDTH / 2).append("\" y=\"30\" text-anchor=\"middle\" "
        + "font-size=\"18\" font-weight=\"bold\" fill=\"").append(INK).append("\">")
        .append(xml(title)).append("</text>\n");
    s.append("<text x=\"").append(WIDTH / 2).append("\" y=\"52\" text-anchor=\"middle\" "
        + "font-size=\"12.5\" fill=\"#555\">").append(xml(labels.subtitle())).append("</text>\n");

    Ticks.Axis xAxis = xAxis(xlo, xhi, labels);
    String yName = switch (labels.scale()) {
      case LOG10 -> "density of log\u2081\u2080 \u03bb";
      case SYMLOG10 -> "density of symlog \u03bb";
      default -> "density";
    };

    // Panel 1: linear y.
    double yTop1 = peak * 1.08;
    Ticks.Axis yLinear = Ticks.linear(0, yTop1, 6);
    Panel p1 = new Panel(0, xlo, xhi, 0, yTop1);
    if (labels.scale() == GridScale.SYMLOG10) {
      p1.linearZone(s);
    }
    p1.frame(s, "linear density axis", xAxis, yLinear, yName, false);
    p1.curve(s, grid, density, idx, false);

    // Panel 2: log10 y, from a floor that keeps single eigenvalues visible to twice the peak.
    double floor = logFloor(peak, labels.n(), labels.sigma(), density);
    double yHi = Math.log10(peak) + 0.3;
    double yLo = Math.floor(Math.log10(floor));
    Ticks.Axis yLog = Ticks.decades(yLo, yHi, 7);
    Panel p2 = new Panel(1, xlo, xhi, yLo, yHi);
    if (labels.scale() == GridScale.SYMLOG10) {
      p2.linearZone(s);
    }
    p2.frame(s, "logarithmic density axis (tails and outliers)", xAxis, yLog,
        yName + " (log scale)", true);
    p2.curve(s, grid, density, idx, true);

    String xName = switch (labels.scale()) {
      case LOG10 -> "eigenvalue \u03bb (logarithmic axis; the density is per unit of "
          + "log\u2081\u2080 \u03bb)";
      case SYMLOG10 -> "eigenvalue \u03bb (symmetric log axis, linear in the shaded zone "
          + "|\u03bb| < c = " + Ticks.significant(labels.linearZone(), 3) + "; the density is per "
          + "unit of sign(\u03bb) log\u2081\u2080(1 + |\u03bb|/c))";
      default -> "eigenvalue \u03bb";
    };
    s.append("<text x=\"").append(num((LEFT + RIGHT) / 2)).append("\" y=\"")
        .append(num(TOPS[1] + PANEL_HEIGHT + 46)).append("\" text-anchor=\"middle\" "
            + "font-size=\"13\" fill=\"").append(INK).append("\">").append(xml(xName))
        .append("</text>\n");
    s.append("<text x=\"").append(num(RIGHT)).append("\" y=\"").append(HEIGHT - 10)
        .append("\" text-anchor=\"end\" font-size=\"10\" fill=\"#888\">slq4j ")
        .append(xml(Main.version())).append("</text>\n");
    s.append("</svg>\n");
    return s.toString();
  }

  /**
   * The bottom of the log panel. An isolated eigenvalue carries mass about 1/n, so its bump
   * peaks near 1/(n sigma sqrt(2 pi)); the floor sits two decades below that, so outliers show
   * with room to spare, but within [1e-12, 1e-3] x the highest density so the bulk keeps its
   * shape, and not below the smallest positive density on the grid.
   */
  static double logFloor(double peak, long n, double sigma, double[] density) {
    double smallestPositive = Double.POSITIVE_INFINITY;
    for (double d : density) {
      if (d > 0) {
        smallestPositive = Math.min(smallestPositive, d);
      }
    }
    double single = 1 / (Math.max(1, n) * sigma * Math.sqrt(2 * Math.PI));
    double floor = Math.min(peak * 1e-3, Math.max(peak * 1e-12, 0.01 * single));
    return Math.max(floor, Math.min(smallestPositive, peak * 1e-3));
  }

  private static Ticks.Axis xAxis(double lo, double hi, Labels labels) {
    if (labels.scale() == GridScale.SYMLOG10) {
      return Ticks.symlog(lo, hi, labels.linearZone(), 11);
    }
    if (labels.scale() != GridScale.LOG10) {
      return Ticks.linear(lo, hi, 8);
    }
    Ticks.Axis decades = Ticks.decades(lo, hi, 10);
    return decades != null ? decades : Ticks.linearInLog(lo, hi, 6);
  }

  /** Indices of the grid points to draw: all, or the min and max of each bucket. */
  static int[] thin(double[] density) {
    int g = density.length;
    int[] idx = new int[plottedPoints(g)];
    if (g <= MAX_POINTS) {
      for (int j = 0; j < g; j++) {
        idx[j] = j;
      }
      return idx;
    }
    int bucket = (g + MAX_POINTS / 2 - 1) / (MAX_POINTS / 2);
    int k = 0;
    for (int start = 0; start < g; start += bucket) {
      int end = Math.min(g, start + bucket);
      if (end - start == 1) {
        idx[k++] = start;
        continue;
      }
      int lo = start;
      int hi = start;
      for (int j = start; j < end; j++) {
        if (density[j] < density[lo]) {
          lo = j;
        }
        if (density[j] > density[hi]) {
          hi = j;
        }
      }
      // The curve spans the whole grid: the end buckets keep the end point instead of their
      // minimum (at the grid ends the density is a Gaussian tail, its minimum anyway).
      if (start == 0) {
        lo = 0;
      } else if (end == g) {
        lo = g - 1;
      }
      if (lo == hi) {
        hi = lo == start ? end - 1 : start;
      }
      idx[k++] = Math.min(lo, hi);
      idx[k++] = Math.max(lo, hi);
    }
    return idx;
  }

  /** One panel: its data ranges and the mapping to pixels. */
  private record Panel(int index, double xlo, double xhi, double ylo, double yhi) {

    double top() {
      return TOPS[index];
    }

    double bottom() {
      return top() + PANEL_HEIGHT;
    }

    double px(double x) {
      return LEFT + (x - xlo) / (xhi - xlo) * (RIGHT - LEFT);
    }

    double py(double y) {
      return bottom() - (y - ylo) / (yhi - ylo) * PANEL_HEIGHT;
    }

    /** Shades |lambda| &lt; c, where the symmetric log is close to linear. */
    void linearZone(StringBuilder s) {
      double edge = Math.log10(2);
      double a = Math.max(xlo, -edge);
      double b = Math.min(xhi, edge);
      if (b > a) {
        s.append("<rect class=\"linear-zone\" x=\"").append(num(px(a))).append("\" y=\"")
            .append(num(top())).append("\" width=\"").append(num(px(b) - px(a)))
            .append("\" height=\"").append(num(PANEL_HEIGHT)).append("\" fill=\"#f1f1f1\"/>\n");
      }
    }

    void frame(StringBuilder s, String heading, Ticks.Axis x, Ticks.Axis y, String yName,
        boolean logY) {
      String clip = "plot" + index;
      s.append("<clipPath id=\"").append(clip).append("\"><rect x=\"").append(num(LEFT))
          .append("\" y=\"").append(num(top())).append("\" width=\"").append(num(RIGHT - LEFT))
          .append("\" height=\"").append(num(PANEL_HEIGHT)).append("\"/></clipPath>\n");
      s.append("<g class=\"panel\" id=\"panel-").append(logY ? "log" : "linear").append("\">\n");
      // Grid lines first, so the curve and the frame draw over them.
      s.append("<g stroke=\"").append(GRIDLINE).append("\" stroke-width=\"1\">\n");
      for (Ticks.Tick t : x.major()) {
        if (inside(t.value(), xlo, xhi)) {
          line(s, px(t.value()), top(), px(t.value()), bottom());
        }
      }
      for (Ticks.Tick t : y.major()) {
        if (inside(t.value(), ylo, yhi)) {
          line(s, LEFT, py(t.value()), RIGHT, py(t.value()));
        }
      }
      s.append("</g>\n");
      // Ticks and labels.
      s.append("<g stroke=\"").append(INK).append("\" stroke-width=\"1\">\n");
      for (Ticks.Tick t : x.major()) {
        if (inside(t.value(), xlo, xhi)) {
          line(s, px(t.value()), bottom(), px(t.value()), bottom() + 6);
        }
      }
      for (double m : x.minor()) {
        if (inside(m, xlo, xhi)) {
          line(s, px(m), bottom(), px(m), bottom() + 3);
        }
      }
      for (Ticks.Tick t : y.major()) {
        if (inside(t.value(), ylo, yhi)) {
          line(s, LEFT - 6, py(t.value()), LEFT, py(t.value()));
        }
      }
      for (double m : y.minor()) {
        if (inside(m, ylo, yhi)) {
          line(s, LEFT - 3, py(m), LEFT, py(m));
        }
      }
      s.append("</g>\n");
      s.append("<g fill=\"").append(INK).append("\">\n");
      for (Ticks.Tick t : x.major()) {
        if (inside(t.value(), xlo, xhi)) {
          label(s, px(t.value()), bottom() + 20, "middle", t);
        }
      }
      for (Ticks.Tick t : y.major()) {
        if (inside(t.value(), ylo, yhi)) {
          label(s, LEFT - 9, py(t.value()) + 4, "end", t);
        }
      }
      if (x.multiplierExponent() != null) {
        multiplier(s, RIGHT, bottom() + 36, "end", x.multiplierExponent());
      }
      if (y.multiplierExponent() != null) {
        multiplier(s, LEFT, top() - 8, "start", y.multiplierExponent());
      }
      s.append("</g>\n");
      s.append("<text x=\"").append(num(RIGHT)).append("\" y=\"").append(num(top() - 8))
          .append("\" text-anchor=\"end\" font-size=\"12\" font-style=\"italic\" fill=\"#555\">")
          .append(xml(heading)).append("</text>\n");
      double cy = (top() + bottom()) / 2;
      s.append("<text transform=\"translate(28 ").append(num(cy)).append(") rotate(-90)\" "
          + "text-anchor=\"middle\" font-size=\"13\" fill=\"").append(INK).append("\">")
          .append(xml(yName)).append("</text>\n");
      s.append("<rect x=\"").append(num(LEFT)).append("\" y=\"").append(num(top()))
          .append("\" width=\"").append(num(RIGHT - LEFT)).append("\" height=\"")
          .append(num(PANEL_HEIGHT)).append("\" fill=\"none\" stroke=\"").append(INK)
          .append("\" stroke-width=\"1\"/>\n");
      s.append("</g>\n");
    }

    /**
     * The density as one polyline of exactly {@code idx.length} points, filled down to the x
     * axis. On the log panel values below the floor (and zeros) sit just under the frame,
     * hidden by the clip path.
     */
    void curve(StringBuilder s, double[] grid, double[] density, int[] idx, boolean logY) {
      double below = bottom() + 3;
      s.append("<polyline class=\"density\" clip-path=\"url(#plot").append(index)
          .append(")\" fill=\"").append(FILL).append("\" fill-opacity=\"0.7\" stroke=\"")
          .append(CURVE).append("\" stroke-width=\"1.4\" stroke-linejoin=\"round\" points=\"");
      for (int k = 0; k < idx.length; k++) {
        int j = idx[k];
        double y;
        if (logY) {
          y = density[j] > 0 ? Math.min(below, py(Math.log10(density[j]))) : below;
        } else {
          y = Math.min(below, py(density[j]));
        }
        y = Math.max(top() - 3, y);
        if (k > 0) {
          s.append(' ');
        }
        s.append(num(px(grid[j]))).append(',').append(num(y));
      }
      s.append("\"/>\n");
    }
  }

  private static boolean inside(double v, double lo, double hi) {
    double slack = (hi - lo) * 1e-9;
    return v >= lo - slack && v <= hi + slack;
  }

  private static void line(StringBuilder s, double x1, double y1, double x2, double y2) {
    s.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"")
        .append(num(x2)).append("\" y2=\"").append(num(y2)).append("\"/>\n");
  }

  private static void label(StringBuilder s, double x, double y, String anchor, Ticks.Tick t) {
    s.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y))
        .append("\" text-anchor=\"").append(anchor).append("\">").append(xml(t.label()));
    if (t.exponent() != null) {
      superscript(s, t.exponent());
    }
    s.append("</text>\n");
  }

  private static void multiplier(StringBuilder s, double x, double y, String anchor, String e) {
    s.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y))
        .append("\" text-anchor=\"").append(anchor).append("\">\u00d710");
    superscript(s, e.replace('-', '\u2212'));
    s.append("</text>\n");
  }

  /** A raised, smaller exponent; the trailing empty tspan restores the baseline. */
  private static void superscript(StringBuilder s, String exponent) {
    s.append("<tspan dy=\"-6\" font-size=\"9.5\">").append(xml(exponent)).append("</tspan>");
  }

  /** A pixel coordinate with two decimals, without Locale surprises. */
  static String num(double v) {
    long hundredths = Math.round(v * 100);
    String sign = hundredths < 0 ? "-" : "";
    long a = Math.abs(hundredths);
    long frac = a % 100;
    if (frac == 0) {
      return sign + a / 100;
    }
    return sign + a / 100 + (frac < 10 ? ".0" : ".") + (frac % 10 == 0 ? frac / 10 : frac);
  }

  static String xml(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> {
          // XML 1.0 forbids most control characters even escaped; file names may hold them.
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            b.append('?');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

}
