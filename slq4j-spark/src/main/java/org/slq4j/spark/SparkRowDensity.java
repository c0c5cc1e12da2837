package org.slq4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.slq4j.Reorthogonalization;
import org.slq4j.RunRule;
import org.slq4j.SpectralDensity;
import org.slq4j.SpectralDensityEstimator;
import org.slq4j.BasisPrecision;
import scala.Function1;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;

/**
 * A spectral-density estimate of an operator too large for one machine: the matrix split into
 * P row blocks, one per task of a Spark barrier stage, and every Lanczos vector split the same
 * way, so that no JVM holds the matrix or a whole vector. The P tasks run all runs of the
 * estimate together ({@link RowLanczos}): per step each computes its rows of H v, and they
 * exchange the halo (the entries of v their rows read from other blocks) and the partial sums
 * of the dot products over direct TCP connections ({@link TcpExchange}), set up through one
 * {@link BarrierTaskContext#allGather}. Task 0 returns the runs'
 * tridiagonals; the driver turns them into Gauss rules with the core's eigensolver
 * ({@link RunRule#ofTridiagonal}) and assembles the density as the local estimator does
 * ({@link SpectralDensityEstimator#assemble}).
 *
 * <p>The runs start from the local estimator's vectors (run r's as the local estimator derives
 * it from (seed, r)), so the result is the local estimate up to rounding: the dot products are summed
 * in another order. Reorthogonalization {@code FULL} (each task keeps its slices of the basis,
 * steps + 1 doubles per row) or {@code NONE} (three vectors); {@code LOCAL} and a float32 basis
 * are refused. The symmetry probe does not run (a Matrix Market file's symmetry is its
 * header's). A failed task fails the barrier stage, which Spark runs again whole
 * ({@code spark.stage.maxConsecutiveAttempts}); every task rebuilds its rows and the runs
 * restart, with the same result.
 *
 * <p>The stage needs P task slots at once (Spark refuses a barrier stage larger than the
 * cluster). Rows are split evenly: task p owns rows [p n / P, (p + 1) n / P).
 */
public final class SparkRowDensity {

  private SparkRowDensity() {}

  /** The estimate of the matrix of {@code source} (a Matrix Market file or a grid Laplacian),
   * over {@code partitions} row blocks. */
  public static SpectralDensity estimate(JavaSparkContext spark, OperatorSource source,
      SpectralDensityEstimator estimator, int partitions) {
    Objects.requireNonNull(source, "source");
    return estimate(spark, RowEntries.of(source), estimator, partitions);
  }

  /** The estimate of {@code matrix} over {@code partitions} row blocks. */
  public static SpectralDensity estimate(JavaSparkContext spark, RowEntries matrix,
      SpectralDensityEstimator estimator, int partitions) {
    return estimateWithTimings(spark, matrix, estimator, partitions).density();
  }

  /**
   * The estimate of {@code matrix} over {@code partitions} row blocks, with each task's times.
   *
   * @throws IllegalArgumentException when partitions is below 1 or above n, or the options ask
   *     for a reorthogonalization rows mode does not do
   * @throws org.apache.spark.SparkException when the stage still fails after Spark's retries
   */
  public static RowsEstimate estimateWithTimings(JavaSparkContext spark, RowEntries matrix,
      SpectralDensityEstimator estimator, int partitions) {
    return estimateWithTimings(spark, matrix, estimator, partitions, Transport.TCP);
  }

  /**
   * {@link #estimateWithTimings(JavaSparkContext, RowEntries, SpectralDensityEstimator, int)}
   * with the tasks' exchanges over {@code transport}.
   */
  public static RowsEstimate estimateWithTimings(JavaSparkContext spark, RowEntries matrix,
      SpectralDensityEstimator estimator, int partitions, Transport transport) {
    Objects.requireNonNull(spark, "spark");
    Objects.requireNonNull(matrix, "matrix");
    Objects.requireNonNull(transport, "transport");
    long n = matrix.dimension();
    Job job = Job.of(n, estimator, partitions).over(transport);
    RDD<Integer> parts = spark.parallelize(
        IntStream.range(0, partitions).boxed().toList(), partitions).rdd();
    Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<RowTask>> body =
        (Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<RowTask>>
            & Serializable) it -> one(task(job, matrix));
    return finish(job, estimator, body, parts);
  }

