/**
 * Hot containers: each function in its own class loader with the FDK runtime, a pool per function, and
 * invocation with timeouts. Uses {@code catalog} and the FDK.
 */
package io.fnjobs.fnhost.container;
