/**
 * Thumbnail benchmarks: decoding and resampling, the sweep, and an upload's way to its flag. Uses the
 * thumbnail function, the trigger layer and the embedded stack.
 */
package io.fnjobs.bench.thumbnail;
