/**
 * The trigger layer's entry point and its options read from the environment. Uses {@code runtime} and
 * {@code definition}.
 */
package io.fnjobs.triggers;
