package org.slq4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of one NumPy {@code .npy} array (format versions 1.0, 2.0 and 3.0, as specified in
 * NumPy's {@code numpy.lib.format}), read from the start of a stream: a {@code .npy} file, or
 * one entry of an {@code .npz} archive. Only the header's syntax is checked here; which dtypes
 * and shapes are acceptable is the caller's decision.
 *
 * @param major the format's major version (1, 2 or 3)
 * @param descr the dtype string, e.g. {@code <f8}
 * @param descrOffset byte offset of the dtype string
 * @param fortranOrder whether the data are stored in Fortran (column-major) order
 * @param shape the dimensions (empty for a 0-d array)
 * @param shapeText the shape tuple as written, without its parentheses
 * @param shapeOffset byte offset of the shape tuple's contents
 * @param dataOffset byte offset of the first data byte
 */
record NpyHeader(int major, String descr, long descrOffset, boolean fortranOrder, long[] shape,
    String shapeText, long shapeOffset, long dataOffset) {

  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** The longest header read; NumPy's own headers are a few hundred bytes. */
  static final long MAX_HEADER_LENGTH = 1 << 24;

  private static final Pattern DESCR =
      Pattern.compile("['\"]descr['\"]\\s*:\\s*(['\"]([^'\"]*)['\"]|\\S)");
  private static final Pattern FORTRAN =
      Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

  /**
   * The header of a new {@code .npy} file: magic string, version, little-endian header length
   * and the dictionary, padded with spaces and a final newline so that the data start at a
   * multiple of 64 bytes, as NumPy writes it. Version 1.0 (2-byte length) when the header fits,
   * 2.0 otherwise.
   *
   * @param descr the dtype string, e.g. {@code <f8}
   * @param shape the dimensions; (n,) for one dimension
   */
  static byte[] encode(String descr, boolean fortranOrder, long[] shape) {
    StringBuilder dims = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      dims.append(i > 0 ? ", " : "").append(shape[i]);
    }
    if (shape.length == 1) {
      dims.append(',');
    }
    String dict = "{'descr': '" + descr + "', 'fortran_order': "
        + (fortranOrder ? "True" : "False") + ", 'shape': (" + dims + "), }";
    byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
    int major = 1;
    int prefix = MAGIC.length + 4;
    int total = (prefix + text.length + 1 + 63) / 64 * 64;
    if (total - prefix > 0xffff) {
      major = 2;
      prefix = MAGIC.length + 6;
      total = (prefix + text.length + 1 + 63) / 64 * 64;
    }
    int headerLength = total - prefix;
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) {
      b.putShort((short) headerLength);
    } else {
      b.putInt(headerLength);
    }
    b.put(text);
    while (b.position() < total - 1) {
      b.put((byte) ' ');
    }
    b.put((byte) '\n');
    return b.array();
  }

  /** Makes the error for a problem at a byte offset of the array being read. */
  @FunctionalInterface
  interface Problem {
    MatrixFormatException at(long byteOffset, String reason);
  }

  /** The number of elements, the product of the dimensions (1 for a 0-d array). */
  long count() throws ArithmeticException {
    long c = 1;
    for (long d : shape) {
      c = Math.multiplyExact(c, d);
    }
    return c;
  }

  /**
   * Reads the header from {@code in}, positioned at the magic string, and leaves {@code in} at
   * the first data byte.
   *
   * @param available the bytes {@code in} holds, or -1 when unknown: a header that claims more
   *     is reported as truncated before it is read
   * @param what "file" or "entry", for the messages
   */
  static NpyHeader read(InputStream in, long available, String what, Problem problem)
      throws IOException {
    byte[] pre = in.readNBytes(10);
    int got = pre.length;
    for (int k = 0; k < MAGIC.length; k++) {
      if (k >= got || pre[k] != MAGIC[k]) {
        throw problem.at(k, "not a .npy " + what + ": the " + what + " must start with the "
            + "magic string \\x93NUMPY");
      }
    }
    if (got < 10) {
      throw problem.at(got, "truncated header");
    }
    int major = pre[6] & 0xff;
    int minor = pre[7] & 0xff;
    long headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = ByteBuffer.wrap(pre).order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xffff;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      byte[] rest = in.readNBytes(2);
      if (rest.length < 2) {
        throw problem.at(10 + rest.length, "truncated header");
      }
      headerLength = ((pre[8] & 0xffL) | (pre[9] & 0xffL) << 8 | (rest[0] & 0xffL) << 16
          | (rest[1] & 0xffL) << 24);
      headerStart = 12;
    } else {
      throw problem.at(6, "unsupported .npy format version " + major + "." + minor
          + " (supported: 1.0, 2.0, 3.0)");
    }
    if (headerLength > MAX_HEADER_LENGTH) {
      throw problem.at(8, "header length " + headerLength + " bytes exceeds the limit of "
          + MAX_HEADER_LENGTH + " bytes (16 MiB)");
    }
    long dataOffset = headerStart + headerLength;
    if (available >= 0 && dataOffset > available) {
      throw problem.at(headerStart, "truncated header: it declares " + headerLength
          + " bytes, the " + what + " has " + (available - headerStart) + " after byte "
          + headerStart);
    }
    byte[] hb = in.readNBytes((int) headerLength);
    if (hb.length < headerLength) {
      throw problem.at(headerStart + hb.length, "truncated header: it declares " + headerLength
          + " bytes, the " + what + " ends after " + hb.length);
    }
    String header = new String(hb, major == 3 ? StandardCharsets.UTF_8
        : StandardCharsets.ISO_8859_1);

    Matcher descr = DESCR.matcher(header);
    if (!descr.find() || descr.group(2) == null) {
      throw problem.at(headerStart, "unsupported dtype: the header has no simple 'descr' "
          + "(structured arrays are not supported): " + brief(header));
    }
    Matcher fortran = FORTRAN.matcher(header);
    if (!fortran.find()) {
      throw problem.at(headerStart, "header has no 'fortran_order': " + brief(header));
    }
    Matcher shapeMatch = SHAPE.matcher(header);
    if (!shapeMatch.find()) {
      throw problem.at(headerStart, "header has no 'shape': " + brief(header));
    }
    long shapeOffset = headerStart + shapeMatch.start(1);
    String[] dims = shapeMatch.group(1).split(",");
    long[] shape = new long[dims.length];
    int rank = 0;
    for (String d : dims) {
      String s = d.strip();
      if (s.isEmpty()) {
        continue;
      }
      try {
        shape[rank++] = Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw problem.at(shapeOffset, "shape (" + shapeMatch.group(1)
            + ") is not a tuple of integers");
      }
      if (shape[rank - 1] < 0) {
        throw problem.at(shapeOffset, "shape (" + shapeMatch.group(1)
            + ") has a negative dimension");
      }
    }
    return new NpyHeader(major, descr.group(2), headerStart + descr.start(2),
        fortran.group(1).equals("True"), java.util.Arrays.copyOf(shape, rank),
        shapeMatch.group(1), shapeOffset, dataOffset);
  }

  private static String brief(String header) {
    return MatrixMarketReader.abbreviate(header.strip());
  }
}
