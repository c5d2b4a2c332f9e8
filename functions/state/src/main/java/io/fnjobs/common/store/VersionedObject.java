package io.fnjobs.common.store;

/** An object's bytes with the ETag they were read at, for a later conditional replace. */
public record VersionedObject(byte[] bytes, String etag) {}
