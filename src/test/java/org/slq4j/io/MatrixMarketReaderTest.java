package org.slq4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slq4j.InsufficientMemoryException;
import org.slq4j.internal.memory.PhysicalMemory;
import org.slq4j.operators.CsrOperator;
import org.slq4j.operators.DenseSymmetricOperator;
import org.slq4j.operators.NotSymmetricException;

class MatrixMarketReaderTest {

  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  /** Asserts the exception names the file, the line and the reason. */
  private MatrixFormatException fails(String name, String text, long line, String... reasons)
      throws IOException {
    Path p = write(name, text);
    MatrixFormatException e = assertThrows(MatrixFormatException.class,
        () -> MatrixMarketReader.read(p));
    String m = e.getMessage();
    assertTrue(m.contains(name), m);
    if (line > 0) {
      assertTrue(m.contains("line " + line + ":"), m);
      assertEquals(line, e.line(), m);
    }
    for (String r : reasons) {
      assertTrue(m.contains(r), "'" + r + "' not in: " + m);
    }
    assertEquals(p, e.file());
    return e;
  }

  private static double[][] dense(LoadedMatrix m) {
    int n = (int) m.dimension();
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i][j] = m.operator() instanceof CsrOperator c ? c.get(i, j)
            : ((DenseSymmetricOperator) m.operator()).get(i, j);
      }
    }
    return a;
  }

  private static final String SYM_COORD = """
      %%MatrixMarket matrix coordinate real symmetric
      % a comment
      3 3 4

      1 1 2.5
      2 1 -1
      3 3 1e-3
      3 2 4
      """;

  @Test
  void coordinateRealSymmetricIsExpanded() throws IOException {
    try (LoadedMatrix m = MatrixMarketReader.read(write("a.mtx", SYM_COORD))) {
      assertInstanceOf(CsrOperator.class, m.operator());
      assertEquals(3, m.dimension());
      assertEquals(6, m.storedNonzeros());
      assertEquals("matrix-market-coordinate", m.format());
      double[][] want = {{2.5, -1, 0}, {-1, 0, 4}, {0, 4, 1e-3}};
      double[][] got = dense(m);
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          assertEquals(want[i][j], got[i][j], 0.0);
        }
      }
    }
  }

  @Test
  void upperTriangleSymmetricFileIsAcceptedToo() throws IOException {
    String text = "%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 2 3\n2 2 1\n";
    try (LoadedMatrix m = MatrixMarketReader.read(write("u.mtx", text))) {
      assertEquals(3, dense(m)[1][0], 0.0);
      assertEquals(3, dense(m)[0][1], 0.0);
    }
  }

  @Test
  void coordinateGeneralIntegerAndPattern() throws IOException {
    String general = "%%MatrixMarket matrix coordinate integer general\n"
        + "2 2 4\n1 1 7\n1 2 -3\n2 1 -3\n2 2 1\n";
    try (LoadedMatrix m = MatrixMarketReader.read(write("g.mtx", general))) {
      assertEquals(4, m.storedNonzeros());
      assertEquals(-3, dense(m)[1][0], 0.0);
      assertEquals(7, dense(m)[0][0], 0.0);
    }
    String pattern = "%%MatrixMarket matrix coordinate pattern symmetric\n3 3 2\n2 1\n3 3\n";
    try (LoadedMatrix m = MatrixMarketReader.read(write("p.mtx", pattern))) {
      double[][] a = dense(m);
      assertEquals(1, a[0][1], 0.0);
      assertEquals(1, a[1][0], 0.0);
      assertEquals(1, a[2][2], 0.0);
      assertEquals(0, a[0][0], 0.0);
    }
  }

  @Test
  void gzipCompressedFile() throws IOException {
    Path p = dir.resolve("z.mtx.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write(SYM_COORD.getBytes(StandardCharsets.UTF_8));
    }
    try (LoadedMatrix m = MatrixMarketReader.read(p)) {
      assertEquals(6, m.storedNonzeros());
    }
  }

  @Test
  void arrayGeneralAndSymmetric() throws IOException {
    // Column-major 2 x 2: [[1, 2], [2, 5]].
    String general = "%%MatrixMarket matrix array real general\n2 2\n1\n2\n2\n5\n";
    // Lower triangle column by column of [[1, 2, 3], [2, 4, 5], [3, 5, 6]].
    String symmetric = "%%MatrixMarket matrix array real symmetric\n3 3\n1\n2\n3\n4\n5\n6\n";
    try (LoadedMatrix m = MatrixMarketReader.read(write("ag.mtx", general))) {
      assertInstanceOf(DenseSymmetricOperator.class, m.operator());
      assertEquals("matrix-market-array", m.format());
      assertEquals(4, m.storedNonzeros());
      double[][] a = dense(m);
      assertEquals(2, a[0][1], 0.0);
      assertEquals(5, a[1][1], 0.0);
    }
    try (LoadedMatrix m = MatrixMarketReader.read(write("as.mtx", symmetric))) {
      double[][] a = dense(m);
      double[][] want = {{1, 2, 3}, {2, 4, 5}, {3, 5, 6}};
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          assertEquals(want[i][j], a[i][j], 0.0);
        }
      }
    }
    String integer = "%%MatrixMarket matrix array integer symmetric\n1 1\n-4\n";
    try (LoadedMatrix m = MatrixMarketReader.read(write("ai.mtx", integer))) {
      assertEquals(-4, dense(m)[0][0], 0.0);
    }
  }

  @Test
  void bannerErrors() throws IOException {
    fails("b1.mtx", "%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 1\n", 1,
        "wrong banner");
    fails("b2.mtx", "%%MatrixMarket tensor coordinate real general\n", 1, "wrong banner",
        "tensor");
    fails("b3.mtx", "%%MatrixMarket matrix sparse real general\n", 1, "wrong banner", "sparse");
    fails("b4.mtx", "%%MatrixMarket matrix coordinate real\n", 1, "wrong banner");
    fails("b5.mtx", "", 1, "empty file");
    fails("c.mtx", "%%MatrixMarket matrix coordinate complex hermitian\n1 1 1\n1 1 1 0\n", 1,
        "complex field");
    fails("h.mtx", "%%MatrixMarket matrix coordinate real hermitian\n", 1, "hermitian");
    fails("s.mtx", "%%MatrixMarket matrix coordinate real skew-symmetric\n", 1,
        "skew-symmetric");
    fails("ap.mtx", "%%MatrixMarket matrix array pattern general\n", 1, "pattern");
    fails("f.mtx", "%%MatrixMarket matrix coordinate quaternion general\n", 1, "quaternion");
  }

  @Test
  void sizeAndEntryErrors() throws IOException {
    String h = "%%MatrixMarket matrix coordinate real general\n";
    fails("ns.mtx", h + "% c\n2 3 1\n1 1 1\n", 3, "not square", "2 rows, 3 columns");
    fails("nsa.mtx", "%%MatrixMarket matrix array real general\n3 2\n", 2, "not square");
    fails("sz.mtx", h + "2 2\n", 2, "size line");
    fails("nosize.mtx", h + "% only comments\n", 3, "truncated", "size line");
    fails("r.mtx", h + "2 2 2\n1 1 1\n3 1 1\n", 4, "row index 3 out of range 1..2");
    fails("c0.mtx", h + "2 2 1\n1 0 1\n", 3, "column index 0 out of range 1..2");
    fails("t.mtx", h + "2 2 3\n1 1 1\n2 2 1\n", 5, "truncated", "declares 3 entries",
        "after 2");
    fails("x.mtx", h + "1 1 1\n1 1 1\n1 1 1\n", 4, "more data", "1 entries");
    fails("nan.mtx", h + "2 2 2\n1 1 NaN\n2 2 1\n", 3, "not finite", "NaN");
    fails("inf.mtx", h + "2 2 2\n1 1 1\n2 2 -Infinity\n", 4, "not finite", "-Infinity");
    fails("v.mtx", h + "1 1 1\n1 1 abc\n", 3, "not a real number", "abc");
    fails("i.mtx", "%%MatrixMarket matrix coordinate integer general\n1 1 1\n1 1 1.5\n", 3,
        "not an integer", "1.5");
    fails("tok.mtx", h + "1 1 1\n1 1\n", 3, "'row column value'");
    fails("tok2.mtx", "%%MatrixMarket matrix coordinate pattern general\n1 1 1\n1 1 1\n", 3,
        "'row column'");
    fails("both.mtx", "%%MatrixMarket matrix coordinate real symmetric\n3 3 2\n2 1 1\n1 3 1\n",
        4, "both sides of the diagonal", "line 3");
    fails("at.mtx", "%%MatrixMarket matrix array real symmetric\n2 2\n1\n2\n", 5, "truncated",
        "expected 3 values");
    fails("ax.mtx", "%%MatrixMarket matrix array real general\n1 1\n1\n2\n", 4, "more data");
    fails("anan.mtx", "%%MatrixMarket matrix array real general\n1 1\nnan\n", 3, "not finite");
  }

  /** Builds a file line by line and tells on which (1-based) line each line went. */
  private static final class Text {

    private final StringBuilder text = new StringBuilder();
    private long lines;

    long add(String line) {
      text.append(line).append('\n');
      return ++lines;
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }

  @Test
  void asymmetricGeneralMatrixReportsLargestDifference() throws IOException {
    Text coord = new Text();
    coord.add("%%MatrixMarket matrix coordinate real general");
    coord.add("% comments and blank lines must not shift the count");
    coord.add("3 3 5");
    coord.add("1 1 4");
    coord.add("");
    coord.add("1 2 1");
    coord.add("2 1 1");
    coord.add("% the asymmetric pair:");
    long ij = coord.add("2 3 0.5");
    coord.add("   ");
    long ji = coord.add("3 2 0.25");
    MatrixFormatException e = fails("ag.mtx", coord.toString(), ij, "not symmetric",
        "|a_ij - a_ji| = 0.25", "(2, 3)", "max|a_ij| = 4.0",
        "a_ij = 0.5 on line " + ij + ", a_ji = 0.25 on line " + ji + ";");
    assertInstanceOf(NotSymmetricException.class, e.getCause());
    Text array = new Text();
    array.add("%%MatrixMarket matrix array real general");
    array.add("2 2");
    array.add("1");
    long a21 = array.add("2");
    array.add("% column 2");
    long a12 = array.add("3");
    array.add("1");
    fails("aa.mtx", array.toString(), a12, "not symmetric", "|a_ij - a_ji| = 1.0", "(1, 2)",
        "a_ij = 3.0 on line " + a12 + ", a_ji = 2.0 on line " + a21);
  }

  @Test
  void asymmetricEntryIsNamedWhereverItsMirrorComes() throws IOException {
    // The lower entry comes first in the file; the reported position is (1, 3).
    Text t = new Text();
    t.add("%%MatrixMarket matrix coordinate real general");
    t.add("3 3 4");
    long ji = t.add("3 1 -2");
    t.add("2 2 1");
    t.add("1 1 1");
    long ij = t.add("1 3 2");
    fails("late.mtx", t.toString(), ij, "|a_ij - a_ji| = 4.0", "at (1, 3)",
        "a_ij = 2.0 on line " + ij + ", a_ji = -2.0 on line " + ji);
  }

  @Test
  void missingMirrorNamesTheLineOfThePresentEntry() throws IOException {
    Text upper = new Text();
    upper.add("%%MatrixMarket matrix coordinate real general");
    upper.add("2 2 2");
    upper.add("1 1 1");
    long present = upper.add("1 2 3");
    fails("am.mtx", upper.toString(), present, "not symmetric", "= 3.0 at (1, 2)",
        "a_ij = 3.0 on line " + present + ", a_ji absent (0)");
    // Present below the diagonal only: the position is reported as it stands in the file.
    Text lower = new Text();
    lower.add("%%MatrixMarket matrix coordinate integer general");
    lower.add("% n = 3");
    lower.add("3 3 3");
    lower.add("1 1 5");
    lower.add("2 2 5");
    present = lower.add("3 2 -7");
    fails("aml.mtx", lower.toString(), present, "= 7.0 at (3, 2)",
        "a_ij = -7.0 on line " + present + ", a_ji absent (0)");
  }

  @Test
  void duplicatesAreSummedBeforeTheCheckAndAllTheirLinesNamed() throws IOException {
    String h = "%%MatrixMarket matrix coordinate real general\n";
    // 1 + 1 against 2: duplicates summed, the file is symmetric.
    try (LoadedMatrix m = MatrixMarketReader.read(write("dup.mtx",
        h + "2 2 3\n1 2 1\n2 1 2\n1 2 1\n"))) {
      assertEquals(2, dense(m)[0][1], 0.0);
    }
    Text t = new Text();
    t.add(h.strip());
    t.add("2 2 4");
    long first = t.add("1 2 1");
    long ji = t.add("2 1 1");
    t.add("% again");
    long second = t.add("1 2 2");
    t.add("2 2 1");
    fails("dupa.mtx", t.toString(), first, "|a_ij - a_ji| = 2.0", "at (1, 2)",
        "a_ij = 3.0, the sum of 2 entries on lines " + first + ", " + second
            + ", a_ji = 1.0 on line " + ji);
    // Pattern entries count 1 each, so a repeated pattern entry is 2 against its mirror's 1.
    Text p = new Text();
    p.add("%%MatrixMarket matrix coordinate pattern general");
    p.add("3 3 6");
    long[] lines = new long[4];
    for (int k = 0; k < 4; k++) {
      lines[k] = p.add("3 1");
    }
    long mirror = p.add("1 3");
    p.add("2 2");
    fails("dupp.mtx", p.toString(), mirror, "|a_ij - a_ji| = 3.0", "at (1, 3)",
        "a_ij = 1.0 on line " + mirror + ", a_ji = 4.0, the sum of 4 entries on lines "
            + lines[0] + ", " + lines[1] + ", " + lines[2] + ", ...");
  }

  @Test
  void asymmetricGzipFileIsReadAgainForTheLine() throws IOException {
    Text t = new Text();
    t.add("%%MatrixMarket matrix coordinate real general");
    t.add("2 2 2");
    t.add("1 1 1");
    long line = t.add("2 1 1e-3");
    Path p = dir.resolve("asym.mtx.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write(t.toString().getBytes(StandardCharsets.UTF_8));
    }
    MatrixFormatException e = assertThrows(MatrixFormatException.class,
        () -> MatrixMarketReader.read(p));
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.getMessage().contains("a_ij = 0.001 on line " + line), e.getMessage());
  }

  /** A large shuffled file with one pair pushed out of symmetry: the line must be its line. */
  @Test
  void asymmetricEntryIsFoundAmongManyShuffledOnes() throws IOException {
    Random rnd = new Random(7);
    int n = 60;
    List<long[]> entries = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      for (int j = i; j <= n; j++) {
        if (i == j || rnd.nextInt(4) == 0) {
          entries.add(new long[] {i, j});
          if (i != j) {
            entries.add(new long[] {j, i});
          }
        }
      }
    }
    Collections.shuffle(entries, rnd);
    long[] bad = entries.stream().filter(e -> e[0] != e[1]).findFirst().orElseThrow();
    Text t = new Text();
    t.add("%%MatrixMarket matrix coordinate real general");
    t.add(n + " " + n + " " + entries.size());
    Map<List<Long>, Long> lineOf = new HashMap<>();
    for (long[] e : entries) {
      if (rnd.nextInt(10) == 0) {
        t.add("% noise");
      }
      // a_ij = i + j on both sides, except the chosen entry.
      double v = e[0] + e[1] + (e == bad ? 0.5 : 0);
      lineOf.put(List.of(e[0], e[1]), t.add(e[0] + " " + e[1] + " " + v));
    }
    long i = Math.min(bad[0], bad[1]);
    long j = Math.max(bad[0], bad[1]);
    long lineIj = lineOf.get(List.of(i, j));
    long lineJi = lineOf.get(List.of(j, i));
    double aij = i + j + (bad[0] == i ? 0.5 : 0);
    double aji = i + j + (bad[0] == j ? 0.5 : 0);
    fails("many.mtx", t.toString(), lineIj, "|a_ij - a_ji| = 0.5", "at (" + i + ", " + j + ")",
        "a_ij = " + aij + " on line " + lineIj + ", a_ji = " + aji + " on line " + lineJi);
  }

  /** "\n", "\r\n" and "\r" all end a line, and the last line needs no terminator. */
  @Test
  void everyLineTerminatorIsOne() throws IOException {
    String unix = SYM_COORD.strip();
    for (String eol : new String[] {"\n", "\r\n", "\r"}) {
      Path p = write("eol.mtx", unix.replace("\n", eol));
      try (LoadedMatrix m = MatrixMarketReader.read(p)) {
        assertEquals(-1.0, dense(m)[0][1], 0.0);
        assertEquals(1e-3, dense(m)[2][2], 0.0);
      }
      // The line numbers count the same lines whatever ends them.
      fails("eol-bad.mtx", unix.replace("3 2 4", "3 2 x").replace("\n", eol), 8,
          "value is not a real number: 'x'");
    }
  }

  /**
   * Lines across the read buffer's boundaries, a comment longer than the buffer, and an error
   * deep in the file named at its line.
   */
  @Test
  void longFilesAndLongLinesKeepTheirLineNumbers() throws IOException {
    int n = 50_000;
    StringBuilder b = new StringBuilder("%%MatrixMarket matrix coordinate real symmetric\n");
    b.append('%').append("x".repeat(200_000)).append('\n');
    b.append(n).append(' ').append(n).append(' ').append(n).append('\n');
    for (int i = 1; i <= n; i++) {
      b.append(i).append(' ').append(i).append("   ").append(i * 0.25).append(" \n");
    }
    Path p = write("long.mtx", b.toString());
    try (LoadedMatrix m = MatrixMarketReader.read(p)) {
      CsrOperator op = (CsrOperator) m.operator();
      for (int i = 0; i < n; i += 997) {
        assertEquals((i + 1) * 0.25, op.get(i, i), 0.0);
      }
    }
    String bad = b.toString().replace("\n40000 40000   10000.0 \n", "\n40000 40000   1e999 \n");
    fails("deep.mtx", bad, 3 + 40_000, "not finite", "1e999");
    String tooLong = "%%MatrixMarket matrix coordinate real symmetric\n1 1 1\n1 1 "
        + "1".repeat(MatrixMarketLines.MAX_LINE_BYTES + 1) + "\n";
    fails("toolong.mtx", tooLong, 3, "line longer than");
  }

  /**
   * A size line is a claim: a short file is refused as truncated before anything is sized by
   * it, and a dimension the machine cannot hold is refused as such, before it is allocated.
   */
  @Test
  void sizeLineClaimsAreNotAllocatedUpFront() throws IOException {
    String entries = "1 1 1.0\n2 1 0.5\n3 3 2.0\n";
    fails("claim.mtx", "%%MatrixMarket matrix coordinate real symmetric\n"
        + "2000000000 2000000000 1000000000\n" + entries, 6, "truncated data",
        "declares 1000000000 entries, the file ends after 3");
    fails("dense-claim.mtx", "%%MatrixMarket matrix array real general\n46340 46340\n1\n2\n",
        5, "truncated data", "expected 2147395600 values, the file ends after 2");
    long n = Integer.MAX_VALUE;
    long rowBytes = 16 * (n + 1);
    assumeTrue(PhysicalMemory.availableBytes() < rowBytes,
        "this machine could hold the row pointers of n = 2^31 - 1");
    Path p = write("huge-n.mtx", "%%MatrixMarket matrix coordinate real symmetric\n"
        + n + " " + n + " 3\n" + entries);
    InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
        () -> MatrixMarketReader.read(p));
    assertTrue(e.getMessage().contains("n = " + n), e.getMessage());
    assertTrue(e.bytesNeeded() >= rowBytes, e.getMessage());
  }

  /**
   * Binary garbage in a quoted token or line reaches the message escaped: one line, no control
   * character (no ESC sequence can recolour a terminal).
   */
  @Test
  void controlCharactersInMessagesAreEscaped() throws IOException {
    Path p = dir.resolve("esc.mtx");
    Files.write(p, ("%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 1 \u001b[31mred\u0007"
        + "\u0000\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    MatrixFormatException e = assertThrows(MatrixFormatException.class,
        () -> MatrixMarketReader.read(p));
    assertTrue(e.getMessage().contains("'\\x1b[31mred\\x07\\x00'"), e.getMessage());
    assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20), e.getMessage());
  }

  /** Java's number suffixes are no Matrix Market numbers. */
  @Test
  void javaNumberSuffixesAreRefused() throws IOException {
    Path p = dir.resolve("suffix.mtx");
    Files.writeString(p, "%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 1 2.5f\n"
        + "2 2 1\n");
    MatrixFormatException e = assertThrows(MatrixFormatException.class,
        () -> MatrixMarketReader.read(p));
    assertTrue(e.getMessage().contains("line 3: value is not a real number: '2.5f'"),
        e.getMessage());
  }

  /** Duplicates summing beyond the double range: the 1-based position and their lines. */
  @Test
  void overflowingDuplicatesNameTheirLines() throws IOException {
    Path p = write("dup.mtx", "%%MatrixMarket matrix coordinate real symmetric\n2 2 3\n"
        + "2 2 1\n1 1 1e308\n1 1 1e308\n");
    MatrixFormatException e = assertThrows(MatrixFormatException.class,
        () -> MatrixMarketReader.read(p));
    assertEquals(4, e.line());
    assertTrue(e.getMessage().contains("the duplicate entries at (1, 1) (1-based, as in the "
        + "file) sum beyond the double range: a_ij = Infinity, the sum of 2 entries on lines "
        + "4, 5"), e.getMessage());
  }
}
