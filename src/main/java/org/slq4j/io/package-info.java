/**
 * Readers for matrix files: Matrix Market, NumPy .npy and SciPy sparse .npz.
 */
package org.slq4j.io;
