package org.slq4j.internal.vectorization;

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

  /**
   * Species for kernels that store every element they load (axpy, scal, lanczosUpdate): at most
   * 256 bits. Zen 4 executes 512-bit operations as two 256-bit halves; on bare-metal Zen 4 axpy
   * at n = 1000 measured 139 ns with 512-bit and 113 ns with 256-bit vectors (issue 2). Where
   * the preferred species is 256 bits or narrower (e.g. a KVM guest exposing only AVX2) this is
   * simply {@link #DOUBLES}.
   */
  static final VectorSpecies<Double> STORE_DOUBLES =
      LANES > 4 ? DoubleVector.SPECIES_256 : DOUBLES;

  /** Lanes of {@link #STORE_DOUBLES}. */
  static final int STORE_LANES = STORE_DOUBLES.length();

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

  private PanamaConstants() {}
}
