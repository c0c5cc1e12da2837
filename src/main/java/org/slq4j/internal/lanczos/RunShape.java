package org.slq4j.internal.lanczos;

import java.util.Objects;
import org.slq4j.BasisPrecision;
import org.slq4j.Reorthogonalization;

/**
 * What one Lanczos run is asked to be: its dimension, its steps, how it keeps its basis
 * orthogonal, in what precision it stores the basis, and (for LOCAL) how many recent vectors
 * it keeps. Everything that decides the run's memory, so that the plan and the run itself
 * compute the size from one formula ({@link #storageBytes()}).
 *
 * @param n operator dimension, >= 1
 * @param steps requested order of T, >= 1
 * @param mode reorthogonalization
 * @param precision storage of the basis vectors (NONE stores none and keeps doubles)
 * @param window vectors a LOCAL run keeps, >= 2 (ignored by the other modes)
 */
public record RunShape(long n, int steps, Reorthogonalization mode, BasisPrecision precision,
    int window) {

  /** Checks the components. */
  public RunShape {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(precision, "precision");
    if (n < 1 || steps < 1 || window < 2) {
      throw new IllegalArgumentException("a run needs n >= 1, steps >= 1 and window >= 2, got n = "
          + n + ", steps = " + steps + ", window = " + window);
    }
  }

  /** A run of {@code mode} with a double-precision basis (and the default LOCAL window). */
  public static RunShape of(long n, int steps, Reorthogonalization mode) {
    return new RunShape(n, steps, mode, BasisPrecision.FLOAT64, 16);
  }

  /** The same run with another number of steps. */
  public RunShape withSteps(int newSteps) {
    return new RunShape(n, newSteps, mode, precision, window);
  }

  /** The same run with another reorthogonalization. */
  public RunShape withMode(Reorthogonalization newMode) {
    return new RunShape(n, steps, newMode, precision, window);
  }

  /** The same run with another basis precision. */
  public RunShape withPrecision(BasisPrecision newPrecision) {
    return new RunShape(n, steps, mode, newPrecision, window);
  }

  /**
   * Vectors of length n a run stores as its basis: steps + 1 with FULL; with LOCAL the window,
   * the slot of the next vector and half a window of spare slots that keep the window
   * contiguous (never more than steps + 1); none with NONE.
   */
  public long basisVectors() {
    return switch (mode) {
      case FULL -> steps + 1L;
      case LOCAL -> LocalReorthogonalizationRun.storeSlots(window, steps);
      case NONE -> 0;
    };
  }

  /**
   * Double-precision working vectors of length n a run holds beside its basis: three with NONE
   * (the three-term recurrence), none with a double-precision basis (the operator works in its
   * slots), two with a float basis (the operator's input and output, which are doubles).
   */
  public long workVectors() {
    if (mode == Reorthogonalization.NONE) {
      return 3;
    }
    return precision == BasisPrecision.FLOAT64 ? 0 : 2;
  }

  /** Bytes per stored basis entry. */
  public int basisEntryBytes() {
    return precision == BasisPrecision.FLOAT64 ? Double.BYTES : Float.BYTES;
  }

  /**
   * Bytes of storage the run needs ({@link Lanczos#run}): its working vectors and its basis,
   * the basis of floats rounded up to whole doubles so that the storage of the next run of a
   * block starts 8-byte aligned.
   *
   * @throws ArithmeticException when the size overflows a long
   */
  public long storageBytes() {
    long basis = Math.multiplyExact(Math.multiplyExact(basisVectors(), n), basisEntryBytes());
    long work = Math.multiplyExact(Math.multiplyExact(workVectors(), n), Double.BYTES);
    return Math.addExact(work, roundUpToDoubles(basis));
  }

  /** Working vectors' bytes, where a float run's basis starts in its storage. */
  long workBytes() {
    return workVectors() * n * Double.BYTES;
  }

  private static long roundUpToDoubles(long bytes) {
    return Math.addExact(bytes, Double.BYTES - 1) / Double.BYTES * Double.BYTES;
  }
}
