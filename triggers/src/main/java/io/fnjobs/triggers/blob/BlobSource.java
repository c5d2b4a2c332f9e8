package io.fnjobs.triggers.blob;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fnjobs.common.event.BlobEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.event.TriggerEvent.Kind;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.triggers.definition.FlagSpec;
import io.fnjobs.triggers.definition.DefinitionProblem;
import io.fnjobs.triggers.definition.OutputLocation;
import io.fnjobs.triggers.definition.Ranges;
import io.fnjobs.triggers.definition.SourceSpec;
import io.fnjobs.triggers.definition.TriggerDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Objects in {@code bucket} under {@code prefix}, whose key ends with one of {@code suffixes} (any key
 * when empty, compared without case), for the changes in {@code events}. The reconciliation sweep lists
 * the prefix every {@code sweepInterval} ({@link Duration#ZERO} switches it off). Changes arrive as
 * MinIO webhook events and, when {@code eventQueue} names an SQS queue, as S3 event notifications
 * from that queue; {@code concurrency} invocations run at a time.
 */
public record BlobSource(
    String bucket, String prefix, List<String> suffixes, Set<Change> events, Duration sweepInterval,
    String eventQueue, int concurrency)
    implements SourceSpec {

  static final Duration DEFAULT_SWEEP = Duration.ofMinutes(5);

  public BlobSource {
    suffixes = suffixes.stream().map(suffix -> suffix.toLowerCase(Locale.ROOT)).toList();
    events = Set.copyOf(events);
    eventQueue = eventQueue == null || eventQueue.isBlank() ? null : eventQueue.trim();
  }

  @JsonCreator
  static BlobSource of(
      @JsonProperty("bucket") String bucket,
      @JsonProperty("prefix") String prefix,
      @JsonProperty("suffixes") List<String> suffixes,
      @JsonProperty("events") List<Change> events,
      @JsonProperty("sweepInterval") Duration sweepInterval,
      @JsonProperty("eventQueue") String eventQueue,
      @JsonProperty("concurrency") Integer concurrency) {
    DefinitionProblem.required("bucket", bucket);
    List<Change> chosen = events == null ? List.of(Change.created) : events;
    if (chosen.isEmpty()) {
      throw new DefinitionProblem("events", chosen, "needs at least one of created, removed");
    }
    Duration sweep = sweepInterval == null ? DEFAULT_SWEEP : sweepInterval;
    if (!sweep.isZero()) {
      sweep = Ranges.within("sweepInterval", sweep, DEFAULT_SWEEP, Duration.ofSeconds(1), Duration.ofDays(1));
    }
    return new BlobSource(
        bucket,
        prefix == null ? "" : prefix,
        suffixes == null ? List.of() : suffixes,
        Set.copyOf(chosen),
        sweep,
        eventQueue,
        Ranges.within("concurrency", concurrency, 4, 1, 64));
  }

  @Override
  public Kind type() {
    return Kind.blob;
  }

  @Override
  public String flagSubject() {
    return "object key";
  }

  /**
   * Refuses a trigger whose function would trigger itself (an output in the watched prefix) or that
   * watches the state bucket, where every job writes.
   */
  @Override
  public void check(TriggerDefinition definition, String stateBucket) {
    for (int i = 0; i < definition.outputs().size(); i++) {
      OutputLocation output = definition.outputs().get(i);
      if (output.overlaps(bucket, prefix)) {
        throw new DefinitionProblem("outputs[" + i + "]", output.bucket() + "/" + output.prefix(),
            "lies in the watched " + bucket + "/" + prefix
                + ": the function would trigger itself; write its outputs under another bucket or prefix");
      }
    }
    if (bucket.equals(stateBucket)) {
      throw new DefinitionProblem("source.bucket", bucket,
          "is the state bucket, where every job writes its flags and records: the trigger would fire on"
              + " its own writes; watch another bucket (or set FNJOBS_STATE_BUCKET)");
    }
  }

  /** The SQS queue S3 event notifications arrive on, if any. */
  public Optional<String> eventQueueName() {
    return Optional.ofNullable(eventQueue);
  }

  /** Whether an object key is watched by this source. */
  public boolean watches(String key) {
    if (!key.startsWith(prefix)) {
      return false;
    }
    String lower = key.toLowerCase(Locale.ROOT);
    return suffixes.isEmpty() || suffixes.stream().anyMatch(lower::endsWith);
  }

  /** Whether a change of kind {@code change} to {@code key} in {@code bucketName} concerns this source. */
  public boolean concerns(String bucketName, String key, Change change) {
    return bucket.equals(bucketName) && events.contains(change) && watches(key);
  }

  /**
   * A created object's key, ordered by the change's sequencer (the function orders by the version's
   * last-modified time too, which only it reads); none for a removal: the function deletes the flag.
   */
  @Override
  public Optional<FlagSpec.Subject> subjectOf(FlagSpec flag, TriggerEvent event) {
    if (!(event instanceof BlobEvent changed) || changed.blob().change() != Change.created) {
      return Optional.empty();
    }
    return Optional.of(new FlagSpec.Subject(changed.blob().key(),
        EventOrder.objectVersion(null, changed.blob().sequencer())));
  }

  /** The object's key. */
  @Override
  public String subjectOf(TriggerEvent event) {
    return event instanceof BlobEvent changed ? changed.blob().key() : null;
  }

  @Override
  public Map<String, String> traceAttributes(TriggerEvent event) {
    if (!(event instanceof BlobEvent changed)) {
      return SourceSpec.super.traceAttributes(event);
    }
    BlobChange blob = changed.blob();
    return Map.of("faas.trigger", "datasource", "faas.document.collection", blob.bucket(),
        "faas.document.name", blob.key(), "faas.document.operation", blob.change() == Change.removed ? "delete" : "insert");
  }
}
