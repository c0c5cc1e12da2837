package org.slq4j.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Every Vector API static of the library lives here, so that a JVM without the incubator module
 * loads none of them: only Panama classes, loaded after {@link KernelProvider} has checked the
 * module, refer to this class.
 */
final class PanamaConstants {

  /** The widest double species this CPU runs natively (8 lanes with AVX-512). */
  static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

  /** Lanes of {@link #DOUBLES}. */
  static final int LANES = DOUBLES.length();

  private PanamaConstants() {}
}
