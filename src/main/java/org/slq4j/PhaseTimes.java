package org.slq4j;

import java.time.Duration;

/**
 * Where an estimate spent its time. The per-run phases (matvec, reorthogonalization,
 * tridiagonal) are summed over runs, so with several threads they may add up to more than the
 * wall time.
 *
 * @param matvec time in the operator
 * @param reorthogonalization time orthogonalizing and normalizing Lanczos vectors
 * @param tridiagonal time in the tridiagonal eigensolver
 * @param grid time evaluating the density on the grid
 */
public record PhaseTimes(Duration matvec, Duration reorthogonalization, Duration tridiagonal,
    Duration grid) {}
