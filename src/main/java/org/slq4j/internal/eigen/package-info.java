/**
 * Extreme eigenpairs: thick-restart Lanczos with full reorthogonalization
 * ({@link org.slq4j.internal.eigen.ThickRestartLanczos}), the small dense symmetric eigensolver
 * of its projected matrix, and its row-chunked, thread-count-independent vector work. Not API:
 * {@link org.slq4j.EigenSolver} is the entry point.
 */
package org.slq4j.internal.eigen;
