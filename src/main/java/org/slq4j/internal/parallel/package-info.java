/**
 * How one run's vector work is shared by threads without changing a bit: fixed row chunks
 * ({@link org.slq4j.internal.parallel.RowChunks}) whose partials are added in chunk order, and
 * the team of otherwise idle threads that takes chunks of the runs' passes
 * ({@link org.slq4j.internal.parallel.Team}, {@link org.slq4j.internal.parallel.Lanes}).
 */
package org.slq4j.internal.parallel;
