package org.slq4j.spark;

import org.slq4j.operators.LaplacianOperator;

/**
 * The rows of {@link LaplacianOperator}'s matrix, generated: 2d on the diagonal (d axes) and -1
 * for each grid neighbour, none across the edges; point (x, y, z) is row x + N (y + M z).
 */
final class LaplacianRows implements RowEntries {

  private static final long serialVersionUID = 1L;

  private final String grid;
  private final int[] shape;

  LaplacianRows(String grid) {
    this.grid = grid;
    this.shape = LaplacianOperator.parse(grid).shape();
  }

  @Override
  public long dimension() {
    long n = 1;
    for (int s : shape) {
      n *= s;
    }
    return n;
  }

  @Override
  public void rows(long from, long to, Sink sink) {
    long nx = shape[0];
    long ny = shape.length > 1 ? shape[1] : 1;
    long nz = shape.length > 2 ? shape[2] : 1;
    double diagonal = 2.0 * shape.length;
    for (long i = from; i < to; i++) {
      long x = i % nx;
      long y = (i / nx) % ny;
      long z = i / (nx * ny);
      if (z > 0) {
        sink.accept(i, i - nx * ny, -1);
      }
      if (y > 0) {
        sink.accept(i, i - nx, -1);
      }
      if (x > 0) {
        sink.accept(i, i - 1, -1);
      }
      sink.accept(i, i, diagonal);
      if (x + 1 < nx) {
        sink.accept(i, i + 1, -1);
      }
      if (y + 1 < ny) {
        sink.accept(i, i + nx, -1);
      }
      if (z + 1 < nz) {
        sink.accept(i, i + nx * ny, -1);
      }
    }
  }

  @Override
  public String toString() {
    return OperatorSource.LAPLACIAN_PREFIX + grid;
  }
}
