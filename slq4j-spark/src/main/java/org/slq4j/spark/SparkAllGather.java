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
  public int parts() {
    return context.getTaskInfos().length;
  }

  @Override
  public int part() {
    return context.partitionId();
  }

  /** One allGather of every task's messages, concatenated after their lengths. */
  @Override
  public double[][] exchange(double[][] toTask, int[] lengths) {
    int parts = toTask.length;
    int total = parts;
    for (int length : lengths) {
      total += length;
    }
    double[] all = new double[total];
    int at = parts;
    for (int q = 0; q < parts; q++) {
      all[q] = lengths[q];
      System.arraycopy(toTask[q], 0, all, at, lengths[q]);
      at += lengths[q];
    }
    String[] gathered = context.allGather(Wire.doubles(all, total));
    int me = part();
    double[][] received = new double[parts][];
    for (int q = 0; q < parts; q++) {
      double[] m = Wire.doubles(gathered[q]);
      int offset = parts;
      for (int k = 0; k < me; k++) {
        offset += (int) m[k];
      }
      received[q] = java.util.Arrays.copyOfRange(m, offset, offset + (int) m[me]);
    }
    return received;
  }
}
