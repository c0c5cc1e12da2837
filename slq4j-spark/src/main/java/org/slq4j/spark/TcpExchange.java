package org.slq4j.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * An all-gather among the tasks of a barrier stage over direct TCP connections: a full mesh,
 * set up once through Spark's own {@code allGather} (each task publishes the host and port it
 * listens on), then one connection per pair of tasks for the rest of the stage. Spark's
 * {@code BarrierTaskContext.allGather} cannot serve per-step exchanges: a task that is not the
 * last to arrive polls for the answer once a second, so each call costs about a second (see
 * BENCHMARKS.md). This is the pattern of libraries that run MPI-style collectives inside
 * barrier stages: the barrier for the rendezvous and the gang scheduling, their own transport
 * for the data.
 *
 * <p>Per call every task sends one message to every other task (its own message for each) and
 * reads theirs: P - 1 messages out and in per task. Writes go on one virtual thread per peer, so that large
 * messages cannot deadlock on full socket buffers. Messages are little-endian doubles with
 * their length first. A peer that fails closes its sockets, and the others' reads fail: the
 * stage fails as a whole, as a barrier stage does. Reads time out after {@code timeoutMillis}.
 */
final class TcpExchange implements RowLanczos.Exchange, AutoCloseable {

  private final int part;
  private final Socket[] sockets;
  private final DataInputStream[] in;
  private final DataOutputStream[] out;
  private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();

  private TcpExchange(int part, Socket[] sockets) throws IOException {
    this.part = part;
    this.sockets = sockets;
    this.in = new DataInputStream[sockets.length];
    this.out = new DataOutputStream[sockets.length];
    for (int q = 0; q < sockets.length; q++) {
      if (sockets[q] != null) {
        in[q] = new DataInputStream(new BufferedInputStream(sockets[q].getInputStream(),
            1 << 16));
        out[q] = new DataOutputStream(new BufferedOutputStream(sockets[q].getOutputStream(),
            1 << 16));
      }
    }
  }

  /**
   * Connects task {@code part} of {@code parts} to every other: listens on {@code host}, trades
   * "host:port" through {@code rendezvous} (Spark's allGather, called once), connects to the
   * tasks after it and accepts the tasks before it.
   */
  static TcpExchange connect(int part, int parts, String host,
      Function<String, String[]> rendezvous, int timeoutMillis) throws IOException {
    Socket[] sockets = new Socket[parts];
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getByName(host), 0), parts);
      server.setSoTimeout(timeoutMillis);
      String[] addresses = rendezvous.apply(host + ":" + server.getLocalPort());
      try {
        for (int q = part + 1; q < parts; q++) {
          String a = addresses[q];
          int colon = a.lastIndexOf(':');
          Socket s = new Socket();
          s.connect(new InetSocketAddress(a.substring(0, colon),
              Integer.parseInt(a.substring(colon + 1))), timeoutMillis);
          new DataOutputStream(s.getOutputStream()).writeInt(part);
          sockets[q] = s;
        }
        for (int k = 0; k < part; k++) {
          Socket s = server.accept();
          int q = new DataInputStream(s.getInputStream()).readInt();
          if (q < 0 || q >= part || sockets[q] != null) {
            s.close();
            throw new IOException("task " + part + ": unexpected connection from task " + q);
          }
          sockets[q] = s;
        }
        for (Socket s : sockets) {
          if (s != null) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(timeoutMillis);
          }
        }
        return new TcpExchange(part, sockets);
      } catch (IOException | RuntimeException e) {
        for (Socket s : sockets) {
          if (s != null) {
            s.close();
          }
        }
        throw e;
      }
    }
  }

  @Override
  public int parts() {
    return sockets.length;
  }

  @Override
  public int part() {
    return part;
  }

  @Override
  public double[][] exchange(double[][] toTask, int[] lengths) {
    int parts = sockets.length;
    Future<?>[] sent = new Future<?>[parts];
    for (int q = 0; q < parts; q++) {
      if (q != part) {
        int length = lengths[q];
        byte[] bytes = new byte[length * Double.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(toTask[q],
            0, length);
        DataOutputStream o = out[q];
        sent[q] = writers.submit(() -> {
          o.writeInt(length);
          o.write(bytes);
          o.flush();
          return null;
        });
      }
    }
    double[][] all = new double[parts][];
    try {
      for (int q = 0; q < parts; q++) {
        if (q == part) {
          all[q] = java.util.Arrays.copyOf(toTask[q], lengths[q]);
          continue;
        }
        int n = in[q].readInt();
        if (n < 0) {
          throw new IOException("task " + part + ": bad message length " + n + " from task "
              + q);
        }
        byte[] b = new byte[n * Double.BYTES];
        in[q].readFully(b);
        double[] m = new double[n];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(m);
        all[q] = m;
      }
      for (Future<?> f : sent) {
        if (f != null) {
          f.get();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("task " + part + ": exchange with the other tasks failed: "
          + e.getMessage(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new UncheckedIOException("task " + part + ": sending to another task failed: "
          + e.getCause(), e.getCause() instanceof IOException io ? io : new IOException(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("task " + part + ": interrupted in an exchange", e);
    }
    return all;
  }

  @Override
  public void close() {
    writers.shutdownNow();
    for (Socket s : sockets) {
      if (s != null) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing after the work is done or failed: nothing left to report
        }
      }
    }
  }
}
