package org.slq4j.io;

import java.nio.ByteOrder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simple NumPy dtype string ({@code descr} of a {@code .npy} header), e.g. {@code <f8},
 * {@code >i4}, {@code |b1}, {@code |S3}: byte order, kind and item size.
 *
 * @param descr the string as written
 * @param kind NumPy's kind character: {@code f} float, {@code i} signed and {@code u} unsigned
 *     integer, {@code b} boolean, {@code c} complex, {@code S} bytes, {@code U} UTF-32 text, ...
 * @param order the byte order ({@code |}, one-byte items, reads as little-endian)
 * @param size the item size in bytes ({@code U}: characters, four bytes each)
 */
record NpyDtype(String descr, char kind, ByteOrder order, int size) {

  private static final Pattern SIMPLE = Pattern.compile("([<>|=]?)([a-zA-Z])(\\d{1,9})");

  /** The dtype of {@code descr}, or null when it is not a simple dtype string. */
  static NpyDtype parse(String descr) {
    Matcher m = SIMPLE.matcher(descr);
    if (!m.matches()) {
      return null;
    }
    ByteOrder order = switch (m.group(1)) {
      case ">" -> ByteOrder.BIG_ENDIAN;
      case "=" -> ByteOrder.nativeOrder();
      default -> ByteOrder.LITTLE_ENDIAN;
    };
    return new NpyDtype(descr, m.group(2).charAt(0), order, Integer.parseInt(m.group(3)));
  }

  /** Bytes per element. */
  long itemBytes() {
    return kind == 'U' ? 4L * size : size;
  }

  /**
   * Whether elements are integers of 1, 2, 4 or 8 bytes, signed or unsigned (read as a long:
   * unsigned 8-byte values from 2^63 on read as negative, which no index range admits).
   */
  boolean isIndex() {
    return (kind == 'i' && (size == 1 || size == 2 || size == 4 || size == 8))
        || (kind == 'u' && (size == 1 || size == 2 || size == 4 || size == 8));
  }

  /** Whether elements are real numbers that convert to double: floats, integers, booleans. */
  boolean isReal() {
    return (kind == 'f' && (size == 2 || size == 4 || size == 8)) || isIndex()
        || (kind == 'b' && size == 1);
  }
}
