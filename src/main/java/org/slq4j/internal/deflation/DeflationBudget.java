package org.slq4j.internal.deflation;

import org.slq4j.internal.eigen.ThickRestartLanczos;
import org.slq4j.internal.lanczos.ProbeSeeds;

/**
 * How a deflated estimate splits its budget of numRuns x lanczosSteps products. Run 0 comes
 * first, as a classic run of lanczosSteps steps: when its largest Ritz pairs show no converged
 * eigenvalue ({@link RitzProbe}) the estimate stays classic and loses nothing. Otherwise a
 * pre-pass asks for this many extreme pairs at each end, to this tolerance, with at most this
 * many products, and the runs share what run 0 and the pre-pass leave, in equal steps.
 *
 * @param high pairs asked for at the top of the spectrum
 * @param low pairs asked for at the bottom
 * @param tolerance residual tolerance relative to ||H|| for a pair to be deflated
 * @param prepass the most products of the pre-pass, its residual checks included
 * @param basis the pre-pass's basis size between restarts
 */
public record DeflationBudget(int high, int low, double tolerance, long prepass, int basis) {

  /**
   * Share of the budget the pre-pass may use, beyond run 0. Measured on the four shared
   * matrices with exact spectra (seeds 0, 10, .., 90, 10 runs x 80 steps): more pairs kept
   * helping up to 40-60 at a pre-pass of 30-40% of the budget (1138_bus has some 40
   * eigenvalues above its bulk), but the pre-pass streams its basis twice per product, so at
   * n = 1e6 those settings cost twice classic's wall time; 15% and 30 pairs keep it near
   * classic's.
   */
  static final double FRACTION = 0.15;

  /** Pairs asked for at the top, at most n / 20. */
  static final int HIGH = 30;

  /**
   * Pairs asked for at the bottom, at most n / 40. None: on the shared matrices the bottom
   * ends are clustered (positive definite matrices near 0), so bottom pairs rarely converged
   * and asking for them cost products without improving W1.
   */
  static final int LOW = 0;

  /** Basis vectors beyond the pairs asked for: more restarts, but each step is cheaper. */
  static final int EXTRA = 10;

  /**
   * Residual tolerance relative to ||H|| for a pair to be deflated: the value is then within
   * 1e-12 ||H||^2 / gap of an eigenvalue and the leftover coupling is 1e-6 ||H||, both far
   * below what 10 runs resolve, and outliers reach it well within the budget.
   */
  static final double TOLERANCE = 1e-6;

  /**
   * The split for an operator of dimension n, or null when the budget is too small for run 0
   * and a pre-pass worth its products (then the estimate is classic).
   */
  public static DeflationBudget of(long n, int numRuns, int lanczosSteps) {
    long total = (long) numRuns * lanczosSteps;
    long prepass = (long) Math.floor(FRACTION * total);
    int low = (int) Math.min(LOW, n / 40);
    // The pre-pass needs room for its basis (count + EXTRA vectors) and its residual checks
    // (count products): count <= (prepass - EXTRA) / 2.
    int high = (int) Math.min(Math.min(HIGH, n / 20), (prepass - EXTRA) / 2 - low);
    if (high < 1) {
      return null;
    }
    int count = high + low;
    int basis = (int) Math.min(n, count + EXTRA);
    // Run 0 takes lanczosSteps products; the deflated runs need at least 2 steps each.
    if (numRuns < 2 || prepass - count < basis
        || (total - lanczosSteps - prepass) / numRuns < 2) {
      return null;
    }
    return new DeflationBudget(high, low, TOLERANCE, prepass, basis);
  }

  /**
   * Off-heap bytes of the pre-pass: its basis, and its count eigenvectors, which stay while
   * the runs use them.
   */
  public long prepassBytes(long n) {
    return Math.addExact(ThickRestartLanczos.workBytes(n, basis),
        Math.multiplyExact(Math.multiplyExact((long) (high + low), n), (long) Double.BYTES));
  }

  /** The pre-pass's seed, apart from every run's probe ({@link ProbeSeeds#PREPASS}). */
  public static long prepassSeed(long seed) {
    return ProbeSeeds.of(seed, ProbeSeeds.PREPASS);
  }
}
