/**
 * Readers for matrix files: Matrix Market and NumPy .npy.
 */
package org.slq4j.io;
