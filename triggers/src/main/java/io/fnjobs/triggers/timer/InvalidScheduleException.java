package io.fnjobs.triggers.timer;

/** A CRON expression that cannot be parsed or never fires. */
public final class InvalidScheduleException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidScheduleException(String message) {
    super(message);
  }
}
