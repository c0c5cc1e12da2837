/**
 * SIMD kernels over off-heap memory: a small public facade ({@link org.slq4j.internal.vectorization.VectorKernels}), a scalar reference implementation and a Vector API implementation chosen once per JVM, and the off-heap allocator.
 */
package org.slq4j.internal.vectorization;
