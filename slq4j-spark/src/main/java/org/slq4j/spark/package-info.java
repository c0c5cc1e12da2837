/** Stochastic Lanczos Quadrature on Apache Spark: the runs of an estimate as Spark tasks. */
package org.slq4j.spark;
