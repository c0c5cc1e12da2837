package org.slq4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Objects;
import org.slq4j.SymmetricOperator;
import org.slq4j.io.MatrixFiles;
import org.slq4j.operators.LaplacianOperator;

/**
 * Where an executor gets the operator from: what crosses the network is this description,
 * never the matrix. Each executor JVM builds the operator once ({@link ExecutorOperators}).
 *
 * <ul>
 *   <li>{@link #file}: a Matrix Market, .npy or .npz file at a path every executor can read (a
 *       shared file system, or the same path on every node);
 *   <li>{@link #laplacian}: the built-in grid Laplacian {@code N}, {@code NxM} or {@code NxMxK};
 *   <li>{@link #userClass}: a class on the executors' class path with a public no-argument
 *       constructor implementing {@link SymmetricOperator}.
 * </ul>
 *
 * @param kind what {@code spec} is
 * @param spec the path, the grid or the class name
 */
public record OperatorSource(Kind kind, String spec) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The kinds of source. */
  public enum Kind {
    FILE, LAPLACIAN, CLASS
  }

  /** The prefix of {@link #parse} for a grid Laplacian. */
  public static final String LAPLACIAN_PREFIX = "laplacian:";
  /** The prefix of {@link #parse} for a user class. */
  public static final String CLASS_PREFIX = "class:";

  /** Checks the description (not the file or the class: they live on the executors). */
  public OperatorSource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(spec, "spec");
    if (spec.isBlank()) {
      throw new IllegalArgumentException("an operator source needs a " + switch (kind) {
        case FILE -> "path";
        case LAPLACIAN -> "grid (N, NxM or NxMxK)";
        case CLASS -> "class name";
      });
    }
    if (kind == Kind.LAPLACIAN) {
      LaplacianOperator.parse(spec);  // the grid's own checks, at the driver
    }
  }

  /** A matrix file every executor reads at {@code path}. */
  public static OperatorSource file(String path) {
    return new OperatorSource(Kind.FILE, path);
  }

  /** The grid Laplacian of {@code grid} ("N", "NxM" or "NxMxK"). */
  public static OperatorSource laplacian(String grid) {
    return new OperatorSource(Kind.LAPLACIAN, grid);
  }

  /** An instance of {@code className}, made with its public no-argument constructor. */
  public static OperatorSource userClass(String className) {
    return new OperatorSource(Kind.CLASS, className);
  }

  /** {@code laplacian:NxMxK}, {@code class:NAME}, or else a file path. */
  public static OperatorSource parse(String text) {
    if (text.startsWith(LAPLACIAN_PREFIX)) {
      return laplacian(text.substring(LAPLACIAN_PREFIX.length()));
    }
    if (text.startsWith(CLASS_PREFIX)) {
      return userClass(text.substring(CLASS_PREFIX.length()));
    }
    return file(text);
  }

  /** Builds the operator; the caller owns it (closes it when it is {@link AutoCloseable}). */
  public SymmetricOperator open() {
    return switch (kind) {
      case FILE -> {
        try {
          yield MatrixFiles.load(Path.of(spec)).operator();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot load " + spec + ": " + e.getMessage(), e);
        }
      }
      case LAPLACIAN -> LaplacianOperator.parse(spec);
      case CLASS -> instantiate(spec);
    };
  }

  private static SymmetricOperator instantiate(String className) {
    Class<?> c;
    try {
      c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("operator class " + className
          + " is not on the class path", e);
    }
    if (!SymmetricOperator.class.isAssignableFrom(c)) {
      throw new IllegalArgumentException("operator class " + className + " does not implement "
          + SymmetricOperator.class.getName());
    }
    try {
      return (SymmetricOperator) c.getConstructor().newInstance();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("operator class " + className
          + " has no public no-argument constructor", e);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("operator class " + className + " failed to construct: "
          + cause, cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot construct operator class " + className + ": "
          + e, e);
    }
  }

  @Override
  public String toString() {
    return switch (kind) {
      case FILE -> spec;
      case LAPLACIAN -> LAPLACIAN_PREFIX + spec;
      case CLASS -> CLASS_PREFIX + spec;
    };
  }
}
