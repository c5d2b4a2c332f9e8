package io.fnjobs.triggers.metrics;

import io.fnjobs.triggers.runs.RunRecord.Outcome;
import java.time.Duration;
import java.time.Instant;

/**
 * What the trigger layer counts, one call per event worth counting, so that the code that sees the
 * event does not know how it is kept. Labels are low-cardinality on purpose: a trigger's name, its
 * function, a source kind, an outcome, an Fn status code; never an object key, a message id or an
 * event id, which would make a series per event.
 *
 * <p>Every method does nothing by default: {@link #NONE} counts nothing, and a test double overrides
 * only what it looks at. {@link MicrometerTriggerMetrics} keeps them for {@code GET /metrics}.
 */
public interface TriggerMetrics {

  /** Counts nothing: metrics switched off ({@code FNJOBS_METRICS=off}), or a test that does not look. */
  TriggerMetrics NONE = new TriggerMetrics() {};

  /**
   * An event came in for {@code trigger} from {@code source}, a kind of source: for a blob trigger
   * {@code webhook}, {@code queue} (S3 notifications), {@code sweep}, {@code replay}, {@code resumed};
   * {@code sqs} for a queue trigger; {@code schedule} or {@code on-demand} for a timer.
   */
  default void received(String trigger, String source) {}

  /**
   * One invocation ended: its outcome (throttled and deferred are outcomes too), the attempt it was,
   * Fn's status (0 when Fn was not reached) and how long the call took.
   */
  default void invoked(String trigger, String function, Outcome outcome, int attempt, int fnStatus, Duration took) {}

  /** The trigger gave an event up: dead-lettered it, or ended a timer's slot failed. */
  default void deadLettered(String trigger, String function) {}

  /** An operator moved {@code count} messages from a dead-letter queue back to {@code queue}. */
  default void redriven(String queue, int count) {}

  /**
   * A message of {@code trigger} was received for the first time; the queue took it in at
   * {@code sentAt} (its {@code SentTimestamp}). The lag kept is the last such message's wait: SQS's
   * GetQueueAttributes has no age of the oldest message (that is a CloudWatch metric), nor has ElasticMQ.
   */
  default void queueLag(String trigger, Instant sentAt) {}

  /** A sweep of {@code trigger} listed {@code listed} objects and found {@code missed} changes no event had brought. */
  default void swept(String trigger, long listed, long missed) {}

  /** A blob change's receipt was claimed: this instance will invoke for it. */
  default void receiptClaimed(String trigger) {}

  /** A timer slot of {@code trigger} scheduled for {@code slot} started now. */
  default void timerLag(String trigger, Instant slot) {}

  /** A timer slot of {@code trigger} was skipped (overlap, or missed past its catch-up). */
  default void slotSkipped(String trigger) {}
}
