package org.slq4j.internal.parallel;

/**
 * How one Lanczos run executes its row-chunked vector work: on the calling thread alone
 * ({@link #SERIAL}) or with the help of the idle threads of a {@link Team}. Whatever executes
 * a chunk, the chunk's work is the same, so results never depend on it; a task writes only its
 * chunk's rows and its chunk's partial.
 */
public final class Lanes {

  /** Every chunk on the calling thread, in chunk order. */
  public static final Lanes SERIAL = new Lanes(null);

  /** One chunk's work. */
  @FunctionalInterface
  public interface ChunkTask {
    /** Does the work of chunk {@code chunk}. */
    void run(int chunk);
  }

  private final Team team;

  Lanes(Team team) {
    this.team = team;
  }

  /**
   * Runs {@code task} once for every chunk in [0, count) and returns when all have ended. When
   * the team has helpers and the run's share of threads allows, the helpers that are free take
   * chunks too (the calling thread always takes its part, so this never waits for a helper to
   * start). A failure of any
   * chunk is rethrown here, after every chunk already started has ended; chunks not yet
   * started then do nothing.
   */
  public void forEach(int count, ChunkTask task) {
    if (team == null || count < 2 || !team.share(count, task)) {
      for (int c = 0; c < count; c++) {
        task.run(c);
      }
    }
  }
}
