package io.fnjobs.triggers.queue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.event.QueueEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.Kind;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.json.Json;
import io.fnjobs.triggers.definition.BodyField;
import io.fnjobs.triggers.definition.DefinitionProblem;
import io.fnjobs.triggers.definition.FlagSpec;
import io.fnjobs.triggers.definition.Ranges;
import io.fnjobs.triggers.definition.SourceSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  // an order id may hold any letters, but no path separators or control characters: neither may a subject
  private static final String UNUSABLE = ".*[/\\\\\\p{Cntrl}].*";
  private static final int MAX_SUBJECT = 512;

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

  /**
   * The body field {@code flag.subject} names (dotted for a nested one), its message numbered by the
   * body field {@code flag.sequence} when given; none for a body that is not JSON, or whose subject
   * field is missing, not a single value, or holds a path separator or control character.
   */
  @Override
  public Optional<FlagSpec.Subject> subjectOf(FlagSpec flag, TriggerEvent event) {
    if (!(event instanceof QueueEvent queued) || flag.subject() == null) {
      return Optional.empty();
    }
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(queued.message().body());
    } catch (IOException notJson) {
      return Optional.empty();
    }
    if (tree == null) {
      return Optional.empty();
    }
    JsonNode value = BodyField.at(tree, flag.subject());
    String text = value.asText("");
    if (!BodyField.isScalar(value) || text.isBlank() || text.length() > MAX_SUBJECT || text.matches(UNUSABLE)) {
      return Optional.empty();
    }
    JsonNode number = flag.sequence() == null ? null : BodyField.at(tree, flag.sequence());
    EventOrder order = number != null && number.canConvertToExactIntegral() && number.asLong() >= 1
        ? EventOrder.sequence(number.asLong()) : EventOrder.NONE;
    return Optional.of(new FlagSpec.Subject(text, order));
  }

  @Override
  public Map<String, String> traceAttributes(TriggerEvent event) {
    if (!(event instanceof QueueEvent queued)) {
      return SourceSpec.super.traceAttributes(event);
    }
    return Map.of("faas.trigger", "pubsub", "messaging.system", "aws_sqs", "messaging.operation.type", "process",
        "messaging.destination.name", queued.message().queue(), "messaging.message.id", queued.message().messageId());
  }
}
