package io.fnjobs.thumbnail;

import io.fnjobs.common.flags.EventOrder;

/**
 * The version of an original a thumbnail is made of: its ETag, and its place among the original's
 * versions, the same {@link EventOrder} its status flag carries.
 */
public record SourceVersion(String etag, EventOrder order) {}
