package io.fnjobs.common.store;

/** A document and the ETag it was read or written at, for a later conditional replace. */
public record Versioned<T>(T value, String etag) {}
