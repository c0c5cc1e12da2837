/**
 * SIMD kernels over off-heap memory, Lucene-style: {@link
 * org.slq4j.internal.vectorization.VectorizationProvider} decides once per JVM between the
 * scalar and the Vector API implementation and hands out each kernel family (level-1 and the
 * Lanczos sweep, Gaussian sums, operator matvecs); the facades {@link
 * org.slq4j.internal.vectorization.VectorKernels}, {@link
 * org.slq4j.internal.vectorization.GaussianSums} and {@link
 * org.slq4j.internal.vectorization.MatvecKernels} call the chosen one.
 */
package org.slq4j.internal.vectorization;
