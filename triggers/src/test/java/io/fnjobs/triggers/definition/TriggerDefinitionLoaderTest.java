package io.fnjobs.triggers.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.event.TriggerEvent.Kind;
import io.fnjobs.triggers.blob.BlobSource;
import io.fnjobs.triggers.queue.QueueSource;
import io.fnjobs.triggers.runtime.TriggerModules;
import io.fnjobs.triggers.timer.TimerSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriggerDefinitionLoaderTest {

  private static final String BLOB =
      """
      name: thumbs
      type: blob
      app: fnjobs
      function: thumbnail
      source:
        bucket: uploads
        prefix: images/
      """;

  @TempDir Path folder;

  private final TriggerDefinitionLoader loader = new TriggerDefinitionLoader(Map.of(), TriggerModules.installed().all());

  @Test
  void load_shouldReadTheShippedDefinitions_whenGivenTheInfraFolder() {
    List<TriggerDefinition> definitions = loader.load(Path.of("..", "infra", "triggers"));

    assertThat(definitions)
        .extracting(TriggerDefinition::name, TriggerDefinition::type, TriggerDefinition::function)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("nightly-cleanup", Kind.timer, "nightly-cleanup"),
            org.assertj.core.groups.Tuple.tuple("orders-from-queue", Kind.queue, "order-processor"),
            org.assertj.core.groups.Tuple.tuple("thumbnail-on-upload", Kind.blob, "thumbnail"));
    TimerSource timer =
        definitions.stream().filter(d -> d.type().equals(Kind.timer)).findFirst().orElseThrow().source(TimerSource.class);
    assertThat(timer.schedule().nextAfter(Instant.parse("2026-11-21T15:00:00Z")))
        .contains(Instant.parse("2026-11-22T02:00:00Z"));
  }

  @Test
  void load_shouldApplyDefaults_whenOptionalFieldsAreAbsent() throws IOException {
    write("thumbs.yaml", BLOB);

    TriggerDefinition definition = loader.load(folder).get(0);

    BlobSource source = definition.source(BlobSource.class);
    assertThat(source.events()).containsExactly(Change.created);
    assertThat(source.suffixes()).isEmpty();
    assertThat(source.sweepInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(source.eventQueueName()).isEmpty();
    assertThat(source.concurrency()).isEqualTo(4);
    assertThat(definition.delivery().maxAttempts()).isEqualTo(5);
    assertThat(definition.delivery().backoff().delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(definition.delivery().backoff().delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(definition.delivery().maxDeferrals()).isEqualTo(10);
  }

  @Test
  void load_shouldReadMaxDeferrals_andRefuseOneOutOfRange() throws IOException {
    write("thumbs.yaml", BLOB + "delivery:\n  maxDeferrals: 0\n");
    assertThat(loader.load(folder).get(0).delivery().maxDeferrals()).isZero();

    write("thumbs.yaml", BLOB + "delivery:\n  maxDeferrals: 101\n");
    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageContaining("field 'delivery.maxDeferrals' = '101': must be from 0 to 100");
  }

  @Test
  void load_shouldReadTheShippedThumbnailTrigger_withItsVariablesSetAsTheTestsSetThem() {
    TriggerDefinition definition = new TriggerDefinitionLoader(Map.of("FNJOBS_SWEEP_INTERVAL", "PT1S",
        "FNJOBS_UPLOADS_EVENT_QUEUE", "uploads-events", "FNJOBS_THUMBNAIL_MAX_ATTEMPTS", "2",
        "FNJOBS_THUMBNAIL_INITIAL_BACKOFF", "PT0.2S"), TriggerModules.installed().all()).load(Path.of("..", "infra", "triggers")).stream()
        .filter(d -> d.name().equals("thumbnail-on-upload")).findFirst().orElseThrow();

    BlobSource source = definition.source(BlobSource.class);
    assertThat(source.sweepInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(source.eventQueueName()).contains("uploads-events");
    assertThat(source.events()).containsExactlyInAnyOrder(Change.created, Change.removed);
    assertThat(definition.delivery().maxAttempts()).isEqualTo(2);
    assertThat(definition.delivery().initialBackoff()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void load_shouldLeaveTheEventQueueOut_whenItsVariableIsEmpty() {
    TriggerDefinition definition = loader.load(Path.of("..", "infra", "triggers")).stream()
        .filter(d -> d.name().equals("thumbnail-on-upload")).findFirst().orElseThrow();

    assertThat(definition.source(BlobSource.class).eventQueueName()).isEmpty();
    assertThat(definition.source(BlobSource.class).sweepInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void load_shouldNameTheValue_whenTheBlobConcurrencyIsOutOfRange() throws IOException {
    write("thumbs.yaml", BLOB + "  concurrency: 0\n");

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageContaining("field 'source.concurrency' = '0': must be from 1 to 64");
  }

  @Test
  void load_shouldNameFileAndField_whenAFieldIsUnknown() throws IOException {
    Path file = write("thumbs.yaml", BLOB + "colour: blue\n");

    assertThatThrownBy(() -> loader.load(folder))
        .isInstanceOf(InvalidTriggerDefinitionException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("field 'colour'")
        .hasMessageContaining("is not a known field");
  }

  @Test
  void load_shouldNameTheNestedPath_whenASourceFieldIsUnknown() throws IOException {
    write("thumbs.yaml", BLOB.replace("  prefix: images/", "  prefix: images/\n  bukcet: typo"));

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageContaining("field 'source.bukcet'")
        .hasMessageContaining("known here: bucket, concurrency, eventQueue, events, prefix, suffixes, sweepInterval");
  }

  @Test
  void load_shouldListTheChoices_whenTheTypeIsUnknown() throws IOException {
    write("thumbs.yaml", BLOB.replace("type: blob", "type: webhook"));

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageContaining("field 'type' = 'webhook': must be one of blob, queue, timer");
  }

  @Test
  void load_shouldNameTheValue_whenADurationIsMalformed() throws IOException {
    write("thumbs.yaml", BLOB + "  sweepInterval: 5 minutes\n");

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageContaining("field 'source.sweepInterval' = '5 minutes'")
        .hasMessageContaining("ISO-8601 duration");
  }

  @Test
  void load_shouldNameTheValue_whenANumberIsOutOfRange() throws IOException {
    write("thumbs.yaml", BLOB + "delivery:\n  maxAttempts: 0\n");

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageContaining("field 'delivery.maxAttempts' = '0': must be from 1 to 100");
  }

  @Test
  void load_shouldReportAMissingField_whenTheFunctionIsAbsent() throws IOException {
    write("thumbs.yaml", BLOB.replace("function: thumbnail\n", ""));

    assertThatThrownBy(() -> loader.load(folder)).hasMessageContaining("field 'function': is required");
  }

  @Test
  void load_shouldResolveVariables_whenSetOrDefaulted() throws IOException {
    write("thumbs.yaml", BLOB.replace("bucket: uploads", "bucket: ${BUCKET:-fallback}").replace("app: fnjobs", "app: ${APP}"));

    TriggerDefinition definition =
        new TriggerDefinitionLoader(Map.of("APP", "other", "BUCKET", ""), TriggerModules.installed().all()).load(folder).get(0);

    assertThat(definition.app()).isEqualTo("other");
    assertThat(definition.source(BlobSource.class).bucket()).isEqualTo("fallback");
  }

  @Test
  void load_shouldNameTheVariable_whenItIsUnsetWithoutDefault() throws IOException {
    write("thumbs.yaml", BLOB.replace("app: fnjobs", "app: ${FNJOBS_APP_NAME}"));

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageContaining("field 'app' = '${FNJOBS_APP_NAME}'")
        .hasMessageContaining("needs the environment variable FNJOBS_APP_NAME");
  }

  @Test
  void load_shouldExplainTheSchedule_whenCronHasFiveFields() throws IOException {
    write(
        "nightly.yaml",
        """
        name: nightly
        type: timer
        app: fnjobs
        function: nightly-cleanup
        source:
          schedule: "0 2 * * *"
        """);

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageContaining("field 'source.schedule' = '0 2 * * *'")
        .hasMessageContaining("needs 6");
  }

  @Test
  void load_shouldRejectTheSchedule_whenAFieldIsOutOfRange() throws IOException {
    write(
        "nightly.yaml",
        """
        name: nightly
        type: timer
        app: fnjobs
        function: nightly-cleanup
        source:
          schedule: "0 0 25 * * *"
        """);

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageContaining("field 'source.schedule' = '0 0 25 * * *'")
        .hasMessageContaining("not a valid CRON expression");
  }

  @Test
  void load_shouldRefuseTheDefinition_whenItsOutputsAreWatched() throws IOException {
    write("thumbs.yaml", BLOB + "outputs:\n  - bucket: uploads\n    prefix: images/thumbs/\n");

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageContaining("field 'outputs[0]' = 'uploads/images/thumbs/'")
        .hasMessageContaining("would trigger itself");
  }

  @Test
  void load_shouldListEveryProblem_whenSeveralFilesAreWrong() throws IOException {
    write("a.yaml", BLOB.replace("name: thumbs", "name: Bad Name"));
    write("b.yaml", BLOB + "extra: 1\n");
    write("c.yaml", "just a string\n");

    assertThatThrownBy(() -> loader.load(folder))
        .isInstanceOfSatisfying(
            InvalidTriggerDefinitionException.class,
            e -> assertThat(e.problems()).extracting(p -> p.file().getFileName().toString())
                .containsExactly("a.yaml", "b.yaml", "c.yaml"));
  }

  @Test
  void load_shouldRefuseTwoTriggersOfOneName() throws IOException {
    write("a.yaml", BLOB);
    write("b.yaml", BLOB);

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageContaining("b.yaml: field 'name' = 'thumbs': is also the name of the trigger in");
  }

  @Test
  void load_shouldSayTheYamlIsBroken_whenItCannotBeParsed() throws IOException {
    write("a.yaml", "name: [unclosed\n");

    assertThatThrownBy(() -> loader.load(folder)).hasMessageContaining("a.yaml: is not valid YAML at line");
  }

  @Test
  void load_shouldNameTheFile_whenAListHoldsAnEmptyItem() throws IOException {
    write("thumbs.yaml", BLOB + "outputs: [~]\n");

    assertThatThrownBy(() -> loader.load(folder)).hasMessageContaining("thumbs.yaml");
  }

  @Test
  void load_shouldRefuse_whenAFileHoldsTwoDocuments() throws IOException {
    write("thumbs.yaml", BLOB + "---\n" + BLOB.replace("name: thumbs", "name: other"));

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageContaining("thumbs.yaml: holds 2 YAML documents; one trigger per file");
  }

  @Test
  void load_shouldRefuseABlobTrigger_whenItWatchesTheStateBucket() throws IOException {
    write("thumbs.yaml", BLOB.replace("bucket: uploads", "bucket: state"));

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageContaining("field 'source.bucket' = 'state': is the state bucket");
  }

  @Test
  void load_shouldRefuse_whenTheFolderHasNoDefinitions() {
    assertThatThrownBy(() -> loader.load(folder)).hasMessageContaining("holds no *.yaml trigger definitions");
  }

  private static final String QUEUE =
      """
      name: orders
      type: queue
      app: fnjobs
      function: order-processor
      source:
        queues: [orders-priority, orders]
      """;

  @Test
  void load_shouldKeyQueueMessagesByMessageId_whenNoIdempotencyFieldsAreGiven() throws IOException {
    write("orders.yaml", QUEUE);

    QueueSource source = loader.load(folder).get(0).source(QueueSource.class);

    assertThat(source.queues()).containsExactly("orders-priority", "orders");
    assertThat(source.idempotencyFields()).isEmpty();
    assertThat(source.batchSize()).isEqualTo(10);
    assertThat(source.visibilityTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void load_shouldReadTheIdempotencyFields_ofTheShippedOrdersTrigger() {
    TriggerDefinition orders = loader.load(Path.of("..", "infra", "triggers")).stream()
        .filter(definition -> definition.name().equals("orders-from-queue")).findFirst().orElseThrow();

    assertThat(orders.source(QueueSource.class).idempotencyFields()).containsExactly("orderId", "sequence");
    assertThat(orders.delivery().maxAttempts()).as("the orders queue's maxReceiveCount in infra/resources.yaml")
        .isEqualTo(5);
  }

  @Test
  void load_shouldNameTheValue_whenAnIdempotencyFieldIsMalformedOrRepeated() throws IOException {
    write("orders.yaml", QUEUE + "  idempotencyFields: [orderId, \"customer..id\"]\n");
    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageContaining("field 'source.idempotencyFields' = '[orderId, customer..id]'")
        .hasMessageContaining("blank or malformed");

    write("orders.yaml", QUEUE + "  idempotencyFields: [orderId, orderId]\n");
    assertThatThrownBy(() -> loader.load(folder)).hasMessageContaining("names a field twice");
  }

  @Test
  void load_shouldReadTheFlagOfEveryShippedTrigger_whereItsFunctionFlagsItsWork() {
    List<TriggerDefinition> definitions = loader.load(Path.of("..", "infra", "triggers"));

    assertThat(definitions).extracting(TriggerDefinition::name, TriggerDefinition::flag).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("nightly-cleanup", new FlagSpec("cleanup", null, null)),
        org.assertj.core.groups.Tuple.tuple("orders-from-queue", new FlagSpec("orders", "orderId", "sequence")),
        org.assertj.core.groups.Tuple.tuple("thumbnail-on-upload", new FlagSpec("thumbnail", null, null)));
  }

  @Test
  void load_shouldRequireTheSubjectField_ofAQueueTriggersFlag() throws IOException {
    write("orders.yaml", QUEUE + "flag:\n  job: orders\n");

    assertThatThrownBy(() -> loader.load(folder)).hasMessageContaining("field 'flag.subject'")
        .hasMessageContaining("is required for a queue trigger");
  }

  @Test
  void load_shouldRefuseASubjectField_forABlobTriggersFlag() throws IOException {
    write("thumbs.yaml", BLOB + "flag:\n  job: thumbnail\n  subject: key\n");

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageContaining("field 'flag.subject' = 'key': is for queue triggers only: the subject of a blob"
            + " trigger's flag is its object key");
  }

  @Test
  void load_shouldRefuseAFlagJob_whereTheTriggerLayerKeepsItsOwnState() throws IOException {
    write("thumbs.yaml", BLOB + "flag:\n  job: receipts\n");

    assertThatThrownBy(() -> loader.load(folder)).hasMessageContaining("field 'flag.job' = 'receipts'")
        .hasMessageContaining("where the trigger layer keeps its own state");
  }

  @Test
  void load_shouldLeaveTheFlagUndeclared_whenTheDefinitionHasNone() throws IOException {
    write("thumbs.yaml", BLOB);

    assertThat(loader.load(folder).get(0).flagSpec()).isEmpty();
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(folder.resolve(name), text);
  }
}
