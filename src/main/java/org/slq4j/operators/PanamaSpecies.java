package org.slq4j.operators;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.Vector;
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

  /** The exact class of DOUBLES vectors. */
  private static final Class<? extends Vector<Double>> TYPE = DOUBLES.vectorType();

  private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

  /**
   * The DOUBLES vector at byte offset o of s, typed exactly.
   *
   * <p>Why the cast. Vector API operations ({@code add}, {@code mul}, {@code intoArray}, ...)
   * dispatch on the vector's class. C2 expands the load and broadcast intrinsics only after it
   * has parsed the kernel, so while parsing it does not know the class of a freshly loaded
   * vector and binds those calls from the type profile of the API's own methods, which every
   * vector in the JVM shares. Once that profile has seen two shapes (this package uses 128- and
   * 256-bit vectors; the preferred species may be a third), C2 may inline both and merge their
   * results, and the merge allocates a box per vector operation. That happened to the 4-lane
   * CSR block kernel in about one JVM in three, whenever C2 compiled it from the interpreter's
   * profile: 1.6-2x slower calls (BENCHMARKS.md, sixth session). {@code Class.cast} with a
   * constant class is a C2 intrinsic that makes the type exact, so the calls bind statically
   * whatever the profile says; values are unchanged. Results of operations on exact vectors
   * are exact already (the concrete classes return their own type). The helpers must be
   * inlined (a vector returned from a real call is a box); they are a few bytecodes, and
   * {@code VectorBoxingTest} checks that no kernel allocates per element after the Vector API's
   * profiles were made megamorphic.
   */
  static DoubleVector at(MemorySegment s, long o) {
    return (DoubleVector) TYPE.cast(DoubleVector.fromMemorySegment(DOUBLES, s, o, NATIVE));
  }

  /** v in every lane, typed exactly. */
  static DoubleVector of(double v) {
    return (DoubleVector) TYPE.cast(DoubleVector.broadcast(DOUBLES, v));
  }

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
