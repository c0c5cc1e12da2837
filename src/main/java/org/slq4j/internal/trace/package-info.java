/**
 * Trace estimation by random probes: Hutchinson's estimator and Hutch++
 * ({@link org.slq4j.internal.trace.TraceEngine}). Not API: {@link org.slq4j.TraceEstimator} is
 * the entry point.
 */
package org.slq4j.internal.trace;
