package org.slq4j.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * Numbers as the text messages of Spark's barrier {@code allGather}: Base64 of little-endian
 * bytes, exact (doubles travel as their IEEE bits) and 4/3 of the binary size.
 */
final class Wire {

  private Wire() {}

  static String doubles(double[] a, int count) {
    ByteBuffer b = ByteBuffer.allocate(count * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.asDoubleBuffer().put(a, 0, count);
    return Base64.getEncoder().encodeToString(b.array());
  }

  static double[] doubles(String s) {
    ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(s)).order(ByteOrder.LITTLE_ENDIAN);
    double[] a = new double[b.remaining() / Double.BYTES];
    b.asDoubleBuffer().get(a);
    return a;
  }

  static String longs(long[] a) {
    ByteBuffer b = ByteBuffer.allocate(a.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(a);
    return Base64.getEncoder().encodeToString(b.array());
  }

  static long[] longs(String s) {
    ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(s)).order(ByteOrder.LITTLE_ENDIAN);
    long[] a = new long[b.remaining() / Long.BYTES];
    b.asLongBuffer().get(a);
    return a;
  }
}
