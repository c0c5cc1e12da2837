package org.slq4j.operators;

import static java.lang.foreign.ValueLayout.JAVA_CHAR;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.slq4j.bench.SlqEndToEnd;
import org.slq4j.internal.memory.OffHeap;

/**
 * Stand-alone timings of alternatives to the lockstep block matvec of the one-thread sparse SLQ
 * job (random n = 1e6, the matrix of {@code SlqEndToEnd sparse}), each against the production
 * path in the same JVM. Not a product kernel: these are the measured-and-dropped variants of the
 * seventh session, kept so that BENCHMARKS.md's figures can be reproduced:
 * <pre>
 * flock /tmp/slq4j-bench.lock mvn -B -q -P bench verify -DskipTests \
 *   -Dbench.main=org.slq4j.operators.LockstepProbe -Dbench.args="quad pair separate-out:4 ..."
 * </pre>
 * Modes (the number is the vector count g):
 * <ul>
 *   <li>{@code quad}, {@code pair}: production: pack, {@code applyBlock}, unpack (4 or 2);
 *   <li>{@code block:g}: production {@code applyBlock} of g vectors with pack and unpack (5
 *       vectors go to the 8-lane kernel);
 *   <li>{@code separate-out:g} (g = 2 or 4): pack, the production chunk kernel, and the y slice
 *       de-interleaved straight into the g output vectors (zeroed as it is copied): no unpack;
 *   <li>{@code separate-in:g} (g = 2 or 4): no pack either: x read from g separate vectors
 *       (panel by panel into heap buffers, as the single-vector kernel does), scalar lanes;
 *   <li>{@code lanes:g:w} (g = 5 or 6, y stride w = g): a quad plus a scalar (5) or a pair (6)
 *       per entry, pack and unpack;
 *   <li>{@code kernel}, {@code stream}, {@code fused}: whether the quad kernel and a streaming
 *       read (128 bytes per matrix entry, the sweeps' bytes per entry in the one-thread job)
 *       overlap when interleaved entry by entry in one loop;
 *   <li>{@code touch}: allocates and pre-faults 2.56 GB (a lockstep group's bases) three times.
 * </ul>
 * Each mode reports ms per call (mean of 5 calls) and whether the outputs equal {@code apply}
 * bit for bit, for {@code --rounds} rounds (default 4; the first includes compilation).
 */
public final class LockstepProbe {

  private static final VectorSpecies<Double> QUAD = DoubleVector.SPECIES_256;
  private static final VectorSpecies<Double> PAIR = DoubleVector.SPECIES_128;
  private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
  private static final int CHUNK = 2048;
  private static final int MAX = 6;

  private final long n;
  private final int rowBlock;
  private final int panelWidth;
  private final int blocks;
  private final int panels;
  private final MemorySegment tileStarts;
  private final MemorySegment rows;
  private final MemorySegment cols;
  private final MemorySegment vals;
  private final char[] rb = new char[CHUNK];
  private final char[] cb = new char[CHUNK];
  private final double[] vb = new double[CHUNK];
  private MemorySegment stream;
  private long streamPos;
  private final double[] streamAcc = new double[16];

  private LockstepProbe(BlockedCsr b) throws ReflectiveOperationException {
    n = (long) field(b, "n");
    rowBlock = (int) field(b, "rowBlock");
    panelWidth = (int) field(b, "panelWidth");
    blocks = (int) field(b, "blocks");
    panels = (int) field(b, "panels");
    tileStarts = (MemorySegment) field(b, "tileStarts");
    rows = (MemorySegment) field(b, "rows");
    cols = (MemorySegment) field(b, "cols");
    vals = (MemorySegment) field(b, "vals");
  }

