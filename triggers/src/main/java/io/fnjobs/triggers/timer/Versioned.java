package io.fnjobs.triggers.timer;

/** A stored value with the ETag it was read or written at, for the next conditional write. */
public record Versioned<T>(T value, String etag) {}
