package io.fnjobs.triggers.queue;

import java.util.Objects;
import java.util.Optional;

/**
 * A queue a trigger takes messages from, as resolved when the trigger connects: its URL and the
 * dead-letter queue its redrive policy names (none when it has no redrive policy). A FIFO queue's
 * dead-letter queue is a FIFO queue too: SQS refuses any other.
 */
public record SourceQueue(String name, String url, DeadLetterTarget deadLetter) {

  public SourceQueue {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
  }

  public Optional<DeadLetterTarget> deadLetters() {
    return Optional.ofNullable(deadLetter);
  }

  /**
   * Whether this is a FIFO queue (its name ends in {@code .fifo}): it hands out a group's messages in
   * order, and the next only once none of the group is in flight.
   */
  public boolean fifo() {
    return FifoMessages.isFifo(name);
  }

  /** Where the queue moves a message after {@code maxReceiveCount} receives. */
  public record DeadLetterTarget(String name, String url, int maxReceiveCount) {}
}
