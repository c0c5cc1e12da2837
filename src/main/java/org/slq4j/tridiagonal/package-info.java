/**
 * Symmetric tridiagonal eigensolver (implicit QL with Wilkinson shifts) yielding Gauss quadrature
 * nodes and weights (Golub-Welsch) or the full eigensystem.
 */
package org.slq4j.tridiagonal;
