package org.slq4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Loads a matrix file of any supported format: Matrix Market ({@code .mtx}, gzip-compressed
 * {@code .mtx.gz}), NumPy ({@code .npy}) and SciPy sparse archives ({@code .npz}). The magic
 * bytes decide ({@code %%MatrixMarket}, after a UTF-8 byte-order mark if there is one,
 * {@code \x93NUMPY}, gzip, zip's {@code PK\x03\x04}); when they match no format the extension
 * picks the reader, whose error then says what the file should have started with.
 *
 * <p>Input that is not a regular file (a pipe, a FIFO, {@code /dev/stdin}, a shell's
 * {@code <(...)}) is read exactly once, as a stream: into a temporary file in
 * {@code java.io.tmpdir}, deleted before {@link #load} returns, which the readers then treat as
 * a regular file (the .npy and .npz readers need random access). Errors name the input, never
 * the temporary copy.
 */
public final class MatrixFiles {

  private static final byte[] MM_BANNER = "%%MatrixMarket".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
  private static final byte[] UTF8_BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

  private MatrixFiles() {}

  /**
   * Loads {@code path}; the caller closes the result.
   *
   * @throws MatrixFormatException if the format is unknown or the file is malformed
   * @throws IOException if the file cannot be read
   */
  public static LoadedMatrix load(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    if (!Files.isRegularFile(path)) {
      try (InputStream in = Files.newInputStream(path)) {
        return load(in, path);
      }
    }
    return loadFile(path, path);
  }

  /**
   * Loads a matrix from {@code in}, read once to its end (the caller closes it); {@code name}
   * is what messages call the input and what the extension fallback looks at.
   *
   * @throws MatrixFormatException if the format is unknown or the data are malformed
   * @throws IOException if the stream or the temporary file fails
   */
  public static LoadedMatrix load(InputStream in, Path name) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(name, "name");
    Path copy = Files.createTempFile("slq4j-input-", ".tmp");
    copy.toFile().deleteOnExit();  // also after Ctrl-C; the finally below covers the rest
    try {
      try (OutputStream out = Files.newOutputStream(copy)) {
        in.transferTo(out);
      }
      LoadedMatrix m = loadFile(copy, name);
      return new LoadedMatrix(m.operator(), m.dimension(), m.storedNonzeros(), m.format(), name);
    } catch (MatrixFormatException e) {
      throw e.withFile(name);
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  /** Reads the regular file {@code path}, choosing the reader by magic bytes or {@code name}. */
  private static LoadedMatrix loadFile(Path path, Path name) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(path)) {
      head = in.readNBytes(UTF8_BOM.length + MM_BANNER.length);
    }
    if (startsWith(head, UTF8_BOM)) {
      head = Arrays.copyOfRange(head, UTF8_BOM.length, head.length);
    }
    if (startsWith(head, NpyReader.MAGIC)) {
      return NpyReader.read(path);
    }
    if (startsWith(head, ZIP_MAGIC)) {
      return NpzReader.read(path);
    }
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return MatrixMarketReader.read(path);
    }
    String ascii = new String(head, StandardCharsets.ISO_8859_1);
    if (head.length >= MM_BANNER.length
        && ascii.regionMatches(true, 0, "%%MatrixMarket", 0, MM_BANNER.length)) {
      return MatrixMarketReader.read(path);
    }
    String extension = name.getFileName() == null ? ""
        : name.getFileName().toString().toLowerCase(Locale.ROOT);
    if (extension.endsWith(".npy")) {
      return NpyReader.read(path);
    }
    if (extension.endsWith(".npz")) {
      return NpzReader.read(path);
    }
    if (extension.endsWith(".mtx") || extension.endsWith(".mtx.gz")) {
      return MatrixMarketReader.read(path);
    }
    throw MatrixFormatException.atByte(name, 0, "unrecognized matrix file: expected a Matrix "
        + "Market file (starting with %%MatrixMarket, .mtx or .mtx.gz), a NumPy .npy file "
        + "(starting with \\x93NUMPY) or a SciPy sparse .npz archive (a zip file, starting with "
        + "PK)");
  }

  private static boolean startsWith(byte[] head, byte[] prefix) {
    return head.length >= prefix.length
        && Arrays.equals(head, 0, prefix.length, prefix, 0, prefix.length);
  }
}
