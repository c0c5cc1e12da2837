/**
 * Public API: the operator interface, the spectral-density estimator and its options, the
 * immutable result, and the spectral measure behind it (CDF, quantiles and counts with bands).
 */
package org.slq4j;
