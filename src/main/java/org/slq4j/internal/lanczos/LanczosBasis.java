package org.slq4j.internal.lanczos;

import java.lang.foreign.MemorySegment;

/**
 * Off-heap storage for Lanczos vectors of length n: {@code slots} vectors stored contiguously
 * (slot j occupies entries [j*n, (j+1)*n)), so the Gram-Schmidt kernel streams over the whole
 * basis in one sweep. Entries are doubles, or floats for a basis kept in single precision. The
 * memory belongs to the caller.
 */
final class LanczosBasis {

  private final MemorySegment storage;
  private final long n;
  private final int slots;
  private final int entryBytes;

  /** Over caller-provided storage of at least n * slots doubles (checked by the caller). */
  LanczosBasis(MemorySegment storage, long n, int slots) {
    this(storage, n, slots, Double.BYTES);
  }

  /**
   * Over caller-provided storage of at least n * slots entries of {@code entryBytes} bytes
   * (8: doubles, 4: floats; checked by the caller).
   */
  LanczosBasis(MemorySegment storage, long n, int slots, int entryBytes) {
    if (n < 1 || slots < 1) {
      throw new IllegalArgumentException("basis needs n >= 1 and slots >= 1, got n = " + n
          + ", slots = " + slots);
    }
    this.n = n;
    this.slots = slots;
    this.storage = storage;
    this.entryBytes = entryBytes;
  }

  /** The whole storage; slot j starts at entry offset {@link #offset(int)}. */
  MemorySegment storage() {
    return storage;
  }

  long offset(int slot) {
    return slot * n;
  }

  /** Slot j as its own segment of n entries (of doubles: what operators receive). */
  MemorySegment slot(int j) {
    if (j < 0 || j >= slots) {
      throw new IndexOutOfBoundsException("slot " + j + " of " + slots);
    }
    return storage.asSlice(j * n * entryBytes, n * entryBytes);
  }

  long length() {
    return n;
  }
}
