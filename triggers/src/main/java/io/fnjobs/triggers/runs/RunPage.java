package io.fnjobs.triggers.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One page of the run history, newest first.
 *
 * @param runs the runs that matched, at most the limit asked for
 * @param next the id to pass as {@code before} for the next page; null when the history has no more
 * @param scanned how many run records were read for this page: a filter that matches few may return
 *     fewer runs than asked for (even none) with a {@code next}, once the page's reads are spent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunPage(List<StoredRun> runs, String next, int scanned) {}
