package io.fnjobs.cleanup.progress;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The progress of the run of one slot, at {@code checkpoints/cleanup/<slot>.json}: what it has counted
 * so far, where it is, and the changes of the batch in flight ({@code pending}, not counted yet). A run
 * that finds it continues from there, with the same reference time ({@code asOf}), so its decisions
 * and totals come out as if it had not stopped.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Checkpoint(
    String slot,
    String asOf,
    String startedAt,
    int resumes,
    Position position,
    Map<Rule, Tally> counts,
    List<Problem> problems,
    long problemCount,
    List<String> repaired,
    List<Op> pending) {}
