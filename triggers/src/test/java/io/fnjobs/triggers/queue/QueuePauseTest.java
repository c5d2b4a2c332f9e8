package io.fnjobs.triggers.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.localdev.Resources;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import io.fnjobs.localdev.sqs.EmbeddedSqs;
import io.fnjobs.localdev.sqs.SqsServerOptions;
import io.fnjobs.triggers.TriggerLayerOptions;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.QueueSource;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.Eventually;
import io.fnjobs.triggers.fixtures.JobRunnerFn;
import io.fnjobs.triggers.fixtures.ManualPauses;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runtime.Invoker;
import io.fnjobs.triggers.runtime.ListenerState;
import io.fnjobs.triggers.runtime.QueueClients;
import io.fnjobs.triggers.runtime.TriggerContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
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

  @BeforeAll
  static void start() {
    s3Server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(data.resolve("s3")).build());
    s3Server.createBuckets(List.of("state"));
    s3 = StorageClients.s3(EndpointSettings.local(s3Server.uri(), "minioadmin", "minioadmin"));
    sqsServer = EmbeddedSqs.start(SqsServerOptions.builder().port(0).dataDir(data.resolve("sqs"))
        .queues(List.of(new Resources.Queue("paused-jobs", Duration.ofSeconds(30), null, null))).build());
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
    Clock clock = Clock.systemUTC();
    JobRunnerFn fn = new JobRunnerFn(s3, "state", clock, Duration.ofSeconds(5));
    ManualPauses pauses = new ManualPauses();
    TriggerDefinition definition = new TriggerDefinition(Path.of("paused-jobs.yaml"), "paused-jobs", "", "app", "fn",
        new QueueSource(List.of("paused-jobs"), 10, 1, Duration.ofSeconds(1), Duration.ofSeconds(30), List.of()),
        List.of(), DeliveryOptions.DEFAULTS);
    EndpointSettings endpoint = EndpointSettings.local(sqsServer.uri(), "x", "x");
    TriggerLayerOptions options = TriggerLayerOptions.builder().s3(endpoint).sqs(endpoint).build();
    TriggerContext context = new TriggerContext(options, s3, sqs,
        new Invoker(fn, new ObjectStoreRunLog(s3, "state", clock), clock), null, clock, pauses);
    QueueListener listener = new QueueListener(definition, fn.resolve("app", "fn"), context,
        new DeadLetterQueues(sqs, new RedriveLog(new S3ConditionalStore(s3, "state")), clock));
    pauses.pause("paused-jobs");
    listener.start();
    try {
      Eventually.within(Duration.ofSeconds(10), () -> listener.state() == ListenerState.connected);
      // asked twice: the consumer has come round its loop paused, with no poll in flight
      pauses.awaitAsks("paused-jobs", pauses.asks("paused-jobs"), 2);
      String url = sqs.getQueueUrl(r -> r.queueName("paused-jobs")).queueUrl();
      sqs.sendMessage(r -> r.queueUrl(url).messageBody("{\"orderId\":\"P-1\"}"));

      pauses.awaitAsks("paused-jobs", pauses.asks("paused-jobs"), 2);

      assertThat(fn.calls()).isEmpty();
      assertThat(visible(url)).isEqualTo(1);

      pauses.resume("paused-jobs");
      Eventually.within(Duration.ofSeconds(10), () -> fn.calls().size() == 1);
      Eventually.within(Duration.ofSeconds(10), () -> visible(url) == 0 && inFlight(url) == 0);
    } finally {
      listener.stop(Duration.ofSeconds(2));
    }
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
