package io.fnjobs.cleanup.progress;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What the run of one slot did: counts per rule (objects and bytes), the objects removed and bytes
 * freed in all, how long it took, what it could not do. It is the {@code result} of the slot's status
 * flag, {@code state/cleanup/<slot>.json}.
 *
 * @param complete false when the time budget ended the run before every rule was through
 * @param resumes how many times the run continued from its checkpoint after an attempt stopped
 * @param repaired the first originals handed back to the thumbnail trigger (all are counted)
 * @param problems the first problems (all are counted in problemCount)
 * @param settings the retentions and limits the run applied
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CleanupReport(
    String slot,
    boolean dryRun,
    boolean complete,
    String stoppedBecause,
    String asOf,
    String startedAt,
    String endedAt,
    long durationMillis,
    int resumes,
    Map<Rule, Tally> counts,
    long objectsRemoved,
    long bytesFreed,
    List<String> repaired,
    List<Problem> problems,
    long problemCount,
    Map<String, String> settings) {}
