package org.slq4j.internal.lanczos;

/**
 * The seed of each random vector an estimate draws, as a pure function of the estimate's seed
 * and the vector's index: run r (or trace probe r) of seed s is {@link StartVectors#rademacher}
 * of {@code of(s, r)}.
 *
 * <p>Deriving run r from seed s + r would make seeds s and s + 1 share all their runs but one,
 * so estimates repeated over consecutive seeds to see their spread would be nearly the same
 * estimate. Here the pair goes through SplitMix64 (Steele, Lea and Flood 2014), the generator
 * of {@link java.util.SplittableRandom}: a = mix64(s + G) is the first output of SplitMix64
 * seeded with s, and {@code of(s, r)} = mix64(a + (r + 1) G) is output r + 1 of SplitMix64
 * seeded with a, with G = 0x9E3779B97F4A7C15 and mix64 Stafford's variant 13 (the finalizer of
 * SplittableRandom, so {@code of(s, r)} equals the (r + 1)-th {@code nextLong()} of
 * {@code new SplittableRandom(new SplittableRandom(s).nextLong())}). For one seed, distinct
 * indices give distinct probe seeds (mix64 is a bijection and G is odd); for distinct seeds
 * the sequences are unrelated. Being computed in O(1) from (seed, index) alone, a run's vector
 * does not depend on which thread, block or machine computes it.
 *
 * <p>Indices are run or probe numbers (0, 1, ...); negative indices name the auxiliary vectors
 * of an estimate, apart from all of them: {@link #SYMMETRY_X}, {@link #SYMMETRY_Y} and
 * {@link #PREPASS}.
 */
public final class ProbeSeeds {

  /** SplitMix64's increment: the odd integer closest to 2^64 / golden ratio. */
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /** Index of the symmetry probe's first vector. */
  public static final long SYMMETRY_X = -1;
  /** Index of the symmetry probe's second vector. */
  public static final long SYMMETRY_Y = -2;
  /** Index of the seed of the deflation pre-pass (whose own draws go through {@link #of}). */
  public static final long PREPASS = -3;

  private ProbeSeeds() {}

  /** The seed of vector {@code index} of an estimate with seed {@code seed}. */
  public static long of(long seed, long index) {
    long a = mix64(seed + GOLDEN);
    return mix64(a + (index + 1) * GOLDEN);
  }

  /** SplitMix64's output function (Stafford's Mix13), a bijection of the 64-bit integers. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
