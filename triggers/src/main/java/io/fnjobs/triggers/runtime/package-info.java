/**
 * What every trigger type shares: the service that starts the listeners, the invoker and the meaning of a
 * function's answer, health and start-up checks. Uses {@code fn}, {@code runs}, {@code metrics},
 * {@code tracing} and today also each trigger type's package.
 */
package io.fnjobs.triggers.runtime;
