package org.slq4j.internal.plan;

import org.slq4j.internal.lanczos.LanczosResult;
import org.slq4j.internal.tridiagonal.GaussRule;

/**
 * One finished run: its Lanczos result, the Gauss rule of its tridiagonal matrix, and the time
 * the tridiagonal eigensolver took.
 */
public record RunOutcome(LanczosResult lanczos, GaussRule rule, long tridiagonalNanos) {}
