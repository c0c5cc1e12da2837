/**
 * The Lanczos iteration: basis storage off-heap and the reorthogonalization policy.
 */
package org.slq4j.internal.lanczos;
