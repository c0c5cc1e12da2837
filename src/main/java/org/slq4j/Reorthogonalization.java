package org.slq4j;

/** How the Lanczos iteration keeps its basis orthogonal. */
public enum Reorthogonalization {

  /**
   * Every new vector is orthogonalized against all stored basis vectors, one sweep over them
   * per step (classical Gram-Schmidt with the correction delayed by one step and tracked in a
   * small triangular factor; an immediate CGS with DGKS when a single projection would not be
   * safe; see {@link Lanczos}). Needs the whole basis (m vectors of length n) in memory; gives
   * nodes and weights free of the spurious copies ("ghosts") that loss of orthogonality
   * produces. The default.
   */
  FULL,

  /**
   * The plain three-term recurrence: three vectors of memory, no reorthogonalization. Ritz
   * values converge, but loss of orthogonality makes converged ones reappear as ghosts that take
   * weight from their neighbours; fine for smooth densities at a fraction of the memory.
   */
  NONE
}
