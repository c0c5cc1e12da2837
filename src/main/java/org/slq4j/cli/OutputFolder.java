package org.slq4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The output folder, written all-or-nothing. Files are written into a hidden temporary folder on
 * the target's file system (beside a new target, inside an existing one), so renames are
 * atomic; {@link #commit()} then renames the temporary folder to the target when the target does
 * not exist yet, or moves each file into the existing target, replacing older files of the same
 * name one atomic rename at a time, holding an exclusive lock on the target's
 * {@value #LOCK_FILE} for the whole series: two commands committing into one folder take
 * turns, and the folder ends with one command's complete set of files, never a mix. Other files
 * in an existing folder are left alone.
 *
 * <p>The temporary folder has a short name of its own (a legal folder name of 255 bytes still
 * fits) and is made as {@code mkdir} makes folders, so a new output folder gets the permissions
 * the umask gives. Everything about the target is checked before the estimate starts.
 * Without a commit (an error, an exception, Ctrl-C through the shutdown hook) the temporary
 * folder and any parent folders this class created are deleted, so a failed run leaves nothing.
 */
final class OutputFolder implements AutoCloseable {

  /** The file in an existing output folder that commits into it lock, one at a time. */
  static final String LOCK_FILE = ".slq4j.lock";

  /** Prefix of the temporary folder's name. */
  static final String TEMP_PREFIX = ".slq4j-tmp-";

  /** Runs after each file moved into an existing folder; tests widen the window with it. */
  static volatile Runnable afterEachMove = () -> { };

  private final Path target;
  private final Path temp;
  private final List<Path> createdParents;
  private final List<String> files = new ArrayList<>();
  private final Thread cleanupHook;
  private boolean committed;

  private OutputFolder(Path target, Path temp, List<Path> createdParents) {
    this.target = target;
    this.temp = temp;
    this.createdParents = createdParents;
    this.cleanupHook = new Thread(this::deleteQuietly, "slq4j-output-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanupHook);
  }

  /** Checks that {@code target} can become the output folder and creates the temporary one. */
  static OutputFolder prepare(Path target, String shownName) throws UserError {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.isSymbolicLink(absolute) && !Files.exists(absolute)) {
      String to;
      try {
        to = Files.readSymbolicLink(absolute).toString();
      } catch (IOException e) {
        to = "?";
      }
      throw new UserError("output folder " + shownName + " is a symbolic link to " + to
          + ", which does not exist");
    }
    if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
      throw new UserError("output folder " + shownName + " exists and is not a folder");
    }
    Path parent = absolute.getParent();
    if (parent == null) {
      throw new UserError("cannot use the file-system root as output folder: " + shownName);
    }
    List<Path> created = new ArrayList<>();
    try {
      Path missing = parent;
      List<Path> chain = new ArrayList<>();
      while (missing != null && !Files.exists(missing)) {
        chain.add(missing);
        missing = missing.getParent();
      }
      if (missing != null && !Files.isDirectory(missing)) {
        throw new UserError("cannot create output folder " + shownName + ": "
            + shownAncestor(shownName, absolute, missing) + " exists and is not a folder");
      }
      for (int i = chain.size() - 1; i >= 0; i--) {
        Files.createDirectory(chain.get(i));
        created.add(chain.get(i));
      }
      // Beside the target when it is new (one rename publishes it), inside it when it exists
      // (its parent may not be writable); both on the target's file system.
      Path temp = newFolder(Files.isDirectory(absolute) ? absolute : parent);
      return new OutputFolder(absolute, temp, created);
    } catch (FileAlreadyExistsException e) {
      deleteAll(created);
      throw new UserError("cannot create output folder " + shownName + ": "
          + e.getFile() + " exists and is not a folder");
    } catch (AccessDeniedException e) {
      deleteAll(created);
      throw new UserError("cannot write output folder " + shownName + ": permission denied in "
          + (e.getFile() != null ? e.getFile() : parent));
    } catch (IOException | SecurityException e) {
      deleteAll(created);
      throw new UserError("cannot write output folder " + shownName + ": "
          + (e instanceof IOException io ? DensityCommand.describe(io) : e.getMessage()));
    }
  }

  /**
   * {@code ancestor} of {@code absolute} as the user wrote it: {@code shownName} without its
   * last name elements, or the absolute path when that does not work out.
   */
  private static String shownAncestor(String shownName, Path absolute, Path ancestor) {
    try {
      Path shown = Path.of(shownName).normalize();
      int drop = absolute.getNameCount() - ancestor.getNameCount();
      if (!shown.isAbsolute() && drop > 0 && drop < shown.getNameCount()
          && !shown.toString().contains("..")) {
        return shown.subpath(0, shown.getNameCount() - drop).toString();
      }
    } catch (java.nio.file.InvalidPathException e) {
      // fall through: the absolute path says it as well
    }
    return ancestor.toString();
  }

  /**
   * A new hidden folder in {@code where}, made with the permissions {@code mkdir} gives (the
   * umask applies; a temporary-directory call would make it 0700).
   */
  private static Path newFolder(Path where) throws IOException {
    java.security.SecureRandom random = new java.security.SecureRandom();
    for (int attempt = 0; ; attempt++) {
      Path p = where.resolve(TEMP_PREFIX + Long.toUnsignedString(random.nextLong(), 36));
      try {
        return Files.createDirectory(p);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  /** The final location. */
  Path target() {
    return target;
  }

  /** A UTF-8 writer for a new file {@code name}, registered for the commit. */
  BufferedWriter writer(String name) throws IOException {
    files.add(name);
    return Files.newBufferedWriter(temp.resolve(name), StandardCharsets.UTF_8);
  }

  /**
   * The path of a new file {@code name} in the temporary folder, registered for the commit, for
   * writers that open the file themselves (binary formats).
   */
  Path file(String name) {
    files.add(name);
    return temp.resolve(name);
  }

  void write(String name, String content) throws IOException {
    try (BufferedWriter w = writer(name)) {
      w.write(content);
    }
  }

  /** Publishes the files; afterwards {@link #close()} leaves them in place. */
  void commit() throws IOException {
    if (!Files.exists(target) && !temp.startsWith(target)) {
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
      } catch (IOException e) {
        // Another command published the folder meanwhile (EEXIST, ENOTEMPTY), or the rename is
        // refused: move file by file into it, under its lock.
      }
    }
    if (!committed) {
      Files.createDirectories(target);
      moveFilesLocked();
      Files.deleteIfExists(temp);
      committed = true;
    }
    removeHook();
  }

  /**
   * Moves every file into the existing target under its lock file. The file lock keeps other
   * processes out; it is held per JVM, so threads of this one take turns on the class first.
   */
  private void moveFilesLocked() throws IOException {
    synchronized (OutputFolder.class) {
      try (FileChannel lock = FileChannel.open(target.resolve(LOCK_FILE),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = lock.lock()) {
        for (String name : files) {
          Path from = temp.resolve(name);
          Path to = target.resolve(name);
          try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
          }
          afterEachMove.run();
        }
      }
    }
  }

  /** Deletes the temporary folder unless committed. */
  @Override
  public void close() {
    if (!committed) {
      deleteQuietly();
    }
    removeHook();
  }

  private void removeHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupHook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs (and finds nothing to do once committed).
    }
  }

  private synchronized void deleteQuietly() {
    if (committed) {
      return;
    }
    if (Files.exists(temp)) {
      try (Stream<Path> walk = Files.walk(temp)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException | RuntimeException e) {
        // Best effort: a leftover hidden .tmp folder is the worst outcome.
      }
    }
    deleteAll(createdParents);
  }

  /** Deletes folders we created, deepest first, if still empty. */
  private static void deleteAll(List<Path> created) {
    for (int i = created.size() - 1; i >= 0; i--) {
      try {
        Files.deleteIfExists(created.get(i));
      } catch (IOException e) {
        return;  // not empty (someone else wrote there) or gone: leave the rest.
      }
    }
  }
}
