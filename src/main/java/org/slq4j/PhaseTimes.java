package org.slq4j;

import java.time.Duration;

/**
 * Where an estimate spent its time. The per-run phases (matvec, reorthogonalization,
 * tridiagonal) are summed over runs, so with several threads they may add up to more than the
 * wall time.
 *
 * <p>Each phase is the wall time of the run's thread in it, whatever helper threads took part.
 *
 * @param matvec time in the operator (for a built-in operator whose product is split by rows,
 *     with the step's dot product, which is taken chunk by chunk in the same pass)
 * @param reorthogonalization time orthogonalizing and normalizing Lanczos vectors (without
 *     reorthogonalization: the rest of each step's vector work)
 * @param tridiagonal time in the tridiagonal eigensolver
 * @param grid time evaluating the density on the grid
 */
public record PhaseTimes(Duration matvec, Duration reorthogonalization, Duration tridiagonal,
    Duration grid) {}
