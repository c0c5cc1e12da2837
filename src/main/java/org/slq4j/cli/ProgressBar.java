package org.slq4j.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slq4j.ProgressListener;

/**
 * A one-line progress bar on a terminal: runs and Lanczos steps done / total (the steps move
 * while a single long run goes), matvecs per second and the time
 * left. Silent for the first second (short runs print nothing), then redrawn at most every
 * {@link #REDRAW_NANOS}. Thread-safe: the estimator calls it from every worker thread after
 * every Lanczos step, so the hot path is two volatile reads; one thread at a time draws.
 */
final class ProgressBar implements ProgressListener {

  static final long DELAY_NANOS = 1_000_000_000L;
  static final long REDRAW_NANOS = 100_000_000L;
  private static final int BAR = 28;

  private final PrintStream err;
  private final LongSupplier clock;
  private final long start;
  private final AtomicLong nextDraw;
  private volatile boolean drawn;
  private volatile boolean finished;
  private int lastWidth;

  ProgressBar(PrintStream err, LongSupplier clock) {
    this.err = err;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.nextDraw = new AtomicLong(start + DELAY_NANOS);
  }

  ProgressBar(PrintStream err) {
    this(err, System::nanoTime);
  }

  @Override
  public void progress(long stepsDone, long stepsTotal, int runsDone, int runsTotal) {
    long now = clock.getAsLong();
    long due = nextDraw.get();
    if (now < due || finished || !nextDraw.compareAndSet(due, now + REDRAW_NANOS)) {
      return;
    }
    String line = line(stepsDone, stepsTotal, runsDone, runsTotal, now - start);
    synchronized (this) {
      if (finished) {
        return;
      }
      // Pad with spaces to wipe a longer previous line; \r returns to its start.
      int pad = Math.max(0, lastWidth - line.length());
      err.print("\r" + line + " ".repeat(pad));
      err.flush();
      lastWidth = line.length();
      drawn = true;
    }
  }

  /** Erases the bar (if it was ever drawn) so later output starts on a clean line. */
  synchronized void finish() {
    finished = true;
    if (drawn) {
      err.print("\r" + " ".repeat(lastWidth) + "\r");
      err.flush();
    }
  }

  boolean wasDrawn() {
    return drawn;
  }

  static String line(long stepsDone, long stepsTotal, int runsDone, int runsTotal,
      long elapsedNanos) {
    double fraction = stepsTotal > 0 ? Math.min(1, (double) stepsDone / stepsTotal) : 0;
    int filled = (int) Math.floor(fraction * BAR);
    StringBuilder b = new StringBuilder(80);
    b.append("slq4j [");
    b.append("=".repeat(filled));
    if (filled < BAR) {
      b.append('>').append(" ".repeat(BAR - filled - 1));
    }
    b.append("] ").append(runsDone).append('/').append(runsTotal).append(" runs, ")
        .append(stepsDone).append('/').append(stepsTotal).append(" steps");
    double seconds = elapsedNanos / 1e9;
    double rate = seconds > 0 ? stepsDone / seconds : 0;
    b.append("  ").append(rate(rate)).append(" matvec/s");
    if (rate > 0 && stepsDone < stepsTotal) {
      b.append("  ETA ").append(duration((stepsTotal - stepsDone) / rate));
    }
    return b.toString();
  }

  /** 3 significant digits with k/M/G suffixes: 812, 12.3k, 4.56M. */
  static String rate(double r) {
    String[] suffix = {"", "k", "M", "G", "T"};
    int i = 0;
    while (r >= 999.5 && i < suffix.length - 1) {
      r /= 1000;
      i++;
    }
    String digits = r >= 99.5 ? String.valueOf(Math.round(r))
        : r >= 9.95 ? String.format(java.util.Locale.ROOT, "%.1f", r)
        : String.format(java.util.Locale.ROOT, "%.2f", r);
    return digits + suffix[i];
  }

  /** h:mm:ss or m:ss. */
  static String duration(double seconds) {
    long s = (long) Math.ceil(seconds);
    long h = s / 3600;
    long m = (s / 60) % 60;
    long sec = s % 60;
    return h > 0 ? String.format(java.util.Locale.ROOT, "%d:%02d:%02d", h, m, sec)
        : String.format(java.util.Locale.ROOT, "%d:%02d", m, sec);
  }
}
