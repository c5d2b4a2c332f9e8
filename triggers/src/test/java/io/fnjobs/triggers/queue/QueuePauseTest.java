package io.fnjobs.triggers.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import io.fnjobs.localdev.sqs.EmbeddedSqs;
import io.fnjobs.localdev.sqs.SqsServerOptions;
import io.fnjobs.triggers.TriggerLayerOptions;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.Eventually;
import io.fnjobs.triggers.fixtures.JobRunnerFn;
import io.fnjobs.triggers.fixtures.ManualPauses;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runtime.Invoker;
import io.fnjobs.triggers.runtime.ListenerState;
import io.fnjobs.triggers.runtime.QueueClients;
import io.fnjobs.triggers.runtime.SharedClients;
import io.fnjobs.triggers.runtime.TriggerContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A paused queue trigger on the real embedded SQS and S3 servers: its consumer stops polling and the
 * message stays in the queue, until the trigger is resumed. The function is the functions' own
 * {@code JobRunner}, in-process.
 */
class QueuePauseTest {

  @TempDir static Path data;
  private static EmbeddedS3 s3Server;
  private static EmbeddedSqs sqsServer;
  private static S3Client s3;
  private static SqsClient sqs;

  private final ManualPauses pauses = new ManualPauses();
  private JobRunnerFn fn;
  private QueueListener listener;
  private String url;

  @BeforeAll
  static void start() {
    s3Server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(data.resolve("s3")).build());
    s3Server.createBuckets(List.of("state"));
    s3 = StorageClients.s3(EndpointSettings.local(s3Server.uri(), "minioadmin", "minioadmin"));
    sqsServer = EmbeddedSqs.start(SqsServerOptions.builder().port(0).dataDir(data.resolve("sqs"))
        .queues(List.of()).build());
    sqs = QueueClients.sqs(EndpointSettings.local(sqsServer.uri(), "x", "x"));
  }

  @AfterAll
  static void stop() {
    sqs.close();
    sqsServer.close();
    s3.close();
    s3Server.close();
  }

  @Test
  void consumer_shouldLeaveTheMessageInTheQueue_whilePaused_andDeliverItOnceResumed() {
    start("paused-jobs", Duration.ofSeconds(1));
    pauses.pause("paused-jobs");
    // asked twice: the consumer has come round its loop paused, with no poll in flight
    pauses.awaitAsks("paused-jobs", pauses.asks("paused-jobs"), 2);
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("{\"orderId\":\"P-1\"}"));

    pauses.awaitAsks("paused-jobs", pauses.asks("paused-jobs"), 2);

    assertThat(fn.calls()).isEmpty();
    assertThat(visible(url)).isEqualTo(1);

    pauses.resume("paused-jobs");
    Eventually.within(Duration.ofSeconds(10), () -> fn.calls().size() == 1);
    Eventually.within(Duration.ofSeconds(10), () -> visible(url) == 0 && inFlight(url) == 0);
  }

  @Test
  void consumer_shouldHoldWhatAPollInFlightBrings_whilePaused_andDeliverItOnceResumed() {
    start("held-jobs", Duration.ofSeconds(5));
    // asked once more: the consumer is about to long-poll, or polling, for up to 5 s
    pauses.awaitAsks("held-jobs", pauses.asks("held-jobs"), 1);
    pauses.pause("held-jobs");
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("{\"orderId\":\"H-1\"}"));

    Eventually.within(Duration.ofSeconds(10), () -> inFlight(url) == 1);
    pauses.awaitAsks("held-jobs", pauses.asks("held-jobs"), 2);

    assertThat(fn.calls()).as("received, but held while paused").isEmpty();
    assertThat(inFlight(url)).isEqualTo(1);

    pauses.resume("held-jobs");
    Eventually.within(Duration.ofSeconds(10), () -> fn.calls().size() == 1);
    Eventually.within(Duration.ofSeconds(10), () -> visible(url) == 0 && inFlight(url) == 0);
  }

  private void start(String queue, Duration waitTime) {
    Clock clock = Clock.systemUTC();
    url = sqs.createQueue(r -> r.queueName(queue)).queueUrl();
    fn = new JobRunnerFn(s3, "state", clock, Duration.ofSeconds(5));
    TriggerDefinition definition = new TriggerDefinition(Path.of(queue + ".yaml"), queue, "", "app", "fn",
        new QueueSource(List.of(queue), 10, 1, waitTime, Duration.ofSeconds(30), List.of()),
        List.of(), DeliveryOptions.DEFAULTS);
    EndpointSettings endpoint = EndpointSettings.local(sqsServer.uri(), "x", "x");
    TriggerLayerOptions options = TriggerLayerOptions.builder().s3(endpoint).sqs(endpoint).build();
    TriggerContext context = new TriggerContext(options, s3, new SharedClients().with(SqsClient.class, sqs),
        new Invoker(fn, new ObjectStoreRunLog(s3, "state", clock), fn.flags(), clock), null, clock, pauses);
    S3ConditionalStore state = new S3ConditionalStore(s3, "state");
    listener = new QueueListener(definition, fn.resolve("app", "fn"), context,
        new DeadLetterQueues(sqs, new RedriveLog(state), AttributeSeal.of("", state, clock), clock));
    listener.start();
    Eventually.within(Duration.ofSeconds(10), () -> listener.state() == ListenerState.connected);
  }

  @AfterEach
  void stopListener() {
    listener.stop(Duration.ofSeconds(2));
  }

  private static int visible(String url) {
    return attribute(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
  }

  private static int inFlight(String url) {
    return attribute(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
  }

  private static int attribute(String url, QueueAttributeName name) {
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(name)).attributes();
    return Integer.parseInt(attributes.get(name));
  }
}
