/**
 * Explicit deflation for spectral-density estimation: a pre-pass finds extreme eigenpairs
 * ({@link org.slq4j.internal.deflation.Deflation}), and the runs then see the operator with
 * those directions projected out ({@link org.slq4j.internal.deflation.DeflatedOperator}).
 */
package org.slq4j.internal.deflation;
