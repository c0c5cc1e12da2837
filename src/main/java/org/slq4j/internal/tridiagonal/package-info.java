/**
 * Symmetric tridiagonal eigensolver (QL with Wilkinson shifts, root-free recurrence) yielding Gauss
 * quadrature nodes and weights (Golub-Welsch) or the full eigensystem.
 */
package org.slq4j.internal.tridiagonal;
