package io.fnjobs.triggers.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A 6-field CRON schedule, seconds first ({@code second minute hour day-of-month month day-of-week}, as
 * Azure Functions and Spring write it), evaluated in a time zone.
 */
public final class CronSchedule {

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

  private final String expression;
  private final ZoneId zone;
  private final ExecutionTime executionTime;

  private CronSchedule(String expression, ZoneId zone, Cron cron) {
    this.expression = expression;
    this.zone = zone;
    this.executionTime = ExecutionTime.forCron(cron);
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

  /** The first slot strictly after {@code instant}, if the schedule fires again. */
  public Optional<Instant> nextAfter(Instant instant) {
    return executionTime
        .nextExecution(ZonedDateTime.ofInstant(instant, zone))
        .map(ZonedDateTime::toInstant);
  }

  /** The last slot at or before {@code instant}, if there was one. */
  public Optional<Instant> lastAtOrBefore(Instant instant) {
    ZonedDateTime at = ZonedDateTime.ofInstant(instant, zone);
    if (executionTime.isMatch(at)) {
      return Optional.of(instant);
    }
    return executionTime.lastExecution(at).map(ZonedDateTime::toInstant);
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
