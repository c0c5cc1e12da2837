package org.slq4j.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import org.slq4j.internal.memory.OffHeap;

/**
 * The matrix readers on hostile input: arbitrary bytes (also behind each format's magic, so
 * that they get past the format sniffing), and valid files with random mutations (truncation,
 * byte flips, swapped tokens, edited headers). For every input each reader
 * ({@link MatrixFiles#load}, {@link MatrixMarketReader}, {@link NpyReader}, {@link NpzReader})
 *
 * <ul>
 *   <li>returns a matrix or throws {@link MatrixFormatException}, the exception they document
 *       for malformed data, and nothing else (no IndexOutOfBounds, NegativeArraySize,
 *       NumberFormat, OutOfMemory, ... escapes);
 *   <li>returns within a hang guard of ten seconds (the inputs are at most a few kilobytes);
 *   <li>allocates, heap and off-heap together, at most 64 bytes per byte of the file plus
 *       4 MiB (the most seen is under 1 MiB): the heap as the JVM counts the reading thread's
 *       allocations, off-heap as {@link OffHeap#allocatedBytes} counts them, so nothing is
 *       sized by a count the file only claims. (A Matrix Market size line may legitimately
 *       declare n far beyond the entries that follow, and n + 1 row pointers are then due;
 *       the mutations here keep declared dimensions small, so that term stays within the
 *       constant. Larger claims are refused before allocation when they exceed the memory
 *       available: MatrixMarketReaderTest and the README's Bad input table.)
 *   <li>returns, when it does return a matrix, no more stored entries than the file has bytes
 *       (an entry costs at least two bytes of text or four of binary data), except that a
 *       compressed .npz entry may expand up to deflate's limit of 1032 to 1.
 * </ul>
 */
class ReaderProperties {

  private static final long BYTES_PER_FILE_BYTE = 64;
  private static final long CONSTANT_BYTES = 4L << 20;

