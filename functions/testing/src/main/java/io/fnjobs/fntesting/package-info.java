/**
 * A JUnit 5 harness that runs a function through the real FDK runtime in the test's JVM, as Fn would call it.
 * Uses the FDK and JUnit; nothing of the functions.
 */
package io.fnjobs.fntesting;
