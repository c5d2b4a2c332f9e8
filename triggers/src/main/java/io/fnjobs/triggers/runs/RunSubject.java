package io.fnjobs.triggers.runs;

import io.fnjobs.common.event.TriggerEvent;

/**
 * The unit of work a run was about: the job and subject of its status flag. The function's reply
 * names both ({@code JobReply}); where there is no reply (the function failed, Fn could not be
 * reached) the event names the subject of a blob change (the object's key) and of a timer slot (the
 * slot), and nothing of a queue message, whose subject only the function reads from the body, nor of
 * an event of another trigger type.
 *
 * @param job the flag's job, or null when no reply named it
 * @param subject the flag's subject, or null when neither reply nor event names it
 */
public record RunSubject(String job, String subject) {

  /** What the event alone tells. */
  public static RunSubject of(TriggerEvent event) {
    if (event.blob() != null) {
      return new RunSubject(null, event.blob().key());
    }
    return new RunSubject(null, event.timer() != null ? event.timer().slot() : null);
  }
}
