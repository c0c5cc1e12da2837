package org.slq4j.spark;

import org.apache.spark.BarrierTaskContext;

/**
 * The exchange through Spark's own {@link BarrierTaskContext#allGather}: messages as Base64
 * text ({@link Wire}) through the driver's barrier coordinator. Correct, but each call costs
 * about a second (a waiting task polls once a second), so {@link TcpExchange} carries the
 * per-step traffic; this one is kept to measure the difference.
 */
final class SparkAllGather implements RowLanczos.Exchange {

  private final BarrierTaskContext context;

  SparkAllGather(BarrierTaskContext context) {
    this.context = context;
  }

  @Override
  public double[][] allGather(double[] message, int length) {
    String[] all = context.allGather(Wire.doubles(message, length));
    double[][] decoded = new double[all.length][];
    for (int q = 0; q < all.length; q++) {
      decoded[q] = Wire.doubles(all[q]);
    }
    return decoded;
  }
}
