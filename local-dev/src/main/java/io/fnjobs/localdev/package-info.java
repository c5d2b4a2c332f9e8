/**
 * The embedded stack as one process: servers, function host and trigger layer wired together, with its
 * command line and sample data. Uses every module it starts.
 */
package io.fnjobs.localdev;
