package org.slq4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Loads a matrix file of any supported format: Matrix Market ({@code .mtx}, gzip-compressed
 * {@code .mtx.gz}), NumPy ({@code .npy}) and SciPy sparse archives ({@code .npz}). The magic
 * bytes decide ({@code %%MatrixMarket}, {@code \x93NUMPY}, gzip, zip's {@code PK\x03\x04});
 * when they match no format the extension picks the reader, whose error then says what the
 * file should have started with.
 */
public final class MatrixFiles {

  private static final byte[] MM_BANNER = "%%MatrixMarket".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

  private MatrixFiles() {}

  /**
   * Loads {@code path}; the caller closes the result.
   *
   * @throws MatrixFormatException if the format is unknown or the file is malformed
   * @throws IOException if the file cannot be read
   */
  public static LoadedMatrix load(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    byte[] head;
    try (InputStream in = Files.newInputStream(path)) {
      head = in.readNBytes(MM_BANNER.length);
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
    if (ascii.regionMatches(true, 0, "%%MatrixMarket", 0, MM_BANNER.length)
        && head.length == MM_BANNER.length) {
      return MatrixMarketReader.read(path);
    }
    String name = path.getFileName() == null ? ""
        : path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".npy")) {
      return NpyReader.read(path);
    }
    if (name.endsWith(".npz")) {
      return NpzReader.read(path);
    }
    if (name.endsWith(".mtx") || name.endsWith(".mtx.gz")) {
      return MatrixMarketReader.read(path);
    }
    throw MatrixFormatException.atByte(path, 0, "unrecognized matrix file: expected a Matrix "
        + "Market file (starting with %%MatrixMarket, .mtx or .mtx.gz), a NumPy .npy file "
        + "(starting with \\x93NUMPY) or a SciPy sparse .npz archive (a zip file, starting with "
        + "PK)");
  }

  private static boolean startsWith(byte[] head, byte[] prefix) {
    return head.length >= prefix.length
        && Arrays.equals(head, 0, prefix.length, prefix, 0, prefix.length);
  }
}
