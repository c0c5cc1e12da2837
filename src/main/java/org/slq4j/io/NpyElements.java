package org.slq4j.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The data of one {@code .npy} array read in order, one element at a time, from a stream
 * through a fixed 64 KiB buffer: the memory used is that buffer whatever the header claims, and
 * a stream that ends early is reported at the byte where it ends. Integer elements read as
 * {@code long}; real ones (floats, integers, booleans) as {@code double}.
 */
final class NpyElements {

  private static final int BUFFER_BYTES = 1 << 16;

  private enum Type { I1, I2, I4, I8, U1, U2, U4, U8, F2, F4, F8, B1 }

  private final InputStream in;
  private final NpyDtype dtype;
  private final Type type;
  private final long count;
  private final long dataOffset;
  private final NpyHeader.Problem problem;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private final MemorySegment view = MemorySegment.ofArray(buffer);
  private final ValueLayout.OfShort shortLayout;
  private final ValueLayout.OfInt intLayout;
  private final ValueLayout.OfLong longLayout;
  private final ValueLayout.OfFloat floatLayout;
  private final ValueLayout.OfDouble doubleLayout;
  private int position;
  private int limit;
  private long index;

  /**
   * Reads {@code count} elements of {@code dtype} from {@code in}, positioned at the first of
   * them, which lies at byte {@code dataOffset} of the array; problems are reported through
   * {@code problem} at byte offsets of the array.
   *
   * @throws IllegalArgumentException if the dtype is neither integer, float nor boolean
   */
  NpyElements(InputStream in, NpyDtype dtype, long count, long dataOffset,
      NpyHeader.Problem problem) {
    this.in = in;
    this.dtype = dtype;
    this.type = typeOf(dtype);
    this.count = count;
    this.dataOffset = dataOffset;
    this.problem = problem;
    this.shortLayout = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(dtype.order());
    this.intLayout = ValueLayout.JAVA_INT_UNALIGNED.withOrder(dtype.order());
    this.longLayout = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(dtype.order());
    this.floatLayout = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(dtype.order());
    this.doubleLayout = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(dtype.order());
  }

  private static Type typeOf(NpyDtype d) {
    String key = String.valueOf(d.kind()) + d.size();
    return switch (key) {
      case "i1" -> Type.I1;
      case "i2" -> Type.I2;
      case "i4" -> Type.I4;
      case "i8" -> Type.I8;
      case "u1" -> Type.U1;
      case "u2" -> Type.U2;
      case "u4" -> Type.U4;
      case "u8" -> Type.U8;
      case "f2" -> Type.F2;
      case "f4" -> Type.F4;
      case "f8" -> Type.F8;
      case "b1" -> Type.B1;
      default -> throw new IllegalArgumentException("dtype '" + d.descr()
          + "' is neither integer, float nor boolean");
    };
  }

  /** The 0-based index of the next element. */
  long index() {
    return index;
  }

  /** The byte offset of element {@code k} in the array. */
  long offsetOf(long k) {
    return dataOffset + k * dtype.itemBytes();
  }

  /** The next element of an integer array. */
  long nextLong() throws IOException {
    int p = next();
    return switch (type) {
      case I1 -> buffer[p];
      case I2 -> view.get(shortLayout, p);
      case I4 -> view.get(intLayout, p);
      case I8, U8 -> view.get(longLayout, p);
      case U1 -> buffer[p] & 0xffL;
      case U2 -> view.get(shortLayout, p) & 0xffffL;
      case U4 -> view.get(intLayout, p) & 0xffffffffL;
      case F2, F4, F8, B1 -> throw new IllegalStateException("not an integer dtype: "
          + dtype.descr());
    };
  }

  /** The next element as a double (integers rounded to the nearest double). */
  double nextDouble() throws IOException {
    int p = next();
    return switch (type) {
      case F8 -> view.get(doubleLayout, p);
      case F4 -> view.get(floatLayout, p);
      case F2 -> Float.float16ToFloat(view.get(shortLayout, p));
      case I1 -> buffer[p];
      case I2 -> view.get(shortLayout, p);
      case I4 -> view.get(intLayout, p);
      case I8 -> (double) view.get(longLayout, p);
      case U1 -> buffer[p] & 0xff;
      case U2 -> view.get(shortLayout, p) & 0xffff;
      case U4 -> view.get(intLayout, p) & 0xffffffffL;
      case U8 -> unsignedToDouble(view.get(longLayout, p));
      case B1 -> buffer[p] != 0 ? 1.0 : 0.0;
    };
  }

  private static double unsignedToDouble(long v) {
    double d = (double) (v >>> 1 | (v & 1)); // keeps the sticky bit for correct rounding
    return v >= 0 ? (double) v : d * 2.0;
  }

  /** The buffer position of the next element, refilling the buffer when it is used up. */
  private int next() throws IOException {
    if (index >= count) {
      throw new IllegalStateException("all " + count + " elements were read");
    }
    if (position == limit) {
      refill();
    }
    int p = position;
    position += (int) dtype.itemBytes();
    index++;
    return p;
  }

  private void refill() throws IOException {
    long itemBytes = dtype.itemBytes();
    long remaining = (count - index) * itemBytes;
    int want = (int) Math.min(BUFFER_BYTES - BUFFER_BYTES % itemBytes, remaining);
    int got;
    try {
      got = in.readNBytes(buffer, 0, want);
    } catch (MatrixFormatException e) {
      throw e;
    } catch (IOException e) {
      throw problem.at(offsetOf(index), "unreadable data (" + e.getMessage() + ")");
    }
    if (got < want) {
      long end = offsetOf(index) + got;
      throw problem.at(end, "truncated data: " + count + " elements of " + dtype.descr()
          + " need " + count * itemBytes + " bytes from byte offset " + dataOffset + ", the data"
          + " end after " + (end - dataOffset));
    }
    position = 0;
    limit = got;
  }

  /** Skips {@code elements} elements that are not buffered yet (before the first read). */
  void skip(long elements) throws IOException {
    if (index != 0 || position != limit) {
      throw new IllegalStateException("skip only before the first read");
    }
    try {
      in.skipNBytes(elements * dtype.itemBytes());
    } catch (EOFException e) {
      throw problem.at(dataOffset, "truncated data: the data end before element " + elements);
    } catch (IOException e) {
      throw problem.at(dataOffset, "unreadable data (" + e.getMessage() + ")");
    }
    index = elements;
  }

  /** Throws if the stream holds more bytes after the last element. */
  void checkEnd() throws IOException {
    int next;
    try {
      next = in.read();
    } catch (IOException e) {
      throw problem.at(offsetOf(count), "unreadable data (" + e.getMessage() + ")");
    }
    if (next >= 0) {
      throw problem.at(offsetOf(count), "data continue after the " + count + " elements the "
          + "header declares");
    }
  }
}
