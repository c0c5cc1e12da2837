package org.slq4j.internal.vectorization;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Every Vector API static of the library, and the typed loads and broadcasts all Panama kernels
 * start their vectors from. Only Panama classes refer to this class, and they are loaded only
 * after {@link VectorizationProvider} found {@code jdk.incubator.vector} readable, so a JVM
 * without the module loads none of it.
 *
 * <p>Why every load and broadcast is cast to its species' exact class. Vector API operations
 * ({@code add}, {@code fma}, {@code intoArray}, ...) dispatch on the vector's class. C2 expands
 * the load and broadcast intrinsics only after it has parsed the kernel, so while parsing it
 * does not know the class of a freshly loaded vector and binds those calls from the type
 * profile of the API's own methods, which every vector in the JVM shares. Once that profile has
 * seen two shapes (this library uses 128-, 256- and the preferred width), C2 may inline both
 * and merge their results, and the merge allocates a box per vector operation: the 4-lane CSR
 * block kernel ran 1.6-2x slower in about one JVM in three that way. {@code Class.cast} with a
 * constant class is a C2 intrinsic that makes the type exact, so the calls bind statically
 * whatever the profile says; values are unchanged. Results of operations on exact vectors are
 * exact already. The helpers must be inlined (a vector returned from a real call is a box);
 * they are a few bytecodes, and {@code VectorBoxingTest} checks that no operator kernel
 * allocates per element after the Vector API's profiles were made megamorphic.
 */
final class PanamaVectorConstants {

  /** The widest double species this CPU runs natively (8 lanes with AVX-512). */
  static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

  /** Lanes of {@link #DOUBLES}. */
  static final int LANES = DOUBLES.length();

  /** Bytes of one {@link #DOUBLES} vector. */
  static final long VBYTES = (long) LANES * Double.BYTES;

  /**
   * Species for kernels that store every element they load (axpy, scal, lanczosUpdate): at most
   * 256 bits. Zen 4 executes 512-bit operations as two 256-bit halves, and axpy at n = 1000 ran
   * 139 ns with 512-bit and 113 ns with 256-bit vectors there. Where the preferred species is
   * 256 bits or narrower this is simply {@link #DOUBLES}.
   */
  static final VectorSpecies<Double> STORE_DOUBLES =
      LANES > 4 ? DoubleVector.SPECIES_256 : DOUBLES;

  /** Lanes of {@link #STORE_DOUBLES}. */
  static final int STORE_LANES = STORE_DOUBLES.length();

  /**
   * Four doubles: the lane unit of the CSR block kernels for three or more vectors (their
   * strides are padded to multiples of 4), whatever the preferred width.
   */
  static final VectorSpecies<Double> QUAD = DoubleVector.SPECIES_256;

  /** Two doubles: the lane unit of the CSR block kernel for groups of one or two vectors. */
  static final VectorSpecies<Double> PAIR = DoubleVector.SPECIES_128;

  /**
   * Floats of a stored float basis: as many lanes as {@link #DOUBLES}, in half the bits, so
   * that one load widens to exactly one {@link #DOUBLES} vector (vcvtps2pd ymm to zmm with
   * AVX-512, xmm to ymm with AVX2) and no lane shuffle is needed.
   */
  static final VectorSpecies<Float> HALF_FLOATS =
      VectorSpecies.of(float.class, VectorShape.forBitSize(LANES * Float.SIZE));

  /** Bytes of one {@link #HALF_FLOATS} vector. */
  static final long FBYTES = (long) LANES * Float.BYTES;

  static final ByteOrder NATIVE = ByteOrder.nativeOrder();

  private static final Class<? extends Vector<Double>> TYPE = DOUBLES.vectorType();
  private static final Class<? extends Vector<Double>> STORE_TYPE = STORE_DOUBLES.vectorType();
  private static final Class<? extends Vector<Double>> QUAD_TYPE = QUAD.vectorType();
  private static final Class<? extends Vector<Double>> PAIR_TYPE = PAIR.vectorType();
  private static final Class<? extends Vector<Float>> HALF_FLOAT_TYPE = HALF_FLOATS.vectorType();

  private PanamaVectorConstants() {}

