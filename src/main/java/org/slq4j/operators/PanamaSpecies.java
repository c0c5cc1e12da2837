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

  private PanamaSpecies() {}
}
