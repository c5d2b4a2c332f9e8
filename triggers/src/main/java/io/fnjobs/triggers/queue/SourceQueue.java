package io.fnjobs.triggers.queue;

import java.util.Objects;
import java.util.Optional;

/**
 * A queue a trigger takes messages from, as resolved when the trigger connects: its URL and the
 * dead-letter queue its redrive policy names (none when it has no redrive policy).
 */
public record SourceQueue(String name, String url, DeadLetterTarget deadLetter) {

  public SourceQueue {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
  }

  public Optional<DeadLetterTarget> deadLetters() {
    return Optional.ofNullable(deadLetter);
  }

  /** Where the queue moves a message after {@code maxReceiveCount} receives. */
  public record DeadLetterTarget(String name, String url, int maxReceiveCount) {}
}
