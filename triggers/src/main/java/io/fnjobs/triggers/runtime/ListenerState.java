package io.fnjobs.triggers.runtime;

/** Where a trigger's listener is in its life. */
public enum ListenerState {
  /** Created, not started. */
  created,
  /** Trying to reach its source; retries until it does or is stopped. */
  connecting,
  /** Its source is reachable; it takes work. */
  connected,
  /** Takes no new work; finishing or releasing what it has. */
  stopping,
  stopped
}
