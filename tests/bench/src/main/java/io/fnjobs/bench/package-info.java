/**
 * Benchmarks measured against the embedded servers, each a main that prints its numbers. May use every
 * module.
 */
package io.fnjobs.bench;
