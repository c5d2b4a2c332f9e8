package io.fnjobs.triggers.runs;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A run record with its id in the history ({@code <inverted start millis>-<uuid>}, the name of its
 * object): {@code GET /runs/{trigger}/{id}} reads it, and {@code before=<id>} pages on from it. As
 * JSON, the record's fields with {@code id} beside them.
 */
public record StoredRun(String id, @JsonUnwrapped RunRecord run) {}
