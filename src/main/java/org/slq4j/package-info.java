/**
 * Public API: the operator interface, the spectral-density estimator and its options, and the immutable result.
 */
package org.slq4j;
