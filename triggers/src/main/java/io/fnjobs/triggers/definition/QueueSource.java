package io.fnjobs.triggers.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * Messages from {@code queues}, taken in that order of priority, {@code batchSize} per receive, by
 * {@code concurrency} consumers that long-poll for up to {@code waitTime}; a message taken is hidden
 * from others for {@code visibilityTimeout}, extended while its invocation runs.
 */
public record QueueSource(
    List<String> queues, int batchSize, int concurrency, Duration waitTime, Duration visibilityTimeout)
    implements SourceSpec {

  public QueueSource {
    queues = List.copyOf(queues);
  }

  @JsonCreator
  static QueueSource of(
      @JsonProperty("queues") List<String> queues,
      @JsonProperty("batchSize") Integer batchSize,
      @JsonProperty("concurrency") Integer concurrency,
      @JsonProperty("waitTime") Duration waitTime,
      @JsonProperty("visibilityTimeout") Duration visibilityTimeout) {
    DefinitionProblem.required("queues", queues);
    if (queues.isEmpty() || queues.stream().anyMatch(name -> name == null || name.isBlank())) {
      throw new DefinitionProblem("queues", queues, "needs one or more queue names");
    }
    if (queues.stream().distinct().count() != queues.size()) {
      throw new DefinitionProblem("queues", queues, "names a queue twice");
    }
    return new QueueSource(
        queues,
        Ranges.within("batchSize", batchSize, 10, 1, 10),
        Ranges.within("concurrency", concurrency, 4, 1, 64),
        Ranges.within("waitTime", waitTime, Duration.ofSeconds(20), Duration.ZERO, Duration.ofSeconds(20)),
        Ranges.within(
            "visibilityTimeout",
            visibilityTimeout,
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            Duration.ofHours(12)));
  }

  @Override
  public TriggerType type() {
    return TriggerType.queue;
  }
}
