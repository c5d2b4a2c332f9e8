package io.fnjobs.cleanup.progress;

/** Something the cleanup could not do or read, with where: it went on with the rest. */
public record Problem(String rule, String object, String message) {}