  /** How the tasks of the barrier stage exchange halos and partial sums. */
  public enum Transport {
    /** Direct TCP connections between the tasks, set up through one Spark allGather. */
    TCP,
    /** Spark's {@code BarrierTaskContext.allGather} for every exchange (about 1 s each). */
    SPARK_ALLGATHER
  }

  /** The body of one barrier task: its exchange, its rows, the runs. */
  private static RowTask task(Job job, RowEntries rows) {
    BarrierTaskContext context = BarrierTaskContext.get();
    int p = context.partitionId();
    int parts = job.bounds.length - 1;
    if (job.transport == Transport.SPARK_ALLGATHER) {
      return RowTask.run(p, job.bounds, rows, job.n, job.seed, job.runs, job.steps, job.full,
          new SparkAllGather(context));
    }
    String address = context.getTaskInfos()[p].address();
    int colon = address.lastIndexOf(':');
    String host = colon > 0 && address.indexOf(':') == colon ? address.substring(0, colon)
        : address;
    try (TcpExchange exchange = TcpExchange.connect(p, parts, host, context::allGather,
        EXCHANGE_TIMEOUT_MILLIS)) {
      return RowTask.run(p, job.bounds, rows, job.n, job.seed, job.runs, job.steps, job.full,
          exchange);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("task " + p + ": cannot connect to the other "
          + "tasks: " + e.getMessage(), e);
    }
  }

  /** How long a task waits for another in an exchange before it fails the stage. */
  static final int EXCHANGE_TIMEOUT_MILLIS = 600_000;

  /**
   * The estimate of the n x n matrix whose stored entries (both triangles) are
   * {@code entries}, over {@code partitions} row blocks: the entries are shuffled to the tasks
   * of their rows' blocks, which build their rows from them. Entries given twice are added.
   */
  public static SpectralDensity estimate(JavaRDD<MatrixEntry> entries, long n,
      SpectralDensityEstimator estimator, int partitions) {
    Objects.requireNonNull(entries, "entries");
    Job job = Job.of(n, estimator, partitions);
    long[] bounds = job.bounds;
    RDD<Tuple2<Integer, MatrixEntry>> byBlock = entries
        .mapToPair(e -> {
          if (e.row() < 0 || e.row() >= n || e.column() < 0 || e.column() >= n) {
            throw new IllegalArgumentException("entry (" + e.row() + ", " + e.column()
                + ") is outside the " + n + " x " + n + " matrix");
          }
          return new Tuple2<>(owner(bounds, e.row()), e);
        })
        .partitionBy(new BlockPartitioner(partitions))
        .rdd();
    Function1<scala.collection.Iterator<Tuple2<Integer, MatrixEntry>>,
        scala.collection.Iterator<RowTask>> body =
        (Function1<scala.collection.Iterator<Tuple2<Integer, MatrixEntry>>,
            scala.collection.Iterator<RowTask>> & Serializable)
            it -> one(task(job, new IteratorRows(n, it)));
    return finish(job, estimator, body, byBlock).density();
  }

  private static scala.collection.Iterator<RowTask> one(RowTask t) {
    return CollectionConverters.asScala(List.of(t).iterator());
  }

  private static <T> RowsEstimate finish(Job job, SpectralDensityEstimator estimator,
      Function1<scala.collection.Iterator<T>, scala.collection.Iterator<RowTask>> body,
      RDD<T> input) {
    long started = System.nanoTime();
    // Through a shuffle: Spark retries a failed barrier stage only when it is a map stage (a
    // barrier result stage may have delivered some results, and is aborted instead).
    List<RowTask> tasks = new ArrayList<>(input.barrier()
        .mapPartitions(body, false, ClassTag$.MODULE$.apply(RowTask.class))
        .toJavaRDD().repartition(1).collect());
    long jobNanos = System.nanoTime() - started;
    tasks.sort((a, b) -> Integer.compare(a.part(), b.part()));
    RowTask first = tasks.get(0);
    List<RunRule> rules = new ArrayList<>(job.runs);
    for (int r = 0; r < job.runs; r++) {
      rules.add(RunRule.ofTridiagonal(job.seed, r, job.steps, first.alpha()[r],
          first.beta()[r], first.alpha()[r].length));
    }
    SpectralDensity density = SerializableOptions.of(estimator.options()).withoutSymmetryCheck()
        .estimator().assemble(job.n, rules);
    List<RowsEstimate.Task> reports = new ArrayList<>();
    for (RowTask t : tasks) {
      long[] ns = t.nanos();
      reports.add(new RowsEstimate.Task(t.rows(), t.nonzeros(), t.halo(), t.export(), t.steps(),
          ns[0], ns[1], ns[2], ns[3], ns[4], ns[5], t.messages()[0], t.messages()[1]));
    }
    return new RowsEstimate(density, job.bounds.length - 1, jobNanos, List.copyOf(reports));
  }