  /** The {@link #DOUBLES} vector at byte offset o of s. */
  static DoubleVector at(MemorySegment s, long o) {
    return (DoubleVector) TYPE.cast(DoubleVector.fromMemorySegment(DOUBLES, s, o, NATIVE));
  }

  /** The {@link #DOUBLES} vector at index i of a. */
  static DoubleVector at(double[] a, int i) {
    return (DoubleVector) TYPE.cast(DoubleVector.fromArray(DOUBLES, a, i));
  }

  /** The {@link #DOUBLES} vector at index i of a, lanes outside m zero. */
  static DoubleVector at(double[] a, int i, VectorMask<Double> m) {
    return (DoubleVector) TYPE.cast(DoubleVector.fromArray(DOUBLES, a, i, m));
  }

  /** v in every lane of a {@link #DOUBLES} vector. */
  static DoubleVector of(double v) {
    return (DoubleVector) TYPE.cast(DoubleVector.broadcast(DOUBLES, v));
  }

  /**
   * The {@link #HALF_FLOATS} vector at byte offset o of s, widened exactly to a
   * {@link #DOUBLES} vector: the load of a stored float basis.
   */
  static DoubleVector widenAt(MemorySegment s, long o) {
    FloatVector f = (FloatVector) HALF_FLOAT_TYPE.cast(
        FloatVector.fromMemorySegment(HALF_FLOATS, s, o, NATIVE));
    return (DoubleVector) TYPE.cast(f.convertShape(VectorOperators.F2D, DOUBLES, 0));
  }

  /**
   * v rounded to float (to nearest, as a Java cast) and stored at byte offset o of s; returns
   * the stored values widened back, so the caller holds exactly what was stored.
   */
  static DoubleVector narrowInto(DoubleVector v, MemorySegment s, long o) {
    FloatVector f = (FloatVector) HALF_FLOAT_TYPE.cast(
        v.convertShape(VectorOperators.D2F, HALF_FLOATS, 0));
    f.intoMemorySegment(s, o, NATIVE);
    return (DoubleVector) TYPE.cast(f.convertShape(VectorOperators.F2D, DOUBLES, 0));
  }

  /** The {@link #STORE_DOUBLES} vector at byte offset o of s. */
  static DoubleVector storeAt(MemorySegment s, long o) {
    return (DoubleVector) STORE_TYPE.cast(
        DoubleVector.fromMemorySegment(STORE_DOUBLES, s, o, NATIVE));
  }

  /** v in every lane of a {@link #STORE_DOUBLES} vector. */
  static DoubleVector storeOf(double v) {
    return (DoubleVector) STORE_TYPE.cast(DoubleVector.broadcast(STORE_DOUBLES, v));
  }

  /** The {@link #QUAD} vector at byte offset o of s. */
  static DoubleVector quadAt(MemorySegment s, long o) {
    return (DoubleVector) QUAD_TYPE.cast(DoubleVector.fromMemorySegment(QUAD, s, o, NATIVE));
  }

  /** The {@link #QUAD} vector at index i of a. */
  static DoubleVector quadAt(double[] a, int i) {
    return (DoubleVector) QUAD_TYPE.cast(DoubleVector.fromArray(QUAD, a, i));
  }

  /** v in every lane of a {@link #QUAD} vector. */
  static DoubleVector quadOf(double v) {
    return (DoubleVector) QUAD_TYPE.cast(DoubleVector.broadcast(QUAD, v));
  }

  /** The {@link #PAIR} vector at byte offset o of s. */
  static DoubleVector pairAt(MemorySegment s, long o) {
    return (DoubleVector) PAIR_TYPE.cast(DoubleVector.fromMemorySegment(PAIR, s, o, NATIVE));
  }

  /** The {@link #PAIR} vector at index i of a. */
  static DoubleVector pairAt(double[] a, int i) {
    return (DoubleVector) PAIR_TYPE.cast(DoubleVector.fromArray(PAIR, a, i));
  }

  /** v in every lane of a {@link #PAIR} vector. */
  static DoubleVector pairOf(double v) {
    return (DoubleVector) PAIR_TYPE.cast(DoubleVector.broadcast(PAIR, v));
  }

  /**
   * The sum of a {@link #DOUBLES} vector's lanes in a fixed order (lane 0 first). {@code reduceLanes(ADD)} leaves the
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
}
