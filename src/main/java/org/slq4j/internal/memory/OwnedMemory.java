package org.slq4j.internal.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;

/**
 * The off-heap memory of one operator: a shared arena (the operator may be called from any
 * thread) whose buffers come from {@link OffHeap}. {@link #close()} frees it at once and is
 * idempotent; memory never closed is freed by a cleaner once this object is unreachable, which
 * happens together with the operator that holds it as a private field. A shared arena makes a
 * use after close (or a close during a concurrent use) throw {@link IllegalStateException},
 * never touch freed memory; {@link #ensureOpen} turns the common case into a message naming the
 * operator.
 *
 * <p>An operator keeps itself reachable until its kernel returns
 * ({@code Reference.reachabilityFence}), so the cleaner never frees memory in use.
 */
public final class OwnedMemory implements AutoCloseable {

  /** One daemon thread for the whole library. */
  private static final Cleaner CLEANER = Cleaner.create();

  private final Arena arena;
  private final Cleaner.Cleanable cleanable;

  public OwnedMemory() {
    this.arena = Arena.ofShared();
    // The action refers to the arena only, never to this object, or it would stay reachable.
    this.cleanable = CLEANER.register(this, new Release(arena));
  }

  /** Closes the arena at most once, whether from close() or from the cleaner. */
  private static final class Release implements Runnable {
    private final Arena arena;

    Release(Arena arena) {
      this.arena = arena;
    }

    @Override
    public void run() {
      arena.close();
    }
  }

  /** Zeroed native-order doubles, freed with this memory. */
  public MemorySegment allocateDoubles(long count) {
    return OffHeap.allocateDoubles(arena, count);
  }

  /** Zeroed bytes (for int, char or long arrays), freed with this memory. */
  public MemorySegment allocate(long bytes) {
    return OffHeap.allocate(arena, bytes);
  }

  /** Whether {@link #close()} has not been called (nor the cleaner run). */
  public boolean isOpen() {
    return arena.scope().isAlive();
  }

  /**
   * Throws {@link IllegalStateException} naming {@code owner} (by its {@code toString}) when the
   * memory is closed.
   */
  public void ensureOpen(Object owner) {
    if (!isOpen()) {
      throw new IllegalStateException(owner + " is closed");
    }
  }

  /** Frees the memory now. Idempotent and thread-safe. */
  @Override
  public void close() {
    cleanable.clean();
  }
}