  /** Task p's first row for every p, and n: rows [p n / P, (p + 1) n / P). */
  static long[] bounds(long n, int partitions) {
    long[] b = new long[partitions + 1];
    for (int p = 0; p <= partitions; p++) {
      // floor(n p / P) without overflow: n = q P + r gives q p + floor(r p / P).
      b[p] = n / partitions * p + n % partitions * p / partitions;
    }
    return b;
  }

  /** The block owning row i. */
  static int owner(long[] bounds, long i) {
    int k = Arrays.binarySearch(bounds, i);
    if (k >= 0) {
      while (k + 1 < bounds.length && bounds[k + 1] == i) {
        k++;
      }
      return k;
    }
    return -k - 2;
  }

  /** What every task needs to know of the estimate. */
  private record Job(long n, long[] bounds, long seed, int runs, int steps, boolean full,
      Transport transport) implements Serializable {

    Job over(Transport t) {
      return new Job(n, bounds, seed, runs, steps, full, t);
    }

    static Job of(long n, SpectralDensityEstimator estimator, int partitions) {
      Objects.requireNonNull(estimator, "estimator");
      if (n >= 1L << 53) {
        throw new IllegalArgumentException("row-partitioned estimates take n < 2^53, got " + n);
      }
      if (partitions < 1 || partitions > n) {
        throw new IllegalArgumentException("partitions must be in [1, n = " + n + "], got "
            + partitions);
      }
      int steps = estimator.lanczosSteps();
      if (steps > n) {
        throw new IllegalArgumentException("lanczosSteps = " + steps
            + " exceeds the operator dimension n = " + n);
      }
      Reorthogonalization mode = estimator.reorthogonalization();
      if (mode == Reorthogonalization.LOCAL) {
        throw new IllegalArgumentException("row-partitioned estimates run with "
            + "reorthogonalization FULL or NONE, not LOCAL");
      }
      if (mode == Reorthogonalization.FULL
          && estimator.basisPrecision() != BasisPrecision.FLOAT64) {
        throw new IllegalArgumentException("row-partitioned estimates keep their basis in "
            + "float64, not " + estimator.basisPrecision());
      }
      if (estimator.options().varianceReduction() != org.slq4j.VarianceReduction.NONE) {
        throw new IllegalArgumentException("row-partitioned estimates are classic SLQ runs; "
            + "varianceReduction must be NONE, got " + estimator.options().varianceReduction());
      }
      return new Job(n, SparkRowDensity.bounds(n, partitions), estimator.seed(), estimator.numRuns(), steps,
          mode == Reorthogonalization.FULL, Transport.TCP);
    }
  }

  /** Sends the entries keyed by block index to that block's partition. */
  private static final class BlockPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int parts;

    BlockPartitioner(int parts) {
      this.parts = parts;
    }

    @Override
    public int numPartitions() {
      return parts;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BlockPartitioner b && b.parts == parts;
    }

    @Override
    public int hashCode() {
      return parts;
    }
  }

  /** A task's entries as they arrive from the shuffle: read once, by its block's load. */
  private static final class IteratorRows implements RowEntries {
    private static final long serialVersionUID = 1L;
    private final long n;
    private final transient scala.collection.Iterator<Tuple2<Integer, MatrixEntry>> entries;

    IteratorRows(long n, scala.collection.Iterator<Tuple2<Integer, MatrixEntry>> entries) {
      this.n = n;
      this.entries = entries;
    }

    @Override
    public long dimension() {
      return n;
    }

    @Override
    public void rows(long from, long to, Sink sink) {
      while (entries.hasNext()) {
        MatrixEntry e = entries.next()._2();
        sink.accept(e.row(), e.column(), e.value());
      }
    }

    @Override
    public String toString() {
      return "an RDD of entries";
    }
  }
}