  private static final ExecutorService READER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "reader-properties");
    t.setDaemon(true);
    return t;
  });

  @AfterContainer
  static void stopReader() {
    READER.shutdownNow();
  }

  private interface Reader {
    LoadedMatrix read(Path p) throws IOException;
  }

  private static final List<Reader> READERS = List.of(MatrixFiles::load,
      MatrixMarketReader::read, NpyReader::read, NpzReader::read);

  private static final String[] PREFIXES = {"", "%%MatrixMarket matrix coordinate real symmetric\n",
      "%%MatrixMarket matrix array real general\n", "\u0093NUMPY\u0001\u0000", "PK\u0003\u0004",
      "\u001f\u008b\u0008\u0000"};

  private static final String[] EXTENSIONS = {".mtx", ".npy", ".npz", ".mtx.gz", ".dat"};

  @Property(tries = 200)
  void arbitraryBytes(@ForAll @Size(max = 3000) byte[] body,
      @ForAll @IntRange(min = 0, max = 5) int prefix, @ForAll @IntRange(min = 0, max = 4) int ext)
      throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(PREFIXES[prefix].getBytes(StandardCharsets.ISO_8859_1));
    b.writeBytes(body);
    check(b.toByteArray(), EXTENSIONS[ext]);
  }

  @Property(tries = 500)
  void mutatedValidFiles(@ForAll @IntRange(min = 0, max = 11) int seedFile,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed,
      @ForAll @IntRange(min = 1, max = 4) int mutations) throws Exception {
    Seed s = seeds().get(seedFile);
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[] bytes = s.bytes();
    for (int k = 0; k < mutations; k++) {
      bytes = mutate(bytes, rnd);
    }
    check(bytes, s.extension());
  }

  /** The valid files are read: the seeds are what the mutations start from. */
  @Property(tries = 12)
  void seedsAreValid(@ForAll @IntRange(min = 0, max = 11) int seedFile) throws Exception {
    Seed s = seeds().get(seedFile);
    Path p = Files.createTempFile("reader-properties-", s.extension());
    try {
      Files.write(p, s.bytes());
      try (LoadedMatrix m = MatrixFiles.load(p)) {
        assertTrue(m.dimension() >= 1);
      }
    } finally {
      Files.deleteIfExists(p);
    }
  }

  private record Seed(byte[] bytes, String extension) {}

  private static List<Seed> seeds;

  private static synchronized List<Seed> seeds() throws IOException {
    if (seeds == null) {
      List<Seed> s = new ArrayList<>();
      s.add(mtx("%%MatrixMarket matrix coordinate real symmetric\n% a comment\n4 4 6\n1 1 2.0\n"
          + "2 1 -1.0\n2 2 2.0\n3 2 -1.0\n3 3 2.0\n4 4 1.5e0\n"));
      s.add(mtx("%%MatrixMarket matrix coordinate real general\n3 3 5\n1 1 4\n1 2 1\n2 1 1\n"
          + "2 2 3\n3 3 -2.5\n"));
      s.add(mtx("%%MatrixMarket matrix coordinate pattern symmetric\n3 3 4\n1 1\n2 1\n2 2\n3 3\n"));
      s.add(mtx("%%MatrixMarket matrix coordinate integer symmetric\n3 3 3\n1 1 7\n3 1 -2\n"
          + "3 3 9\n"));
      s.add(mtx("%%MatrixMarket matrix array real symmetric\n3 3\n1.0\n0.5\n0.25\n2.0\n0.125\n"
          + "3.0\n"));
      s.add(mtx("%%MatrixMarket matrix array real general\n2 2\n1\n2\n2\n5\n"));
      s.add(new Seed(NpyReaderTest.npy(1, "<f8", false, "(3, 3)",
          new double[] {2, 1, 0, 1, 2, 1, 0, 1, 2}), ".npy"));
      s.add(new Seed(NpyReaderTest.npy(2, "<f4", true, "(2, 2)", new double[] {1, 3, 3, 1}),
          ".npy"));
      for (String npz : new String[] {"csr_f8_i4.npz", "csc_f8_i4_z.npz", "coo_f8_i4_z.npz",
          "laplacian_i8.npz"}) {
        s.add(new Seed(Files.readAllBytes(NpzReaderTest.fixture(npz)), ".npz"));
      }
      seeds = List.copyOf(s);
    }
    return seeds;
  }

  private static Seed mtx(String text) {
    return new Seed(text.getBytes(StandardCharsets.US_ASCII), ".mtx");
  }

  /** Header words and numbers a header edit puts in place of a token: all small or invalid. */
  private static final String[] EDITS = {"0", "-1", "1", "2", "3", "7", "1.5", "1e3", "NaN",
      "Inf", "2.5f", "0x10", "4294967296", "99999999999999999999", "", "matrix", "vector",
      "coordinate", "array", "real", "integer", "pattern", "complex", "general", "symmetric",
      "skew-symmetric", "hermitian", "%%MatrixMarket", "'<f8'", "'<f4'", "'>f8'", "'<i4'",
      "True", "False", "(3,)", "(2, 3)", "(0, 0)", "(4294967296, 4294967296)", "'descr'",
      "'shape'", "'fortran_order'", "{", "}", "\u0000", "\n"};

  private static byte[] mutate(byte[] in, SplittableRandom rnd) {
    if (in.length == 0) {
      return new byte[] {(byte) rnd.nextInt(256)};
    }
    switch (rnd.nextInt(5)) {
      case 0 -> {  // truncation
        return java.util.Arrays.copyOf(in, rnd.nextInt(in.length));
      }
      case 1 -> {  // byte flips
        byte[] out = in.clone();
        int flips = 1 + rnd.nextInt(4);
        for (int k = 0; k < flips; k++) {
          int at = rnd.nextInt(out.length);
          out[at] = rnd.nextBoolean() ? (byte) (out[at] ^ (1 << rnd.nextInt(8)))
              : (byte) rnd.nextInt(256);
        }
        return out;
      }
      case 2 -> {  // two tokens swap places
        List<int[]> tokens = tokens(in);
        if (tokens.size() < 2) {
          return in;
        }
        int[] a = tokens.get(rnd.nextInt(tokens.size()));
        int[] b = tokens.get(rnd.nextInt(tokens.size()));
        if (a[0] > b[0]) {
          int[] t = a;
          a = b;
          b = t;
        }
        if (a[1] > b[0]) {
          return in;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, a[0]);
        out.write(in, b[0], b[1] - b[0]);
        out.write(in, a[1], b[0] - a[1]);
        out.write(in, a[0], a[1] - a[0]);
        out.write(in, b[1], in.length - b[1]);
        return out.toByteArray();
      }
      case 3 -> {  // a header edit: a token of the first 200 bytes replaced
        List<int[]> tokens = tokens(in).stream().filter(t -> t[0] < 200).toList();
        if (tokens.isEmpty()) {
          return in;
        }
        int[] t = tokens.get(rnd.nextInt(tokens.size()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, t[0]);
        out.writeBytes(EDITS[rnd.nextInt(EDITS.length)].getBytes(StandardCharsets.ISO_8859_1));
        out.write(in, t[1], in.length - t[1]);
        return out.toByteArray();
      }
      default -> {  // a run of bytes inserted or deleted
        int at = rnd.nextInt(in.length);
        int len = 1 + rnd.nextInt(Math.min(16, in.length - at));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, at);
        if (rnd.nextBoolean()) {
          for (int k = 0; k < len; k++) {
            out.write(rnd.nextInt(256));
          }
          out.write(in, at, in.length - at);
        } else {
          out.write(in, at + len, in.length - at - len);
        }
        return out.toByteArray();
      }
    }
  }

  /** [start, end) of every run of bytes without ASCII whitespace, commas or colons. */
  private static List<int[]> tokens(byte[] b) {
    List<int[]> out = new ArrayList<>();
    int k = 0;
    while (k < b.length) {
      while (k < b.length && separator(b[k])) {
        k++;
      }
      int start = k;
      while (k < b.length && !separator(b[k])) {
        k++;
      }
      if (k > start) {
        out.add(new int[] {start, k});
      }
    }
    return out;
  }

  private static boolean separator(byte c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == ',' || c == ':';
  }

  /** Every reader on {@code bytes}, written to a file with {@code extension}. */
  private static void check(byte[] bytes, String extension) throws Exception {
    Path p = Files.createTempFile("reader-properties-", extension);
    try {
      Files.write(p, bytes);
      for (Reader reader : READERS) {
        checkOne(reader, p, bytes.length);
      }
    } finally {
      Files.deleteIfExists(p);
    }
  }

  private static void checkOne(Reader reader, Path p, long length) throws Exception {
    Future<long[]> run = READER.submit(() -> {
      long heap0 = threadAllocatedBytes();
      long offHeap0 = OffHeap.allocatedBytes();
      long stored = -1;
      try (LoadedMatrix m = reader.read(p)) {
        stored = m.storedNonzeros();
      } catch (MatrixFormatException e) {
        // the documented failure
      }
      return new long[] {threadAllocatedBytes() - heap0,
          OffHeap.allocatedBytes() - offHeap0, stored};
    });
    long[] r;
    try {
      r = run.get(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      run.cancel(true);
      throw new AssertionError("no result within 10 s (a hang?) for " + describe(p), e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause() + " for " + describe(p), e.getCause());
    }
    long bound = BYTES_PER_FILE_BYTE * length + CONSTANT_BYTES;
    if (r[0] + r[1] > bound) {
      fail("allocated " + r[0] + " bytes of heap and " + r[1] + " off-heap, more than " + bound
          + " for a file of " + length + " bytes: " + describe(p));
    }
    long entries = p.toString().endsWith(".npz") || r[2] < 0 ? 1032 * length : length;
    if (r[2] > entries) {
      fail(r[2] + " stored entries from a file of " + length + " bytes: " + describe(p));
    }
  }

  /**
   * Heap bytes the current thread has allocated so far (com.sun.management.ThreadMXBean), by
   * reflection: the tests compile inside the module org.slq4j, which does not read
   * jdk.management; at run time they are on the class path.
   */
  private static long threadAllocatedBytes() throws ReflectiveOperationException {
    if (threadBean == null) {
      threadBean = Class.forName("java.lang.management.ManagementFactory")
          .getMethod("getThreadMXBean").invoke(null);
      allocatedBytes = Class.forName("com.sun.management.ThreadMXBean")
          .getMethod("getCurrentThreadAllocatedBytes");
    }
    return (Long) allocatedBytes.invoke(threadBean);
  }

  private static Object threadBean;
  private static java.lang.reflect.Method allocatedBytes;

  private static String describe(Path p) throws IOException {
    byte[] b = Files.readAllBytes(p);
    String text = new String(b, 0, Math.min(b.length, 300), StandardCharsets.ISO_8859_1);
    return p.getFileName() + " (" + b.length + " bytes): "
        + MatrixMarketReader.abbreviate(text.replace("\n", "\\n"));
  }
}
