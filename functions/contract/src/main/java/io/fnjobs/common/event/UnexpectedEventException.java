package io.fnjobs.common.event;

/** A function received an event of a kind it does not handle: its trigger is bound wrongly. */
public final class UnexpectedEventException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public UnexpectedEventException(String function, TriggerEvent.Kind expected, TriggerEvent event) {
    super(
        "function "
            + function
            + " handles "
            + expected
            + " events, but trigger "
            + event.trigger()
            + " sent a "
            + event.kind()
            + " event ("
            + event.eventId()
            + "): bind it to a trigger of type "
            + expected
            + " in infra/triggers");
  }
}
