package org.slq4j.internal.lanczos;

import java.lang.foreign.MemorySegment;

/**
 * Off-heap storage for Lanczos vectors of length n: {@code slots} vectors stored contiguously
 * (slot j occupies doubles [j*n, (j+1)*n)), so the Gram-Schmidt kernel streams over the whole
 * basis in one sweep. The memory belongs to the caller.
 */
final class LanczosBasis {

  private final MemorySegment storage;
  private final long n;
  private final int slots;

  /** Over caller-provided storage of at least n * slots doubles (checked by the caller). */
  LanczosBasis(MemorySegment storage, long n, int slots) {
    if (n < 1 || slots < 1) {
      throw new IllegalArgumentException("basis needs n >= 1 and slots >= 1, got n = " + n
          + ", slots = " + slots);
    }
    this.n = n;
    this.slots = slots;
    this.storage = storage;
  }

  /** The whole storage; slot j starts at double offset {@link #offset(int)}. */
  MemorySegment storage() {
    return storage;
  }

  long offset(int slot) {
    return slot * n;
  }

  /** Slot j as its own segment of n doubles (what operators receive). */
  MemorySegment slot(int j) {
    if (j < 0 || j >= slots) {
      throw new IndexOutOfBoundsException("slot " + j + " of " + slots);
    }
    return storage.asSlice(j * n * Double.BYTES, n * Double.BYTES);
  }

  long length() {
    return n;
  }
}
