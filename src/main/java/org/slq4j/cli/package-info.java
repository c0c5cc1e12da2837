/**
 * The {@code slq4j} command-line tool: spectral densities of matrix files (Matrix Market, NumPy
 * .npy, SciPy sparse .npz) with CSV, JSON and SVG output. Not exported; run it with the {@code slq4j} launcher or
 * {@code java --module-path slq4j.jar --module org.slq4j/org.slq4j.cli.Main}.
 */
package org.slq4j.cli;
