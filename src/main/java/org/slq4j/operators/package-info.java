/**
 * Built-in symmetric operators: diagonal, dense, sparse CSR, lambda-backed, shifted and scaled.
 */
package org.slq4j.operators;
