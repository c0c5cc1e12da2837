package org.slq4j.lanczos;

/** How the Lanczos iteration keeps its basis orthogonal. */
public enum Reorthogonalization {

  /**
   * Every new vector is orthogonalized against all stored basis vectors by blocked classical
   * Gram-Schmidt with a DGKS second pass when needed. Needs the whole basis (m vectors of length
   * n) in memory; gives nodes and weights free of the spurious copies ("ghosts") that loss of
   * orthogonality produces. The default.
   */
  FULL,

  /**
   * The plain three-term recurrence: three vectors of memory, no reorthogonalization. Ritz
   * values converge, but loss of orthogonality makes converged ones reappear as ghosts that take
   * weight from their neighbours; fine for smooth densities at a fraction of the memory.
   */
  NONE
}
