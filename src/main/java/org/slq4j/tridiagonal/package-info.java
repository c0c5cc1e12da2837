/**
 * Symmetric tridiagonal eigensolver (implicit QL with Wilkinson shifts) yielding Gauss quadrature nodes and weights (Golub-Welsch).
 */
package org.slq4j.tridiagonal;
