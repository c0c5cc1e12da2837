package org.slq4j.operators;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API species of this package (the kernels package keeps its own constants class
 * package-private). Only {@link PanamaOperatorKernels} refers to it, so a JVM without
 * {@code jdk.incubator.vector} never loads it.
 */
final class PanamaSpecies {

  /** The widest double species this CPU runs natively (8 lanes with AVX-512). */
  static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

  static final int LANES = DOUBLES.length();

  /**
   * The sum of v's lanes in a fixed order (lane 0 first). {@code reduceLanes(ADD)} leaves the
   * order to the implementation, and the interpreter and C2 do associate differently, so the
   * same input could round differently from call to call; this keeps results bit-reproducible.
   */
  static double sumLanes(DoubleVector v) {
    double s = v.lane(0);
    for (int i = 1; i < LANES; i++) {
      s += v.lane(i);
    }
    return s;
  }

  private PanamaSpecies() {}
}
