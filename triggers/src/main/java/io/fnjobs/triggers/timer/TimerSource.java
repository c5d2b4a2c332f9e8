package io.fnjobs.triggers.timer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fnjobs.common.event.TimerEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.Kind;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.triggers.definition.FlagSpec;
import io.fnjobs.triggers.definition.DefinitionProblem;
import io.fnjobs.triggers.definition.Ranges;
import io.fnjobs.triggers.definition.SourceSpec;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * A schedule: a 6-field CRON expression (seconds first) in {@code timeZone}; what to do with slots
 * missed while no instance ran ({@code catchUp}, up to {@code maxCatchUpAge}); what to do when a slot
 * comes while the previous run still goes ({@code overlap}); and a random delay of up to
 * {@code jitter} before each run.
 */
public record TimerSource(
    CronSchedule schedule, CatchUp catchUp, Duration maxCatchUpAge, Overlap overlap, Duration jitter)
    implements SourceSpec {

  /** What happens to slots missed during downtime. */
  public enum CatchUp {
    /** Missed slots are dropped; the next run is the next slot. */
    skip,
    /** One run for the most recent missed slot. */
    once,
    /** One run for every missed slot, oldest first. */
    all
  }

  /** What happens when a slot comes while the previous run is still going. */
  public enum Overlap {
    /** The slot is recorded as skipped. */
    skip,
    /** The slot runs once the previous run has finished. */
    wait
  }

  @JsonCreator
  static TimerSource of(
      @JsonProperty("schedule") String schedule,
      @JsonProperty("timeZone") String timeZone,
      @JsonProperty("catchUp") CatchUp catchUp,
      @JsonProperty("maxCatchUpAge") Duration maxCatchUpAge,
      @JsonProperty("overlap") Overlap overlap,
      @JsonProperty("jitter") Duration jitter) {
    DefinitionProblem.required("schedule", schedule);
    ZoneId zone = zone(timeZone);
    CronSchedule cron;
    try {
      cron = CronSchedule.parse(schedule, zone);
    } catch (InvalidScheduleException e) {
      throw new DefinitionProblem("schedule", schedule, e.getMessage());
    }
    return new TimerSource(
        cron,
        catchUp == null ? CatchUp.once : catchUp,
        Ranges.within("maxCatchUpAge", maxCatchUpAge, Duration.ofDays(1), Duration.ZERO, Duration.ofDays(366)),
        overlap == null ? Overlap.skip : overlap,
        Ranges.within("jitter", jitter, Duration.ZERO, Duration.ZERO, Duration.ofHours(1)));
  }

  private static ZoneId zone(String timeZone) {
    if (timeZone == null || timeZone.isBlank()) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new DefinitionProblem(
          "timeZone", timeZone, "is not a time zone: use a region id such as Europe/Paris, or UTC");
    }
  }

  @Override
  public Kind type() {
    return Kind.timer;
  }

  @Override
  public String flagSubject() {
    return "slot";
  }

  /** The slot, ordered by its time. */
  @Override
  public Optional<FlagSpec.Subject> subjectOf(FlagSpec flag, TriggerEvent event) {
    String slot = subjectOf(event);
    return slot == null ? Optional.empty() : Optional.of(new FlagSpec.Subject(slot, EventOrder.ofSlot(slot)));
  }

  /** The slot. */
  @Override
  public String subjectOf(TriggerEvent event) {
    return event instanceof TimerEvent tick ? tick.timer().slot() : null;
  }

  @Override
  public Map<String, String> traceAttributes(TriggerEvent event) {
    return event instanceof TimerEvent tick ? Map.of("faas.trigger", "timer", "faas.time", tick.timer().slot())
        : SourceSpec.super.traceAttributes(event);
  }
}