  public static void main(String[] args) throws Throwable {
    int rounds = 4;
    java.util.List<String> modes = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--rounds")) {
        rounds = Integer.parseInt(args[++i]);
      } else {
        modes.add(args[i]);
      }
    }
    int n = 1_000_000;
    SplittableRandom rnd = new SplittableRandom(0);
    CsrOperator.Builder builder = CsrOperator.builder(n);
    for (long k = 0; k < 5L * n; k++) {
      int i = rnd.nextInt(n);
      int j = rnd.nextInt(n);
      double v = SlqEndToEnd.gaussian(rnd);
      builder.add(i, j, v);
      builder.add(j, i, v);
    }
    try (CsrOperator op = builder.build(); Arena arena = Arena.ofConfined()) {
      if (!op.isBlocked()) {
        throw new IllegalStateException("expected the blocked layout");
      }
      LockstepProbe probe = new LockstepProbe((BlockedCsr) field(op, "blocked"));
      MemorySegment[] xs = new MemorySegment[MAX];
      MemorySegment[] ys = new MemorySegment[MAX];
      MemorySegment[] ref = new MemorySegment[MAX];
      for (int l = 0; l < MAX; l++) {
        xs[l] = OffHeap.allocateDoubles(arena, n);
        ys[l] = OffHeap.allocateDoubles(arena, n);
        ref[l] = OffHeap.allocateDoubles(arena, n);
        for (int i = 0; i < n; i++) {
          xs[l].setAtIndex(JAVA_DOUBLE, i, rnd.nextDouble(-1, 1));
        }
        op.apply(xs[l], ref[l]);
      }
      MemorySegment bx = OffHeap.allocateDoubles(arena, (long) n * 8);
      MemorySegment by = OffHeap.allocateDoubles(arena, (long) n * 8);
      probe.stream = OffHeap.allocateDoubles(arena, 200_000_000L);
      Interleaver il = new Interleaver();
      for (int round = 0; round < rounds; round++) {
        for (String mode : modes) {
          String[] p = mode.split(":");
          int g = p.length > 1 ? Integer.parseInt(p[1]) : 4;
          if (p[0].equals("touch")) {
            touch();
            continue;
          }
          int reps = 5;
          long t0 = System.nanoTime();
          for (int r = 0; r < reps; r++) {
            switch (p[0]) {
              case "quad", "pair", "block" -> {
                int m = p[0].equals("quad") ? 4 : p[0].equals("pair") ? 2 : g;
                g = m;
                il.pack(xs, m, n, bx);
                op.applyBlock(bx, by, m);
                il.unpack(by, m, n, ys);
              }
              case "separate-out" -> {
                il.pack(xs, g, n, bx);
                probe.separateOut(bx, ys, g);
              }
              case "separate-in" -> probe.separateIn(xs, ys, g);
              case "lanes" -> {
                il.pack(xs, g, n, bx);
                probe.lanes(bx, by, g, Integer.parseInt(p[2]));
                il.unpack(by, g, n, ys);
              }
              case "kernel" -> probe.quadOnly(bx, by, false);
              case "fused" -> probe.quadOnly(bx, by, true);
              case "stream" -> probe.streamOnly(10_000_000L);
              default -> throw new IllegalArgumentException("unknown mode " + mode);
            }
          }
          double ms = (System.nanoTime() - t0) / 1e6 / reps;
          String check = "-";
          if (!p[0].equals("kernel") && !p[0].equals("fused") && !p[0].equals("stream")) {
            boolean exact = true;
            for (int l = 0; l < g; l++) {
              exact &= ys[l].mismatch(ref[l]) == -1;
              ys[l].fill((byte) 0);
            }
            check = exact ? "bit-exact" : "MISMATCH";
          }
          System.out.printf("round %d %-16s %7.1f ms a call %s%n", round, mode, ms, check);
        }
      }
    }
  }

  // ---- variants --------------------------------------------------------------------------

  /** Pack + the production quad/pair chunk kernel + de-interleave into separate outputs. */
  private void separateOut(MemorySegment x, MemorySegment[] ys, int g) {
    int w = g == 2 ? 2 : 4;
    int rmax = (int) Math.min(rowBlock, n);
    double[] yb = new double[rmax * w];
    double[][] col = new double[g][1024];
    long xStride = (long) g * Double.BYTES;
    for (int b = 0; b < blocks; b++) {
      long r0 = (long) b * rowBlock;
      int rlen = (int) Math.min(rowBlock, n - r0);
      for (int p = 0; p < panels; p++) {
        long xBase = (long) p * panelWidth * xStride;
        forChunks(b, p, m -> PanamaOperatorKernels.csrBlockChunk(rb, cb, vb, m, x, xBase,
            xStride, yb, w, g));
      }
      for (int i0 = 0; i0 < rlen; i0 += 1024) {
        int len = Math.min(1024, rlen - i0);
        for (int l = 0; l < g; l++) {
          double[] c = col[l];
          for (int i = 0, s = i0 * w + l; i < len; i++, s += w) {
            c[i] = yb[s];
          }
          MemorySegment.copy(c, 0, ys[l], JAVA_DOUBLE, (r0 + i0) * Double.BYTES, len);
        }
        Arrays.fill(yb, i0 * w, (i0 + len) * w, 0.0);
      }
    }
  }

  /** x from g separate vectors (heap panel copies), y slice of stride g, separate outputs. */
  private void separateIn(MemorySegment[] xs, MemorySegment[] ys, int g) {
    int rmax = (int) Math.min(rowBlock, n);
    double[] yb = new double[rmax * g];
    double[][] xb = new double[g][panelWidth];
    double[] col = new double[rmax];
    for (int b = 0; b < blocks; b++) {
      long r0 = (long) b * rowBlock;
      int rlen = (int) Math.min(rowBlock, n - r0);
      Arrays.fill(yb, 0, rlen * g, 0.0);
      for (int p = 0; p < panels; p++) {
        long c0 = (long) p * panelWidth;
        int clen = (int) Math.min(panelWidth, n - c0);
        for (int l = 0; l < g; l++) {
          MemorySegment.copy(xs[l], JAVA_DOUBLE, c0 * Double.BYTES, xb[l], 0, clen);
        }
        if (g == 4) {
          forChunks(b, p, m -> scalar4(m, xb[0], xb[1], xb[2], xb[3], yb));
        } else if (g == 2) {
          forChunks(b, p, m -> scalar2(m, xb[0], xb[1], yb));
        } else {
          throw new IllegalArgumentException("separate-in takes 2 or 4 vectors");
        }
      }
      for (int l = 0; l < g; l++) {
        for (int i = 0, s = l; i < rlen; i++, s += g) {
          col[i] = yb[s];
        }
        MemorySegment.copy(col, 0, ys[l], JAVA_DOUBLE, r0 * Double.BYTES, rlen);
      }
    }
  }

  private void scalar4(int m, double[] x0, double[] x1, double[] x2, double[] x3, double[] y) {
    for (int q = 0; q < m; q++) {
      int yr = rb[q] * 4;
      int c = cb[q];
      double a = vb[q];
      y[yr] += a * x0[c];
      y[yr + 1] += a * x1[c];
      y[yr + 2] += a * x2[c];
      y[yr + 3] += a * x3[c];
    }
  }

  private void scalar2(int m, double[] x0, double[] x1, double[] y) {
    for (int q = 0; q < m; q++) {
      int yr = rb[q] * 2;
      int c = cb[q];
      double a = vb[q];
      y[yr] += a * x0[c];
      y[yr + 1] += a * x1[c];
    }
  }

  /** g = 5 (a quad and a scalar lane) or 6 (a quad and a pair) with y stride w. */
  private void lanes(MemorySegment x, MemorySegment y, int g, int w) {
    int rmax = (int) Math.min(rowBlock, n);
    double[] yb = new double[rmax * w];
    double[] tmp = new double[rmax * g];
    long xStride = (long) g * Double.BYTES;
    for (int b = 0; b < blocks; b++) {
      long r0 = (long) b * rowBlock;
      int rlen = (int) Math.min(rowBlock, n - r0);
      Arrays.fill(yb, 0, rlen * w, 0.0);
      for (int p = 0; p < panels; p++) {
        long xBase = (long) p * panelWidth * xStride;
        boolean edge = b == blocks - 1 && p == panels - 1;
        forChunks(b, p, m -> {
          if (edge) {
            for (int q = 0; q < m; q++) {
              int yr = rb[q] * w;
              long xc = xBase + cb[q] * xStride;
              for (int l = 0; l < g; l++) {
                yb[yr + l] += x.get(JAVA_DOUBLE, xc + l * (long) Double.BYTES) * vb[q];
              }
            }
          } else if (g == 5) {
            quadScalar(m, x, xBase, xStride, yb, w);
          } else if (g == 6) {
            quadPair(m, x, xBase, xStride, yb, w);
          } else {
            throw new IllegalArgumentException("lanes takes 5 or 6 vectors");
          }
        });
      }
      for (int i = 0; i < rlen; i++) {
        System.arraycopy(yb, i * w, tmp, i * g, g);
      }
      MemorySegment.copy(tmp, 0, y, JAVA_DOUBLE, r0 * xStride, rlen * g);
    }
  }

  private void quadScalar(int m, MemorySegment x, long xBase, long xs, double[] y, int w) {
    for (int q = 0; q < m; q++) {
      int yr = rb[q] * w;
      long xc = xBase + cb[q] * xs;
      double s = vb[q];
      DoubleVector a = quadOf(s);
      quadAt(y, yr).add(quadAt(x, xc).mul(a)).intoArray(y, yr);
      y[yr + 4] += x.get(JAVA_DOUBLE, xc + 32) * s;
    }
  }

  private void quadPair(int m, MemorySegment x, long xBase, long xs, double[] y, int w) {
    for (int q = 0; q < m; q++) {
      int yr = rb[q] * w;
      long xc = xBase + cb[q] * xs;
      double s = vb[q];
      DoubleVector a = quadOf(s);
      quadAt(y, yr).add(quadAt(x, xc).mul(a)).intoArray(y, yr);
      DoubleVector b = pairOf(s);
      pairAt(y, yr + 4).add(pairAt(x, xc + 32).mul(b)).intoArray(y, yr + 4);
    }
  }

  /** The quad kernel alone on packed x (whatever it holds), optionally fused with a stream. */
  private void quadOnly(MemorySegment x, MemorySegment y, boolean fused) {
    int rmax = (int) Math.min(rowBlock, n);
    double[] yb = new double[rmax * 4];
    long xStride = 4L * Double.BYTES;
    for (int b = 0; b < blocks; b++) {
      long r0 = (long) b * rowBlock;
      int rlen = (int) Math.min(rowBlock, n - r0);
      Arrays.fill(yb, 0, rlen * 4, 0.0);
      for (int p = 0; p < panels; p++) {
        long xBase = (long) p * panelWidth * xStride;
        boolean edge = b == blocks - 1 && p == panels - 1;
        forChunks(b, p, m -> {
          if (edge) {
            return; // timing only: skip the one chunk whose quads could pass the end of x
          }
          if (fused) {
            quadWithStream(m, x, xBase, xStride, yb);
          } else {
            quadPlain(m, x, xBase, xStride, yb);
          }
        });
      }
      MemorySegment.copy(yb, 0, y, JAVA_DOUBLE, r0 * xStride, rlen * 4);
    }
  }

  private void quadPlain(int m, MemorySegment x, long xBase, long xs, double[] y) {
    for (int q = 0; q < m; q++) {
      int yr = rb[q] * 4;
      long xc = xBase + cb[q] * xs;
      DoubleVector a = quadOf(vb[q]);
      quadAt(y, yr).add(quadAt(x, xc).mul(a)).intoArray(y, yr);
    }
  }

  /** quadPlain plus 128 bytes of a sequential stream (4 loads, 4 FMAs) per entry. */
  private void quadWithStream(int m, MemorySegment x, long xBase, long xs, double[] y) {
    MemorySegment st = stream;
    long sp = streamPos;
    long end = st.byteSize() - 128;
    DoubleVector s0 = quadAt(streamAcc, 0);
    DoubleVector s1 = quadAt(streamAcc, 4);
    DoubleVector s2 = quadAt(streamAcc, 8);
    DoubleVector s3 = quadAt(streamAcc, 12);
    DoubleVector one = quadOf(1.0);
    for (int q = 0; q < m; q++) {
      int yr = rb[q] * 4;
      long xc = xBase + cb[q] * xs;
      DoubleVector a = quadOf(vb[q]);
      quadAt(y, yr).add(quadAt(x, xc).mul(a)).intoArray(y, yr);
      s0 = quadAt(st, sp).fma(one, s0);
      s1 = quadAt(st, sp + 32).fma(one, s1);
      s2 = quadAt(st, sp + 64).fma(one, s2);
      s3 = quadAt(st, sp + 96).fma(one, s3);
      sp = sp >= end ? 0 : sp + 128;
    }
    s0.intoArray(streamAcc, 0);
    s1.intoArray(streamAcc, 4);
    s2.intoArray(streamAcc, 8);
    s3.intoArray(streamAcc, 12);
    streamPos = sp;
  }

  /** The stream part of quadWithStream alone, for {@code entries} entries. */
  private void streamOnly(long entries) {
    MemorySegment st = stream;
    long sp = streamPos;
    long end = st.byteSize() - 128;
    DoubleVector s0 = quadAt(streamAcc, 0);
    DoubleVector s1 = quadAt(streamAcc, 4);
    DoubleVector s2 = quadAt(streamAcc, 8);
    DoubleVector s3 = quadAt(streamAcc, 12);
    DoubleVector one = quadOf(1.0);
    for (long q = 0; q < entries; q++) {
      s0 = quadAt(st, sp).fma(one, s0);
      s1 = quadAt(st, sp + 32).fma(one, s1);
      s2 = quadAt(st, sp + 64).fma(one, s2);
      s3 = quadAt(st, sp + 96).fma(one, s3);
      sp = sp >= end ? 0 : sp + 128;
    }
    s0.intoArray(streamAcc, 0);
    s1.intoArray(streamAcc, 4);
    s2.intoArray(streamAcc, 8);
    s3.intoArray(streamAcc, 12);
    streamPos = sp;
  }

  private static void touch() {
    long count = 320_000_000L; // 2.56 GB: the bases of a lockstep group of 4 runs
    for (int r = 0; r < 3; r++) {
      long t0 = System.nanoTime();
      try (Arena arena = Arena.ofConfined()) {
        OffHeap.allocateDoubles(arena, count);
        long t = System.nanoTime() - t0;
        System.out.printf("touch %d: 2.56 GB allocated and pre-faulted in %.0f ms (%.2f GB/s)%n",
            r, t / 1e6, count * 8.0 / t);
      }
    }
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private interface ChunkAction {
    void run(int m);
  }

  /** Copies tile (b, p)'s entries to the heap buffers chunk by chunk and runs the action. */
  private void forChunks(int b, int p, ChunkAction action) {
    long t = (long) b * panels + p;
    long k0 = tileStarts.getAtIndex(JAVA_LONG, t);
    long k1 = tileStarts.getAtIndex(JAVA_LONG, t + 1);
    for (long k = k0; k < k1; k += CHUNK) {
      int m = (int) Math.min(CHUNK, k1 - k);
      MemorySegment.copy(rows, JAVA_CHAR, k * Character.BYTES, rb, 0, m);
      MemorySegment.copy(cols, JAVA_CHAR, k * Character.BYTES, cb, 0, m);
      MemorySegment.copy(vals, JAVA_DOUBLE, k * Double.BYTES, vb, 0, m);
      action.run(m);
    }
  }

  private static DoubleVector quadAt(MemorySegment s, long o) {
    return (DoubleVector) QUAD.vectorType().cast(DoubleVector.fromMemorySegment(QUAD, s, o,
        NATIVE));
  }

  private static DoubleVector quadAt(double[] a, int i) {
    return (DoubleVector) QUAD.vectorType().cast(DoubleVector.fromArray(QUAD, a, i));
  }

  private static DoubleVector quadOf(double v) {
    return (DoubleVector) QUAD.vectorType().cast(DoubleVector.broadcast(QUAD, v));
  }

  private static DoubleVector pairAt(MemorySegment s, long o) {
    return (DoubleVector) PAIR.vectorType().cast(DoubleVector.fromMemorySegment(PAIR, s, o,
        NATIVE));
  }

  private static DoubleVector pairAt(double[] a, int i) {
    return (DoubleVector) PAIR.vectorType().cast(DoubleVector.fromArray(PAIR, a, i));
  }

  private static DoubleVector pairOf(double v) {
    return (DoubleVector) PAIR.vectorType().cast(DoubleVector.broadcast(PAIR, v));
  }

  /** The production {@code org.slq4j.internal.lanczos.Interleave} (package-private), by reflection. */
  private static final class Interleaver {
    private final Object target;
    private final Method pack;
    private final Method unpack;

    Interleaver() throws ReflectiveOperationException {
      Class<?> c = Class.forName("org.slq4j.internal.lanczos.Interleave");
      Constructor<?> k = c.getDeclaredConstructor(int.class);
      k.setAccessible(true);
      target = k.newInstance(16);
      pack = c.getDeclaredMethod("pack", MemorySegment[].class, int.class, long.class,
          MemorySegment.class);
      pack.setAccessible(true);
      unpack = c.getDeclaredMethod("unpack", MemorySegment.class, int.class, long.class,
          MemorySegment[].class);
      unpack.setAccessible(true);
    }

    void pack(MemorySegment[] v, int m, long n, MemorySegment block) throws Throwable {
      pack.invoke(target, v, m, n, block);
    }

    void unpack(MemorySegment block, int m, long n, MemorySegment[] v) throws Throwable {
      unpack.invoke(target, block, m, n, v);
    }
  }

  private static Object field(Object o, String name) throws ReflectiveOperationException {
    Field f = o.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(o);
  }
}
