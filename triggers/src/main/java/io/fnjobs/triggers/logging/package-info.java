/**
 * The log level taken from the environment. Uses Logback.
 */
package io.fnjobs.triggers.logging;
