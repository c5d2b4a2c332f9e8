package io.fnjobs.triggers.queue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fnjobs.common.event.TriggerEvent.Kind;
import io.fnjobs.triggers.definition.BodyField;
import io.fnjobs.triggers.definition.DefinitionProblem;
import io.fnjobs.triggers.definition.FlagSpec;
import io.fnjobs.triggers.definition.Ranges;
import io.fnjobs.triggers.definition.SourceSpec;
import java.time.Duration;
import java.util.List;

/**
 * Messages from {@code queues}, taken in that order of priority, {@code batchSize} per receive, by
 * {@code concurrency} consumers that long-poll for up to {@code waitTime}; a message taken is hidden
 * from others for {@code visibilityTimeout}, extended while its invocation runs.
 *
 * <p>{@code idempotencyFields} name the fields of a JSON body that identify the unit of work (e.g.
 * {@code [orderId, sequence]}; a dotted name reaches into an object: {@code customer.id}): a message
 * whose body has them all gets its idempotency key from their values, so that the same order sent
 * twice is processed once; any other message is keyed by its message id.
 */
public record QueueSource(
    List<String> queues, int batchSize, int concurrency, Duration waitTime, Duration visibilityTimeout,
    List<String> idempotencyFields)
    implements SourceSpec {

  public QueueSource {
    queues = List.copyOf(queues);
    idempotencyFields = List.copyOf(idempotencyFields);
  }

  @JsonCreator
  static QueueSource of(
      @JsonProperty("queues") List<String> queues,
      @JsonProperty("batchSize") Integer batchSize,
      @JsonProperty("concurrency") Integer concurrency,
      @JsonProperty("waitTime") Duration waitTime,
      @JsonProperty("visibilityTimeout") Duration visibilityTimeout,
      @JsonProperty("idempotencyFields") List<String> idempotencyFields) {
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
            Duration.ofHours(12)),
        fields(idempotencyFields));
  }

  private static List<String> fields(List<String> names) {
    if (names == null) {
      return List.of();
    }
    for (String name : names) {
      if (name == null || !name.matches(BodyField.PATTERN)) {
        throw new DefinitionProblem("idempotencyFields", names,
            "names a field that is blank or malformed: use field names, dotted for nested ones (orderId, customer.id)");
      }
    }
    if (names.stream().distinct().count() != names.size()) {
      throw new DefinitionProblem("idempotencyFields", names, "names a field twice");
    }
    return names;
  }

  @Override
  public Kind type() {
    return Kind.queue;
  }

  /** A queue trigger's flag needs the body field of its subject. */
  @Override
  public void checkFlag(FlagSpec flag) {
    if (flag.subject() == null) {
      throw new DefinitionProblem("flag.subject", null,
          "is required for a queue trigger: the body field that holds the flag's subject, e.g. orderId");
    }
  }
}
