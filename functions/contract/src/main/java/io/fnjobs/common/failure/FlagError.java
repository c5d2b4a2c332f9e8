package io.fnjobs.common.failure;

/**
 * Why a unit of work failed or was rejected: a stable code and a message for people. It is the
 * {@code error} of a status flag, a function's reply, a run record and a dead letter alike; build it
 * through {@link Failures} so that the message is cleaned.
 */
public record FlagError(String code, String message) {}
