/**
 * The {@code fnjobs} command line over the trigger layer's admin API. Uses picocli and Jackson; nothing of
 * the trigger layer's classes, only its HTTP API.
 */
package io.fnjobs.cli;
