package io.fnjobs.triggers.definition;

/** The kinds of source a trigger listens to. */
public enum TriggerType {
  blob,
  queue,
  timer
}
