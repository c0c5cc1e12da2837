/**
 * How an estimate's Lanczos runs are executed: the plan (worker threads, lockstep blocks, the
 * grouping of runs and the memory each holds) and the scheduler that carries it out on
 * fail-fast workers.
 */
package org.slq4j.internal.plan;
