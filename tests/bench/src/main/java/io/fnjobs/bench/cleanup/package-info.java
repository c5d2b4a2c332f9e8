/**
 * The cleanup benchmark: a large bucket walked within a heap bound. Uses the cleanup function and the
 * embedded S3 server.
 */
package io.fnjobs.bench.cleanup;
