package io.fnjobs.triggers.timer;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.field.expression.Every;
import com.cronutils.model.field.expression.FieldExpression;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;

/**
 * A 6-field CRON schedule, seconds first ({@code second minute hour day-of-month month day-of-week}, as
 * Azure Functions and Spring write it), evaluated in a time zone.
 *
 * <p>Daylight saving time, decided here once for every timer:
 *
 * <ul>
 *   <li>Spring forward: a slot whose wall-clock time does not exist that day (02:30 in Europe/Berlin on
 *       the last Sunday of March) runs once, at the end of the gap (03:00 local). cron-utils alone would
 *       drop it, and a nightly job would silently miss a night. Several slots in one gap make one run.
 *   <li>Fall back: a wall-clock time that occurs twice (02:30 on the last Sunday of October) runs once,
 *       at its first occurrence, so a job at a fixed time runs once a day. A schedule whose hour field
 *       is {@code *} (every hour) keeps its rhythm in real time instead, and runs in both passes.
 * </ul>
 *
 * <p>Slots are instants: they are named in UTC, so the two passes of a repeated hour never share a name.
 * They are whole seconds, whatever the fraction of the instant asked from, so that every instance
 * names a slot alike.
 */
public final class CronSchedule {

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

  private static final Duration GAP_HORIZON = Duration.ofDays(5 * 366);

  private final String expression;
  private final ZoneId zone;
  private final ExecutionTime executionTime;
  private final boolean everyHour;

  private CronSchedule(String expression, ZoneId zone, Cron cron) {
    this.expression = expression;
    this.zone = zone;
    this.executionTime = ExecutionTime.forCron(cron);
    this.everyHour = matchesEveryHour(cron.retrieve(CronFieldName.HOUR).getExpression());
  }

  private static boolean matchesEveryHour(FieldExpression hours) {
    return hours instanceof Always
        || (hours instanceof Every every && every.getExpression() instanceof Always && every.getPeriod().getValue() == 1);
  }

  /**
   * Parses {@code expression}.
   *
   * @throws InvalidScheduleException naming the expression and what is wrong with it
   */
  public static CronSchedule parse(String expression, ZoneId zone) {
    String trimmed = expression.trim();
    int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    if (fields != 6) {
      throw new InvalidScheduleException(
          "has "
              + fields
              + " fields, a schedule needs 6: second minute hour day-of-month month day-of-week"
              + " (e.g. '0 0 2 * * *' for 02:00 every day)");
    }
    Cron cron;
    try {
      cron = PARSER.parse(trimmed).validate();
    } catch (IllegalArgumentException e) {
      throw new InvalidScheduleException("is not a valid CRON expression: " + e.getMessage());
    }
    CronSchedule schedule = new CronSchedule(trimmed, zone, cron);
    if (schedule.nextAfter(Instant.EPOCH).isEmpty()) {
      throw new InvalidScheduleException("never fires");
    }
    return schedule;
  }

  /** The first slot strictly after {@code instant}, if the schedule fires again; a whole second. */
  public Optional<Instant> nextAfter(Instant instant) {
    // slots are whole seconds, so the first after the instant is the first after its second; and
    // cron-utils, asked from a fraction, answers a schedule that fires every second with the instant
    // plus one second, fraction and all
    Instant second = instant.truncatedTo(ChronoUnit.SECONDS);
    Optional<Instant> regular = nextRegular(second);
    // a schedule that never fires regularly is searched for gap slots only a few years ahead
    Optional<Instant> gap = nextGapSlot(second, regular.orElse(second.plus(GAP_HORIZON)));
    if (gap.isPresent() && (regular.isEmpty() || gap.get().isBefore(regular.get()))) {
      return gap;
    }
    return regular;
  }

  /** cron-utils' next slot, without the second pass of a repeated hour unless every hour fires. */
  private Optional<Instant> nextRegular(Instant instant) {
    Instant from = instant;
    while (true) {
      Optional<ZonedDateTime> next = executionTime.nextExecution(ZonedDateTime.ofInstant(from, zone));
      if (next.isEmpty() || everyHour || !inSecondPass(next.get())) {
        return next.map(ZonedDateTime::toInstant);
      }
      from = next.get().toInstant();
    }
  }

  private boolean inSecondPass(ZonedDateTime time) {
    ZoneOffsetTransition transition = zone.getRules().getTransition(time.toLocalDateTime());
    return transition != null && transition.isOverlap() && time.getOffset().equals(transition.getOffsetAfter());
  }

  /**
   * The end of the first spring-forward gap after {@code instant} and no later than {@code limit} whose
   * missing wall-clock hour holds a slot of this schedule.
   */
  private Optional<Instant> nextGapSlot(Instant instant, Instant limit) {
    ZoneOffsetTransition transition = zone.getRules().nextTransition(instant);
    while (transition != null && !transition.getInstant().isAfter(limit)) {
      if (transition.isGap() && hasWallSlotIn(transition.getDateTimeBefore(), transition.getDateTimeAfter())) {
        return Optional.of(transition.getInstant());
      }
      transition = zone.getRules().nextTransition(transition.getInstant());
    }
    return Optional.empty();
  }

  /** Whether the schedule names a wall-clock time in [from, to), counting in plain local time. */
  private boolean hasWallSlotIn(LocalDateTime from, LocalDateTime to) {
    // a whole second before: cron-utils is never asked from a fraction (see nextAfter)
    ZonedDateTime justBefore = from.minusSeconds(1).atZone(ZoneOffset.UTC);
    return executionTime.nextExecution(justBefore)
        .map(next -> next.toLocalDateTime().isBefore(to))
        .orElse(false);
  }

  public String expression() {
    return expression;
  }

  public ZoneId zone() {
    return zone;
  }

  @Override
  public String toString() {
    return expression + " (" + zone + ")";
  }
}
