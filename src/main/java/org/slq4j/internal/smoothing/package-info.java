/**
 * Grids and kernels that turn quadrature nodes and weights into a smooth density.
 */
package org.slq4j.internal.smoothing;
