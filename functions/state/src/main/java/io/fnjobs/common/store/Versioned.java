package io.fnjobs.common.store;

/**
 * A value and the ETag it was read or written at, for a later conditional replace: an object's bytes
 * ({@link ConditionalStore#read}) or a document ({@link VersionedDocuments}). The ETag is null where
 * the version is unknown.
 */
public record Versioned<T>(T value, String etag) {}
