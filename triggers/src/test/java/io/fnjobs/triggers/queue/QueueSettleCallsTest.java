package io.fnjobs.triggers.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.flags.StatusFlags;
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
import io.fnjobs.triggers.fixtures.ScriptedFn;
import io.fnjobs.triggers.fixtures.ScriptedFn.Answer;
import io.fnjobs.triggers.fn.FnClient;
import io.fnjobs.triggers.fixtures.SqsCalls;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runtime.Invoker;
import io.fnjobs.triggers.runtime.ListenerState;
import io.fnjobs.triggers.runtime.SharedClients;
import io.fnjobs.triggers.runtime.TriggerContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The SQS requests a queue trigger makes to settle its messages, counted on the wire against the real
 * embedded SQS and S3 servers, with the functions' own {@code JobRunner} in-process as the function.
 */
class QueueSettleCallsTest {

  private static final int ORDERS = 10;

  @TempDir Path data;

  private final Clock clock = Clock.systemUTC();
  private final SqsCalls calls = new SqsCalls();
  private EmbeddedS3 s3Server;
  private EmbeddedSqs sqsServer;
  private S3Client s3;
  private SqsClient sqs;
  private String url;

  @BeforeEach
  void startServersWithTenOrdersQueued() {
    s3Server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(data.resolve("s3")).build());
    sqsServer = EmbeddedSqs.start(SqsServerOptions.builder().port(0).dataDir(data.resolve("sqs"))
        .queues(List.of()).build());
    s3Server.createBuckets(List.of("state"));
    s3 = StorageClients.s3(EndpointSettings.local(s3Server.uri(), "minioadmin", "minioadmin"));
    sqs = calls.client(sqsServer.uri());
    url = sqs.createQueue(r -> r.queueName("orders")).queueUrl();
    sendOrders(sqs, url);
  }

  @AfterEach
  void stopServers() {
    sqs.close();
    s3.close();
    sqsServer.close();
    s3Server.close();
  }

  @Test
  void listener_shouldSettleABatchInAtMostTwoCalls_whenItsMessagesSucceedTogether() {
    JobRunnerFn fn = new JobRunnerFn(s3, "state", clock, Duration.ofSeconds(5));
    QueueListener listener = listener(fn, fn.flags(), DeliveryOptions.DEFAULTS);

    listener.start();
    Eventually.within(Duration.ofSeconds(10), () -> listener.state() == ListenerState.connected);
    Eventually.within(Duration.ofSeconds(20), () -> fn.calls().size() == ORDERS && inFlight(sqs, url) == 0);
    listener.stop(Duration.ofSeconds(2));

    assertThat(visible(sqs, url)).as("every message deleted").isZero();
    assertThat(calls.of("DeleteMessage")).as("one delete call per message before").isZero();
    assertThat(calls.of("DeleteMessageBatch")).as("the receives bring 10 at most; each is settled in one call")
        .isBetween(1, 2);
  }

  @Test
  void listener_shouldHideABatchsFailedMessagesInAtMostTwoCalls_whenTheyFailTogether() {
    ScriptedFn fn = new ScriptedFn();
    for (int i = 0; i < ORDERS; i++) {
      fn.then(Answer.fail);
    }
    // retried only after the test: every message is received once
    DeliveryOptions later = new DeliveryOptions(5, Duration.ofMinutes(10), Duration.ofMinutes(10), 1.0);
    QueueListener listener = listener(fn, new ObjectStoreStatusFlags(new S3ConditionalStore(s3, "state"), clock), later);

    listener.start();
    Eventually.within(Duration.ofSeconds(10), () -> listener.state() == ListenerState.connected);
    Eventually.within(Duration.ofSeconds(20), () -> fn.calls().size() == ORDERS);
    listener.stop(Duration.ofSeconds(2));

    assertThat(inFlight(sqs, url)).as("every message hidden for its retry's backoff").isEqualTo(ORDERS);
    assertThat(calls.of("ChangeMessageVisibility")).as("one visibility call per message before").isZero();
    assertThat(calls.of("ChangeMessageVisibilityBatch")).as("the receives bring 10 at most; each is hidden in one"
        + " call").isBetween(1, 2);
  }

  private static void sendOrders(SqsClient sqs, String url) {
    List<SendMessageBatchRequestEntry> orders = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      orders.add(SendMessageBatchRequestEntry.builder().id("o" + i).messageBody("{\"orderId\":\"B-" + i + "\"}")
          .build());
    }
    sqs.sendMessageBatch(r -> r.queueUrl(url).entries(orders));
  }

  private QueueListener listener(FnClient fn, StatusFlags flags, DeliveryOptions delivery) {
    TriggerDefinition definition = new TriggerDefinition(Path.of("orders.yaml"), "orders", "", "app", "fn",
        new QueueSource(List.of("orders"), 10, 1, Duration.ofSeconds(1), Duration.ofSeconds(30), List.of()),
        List.of(), delivery);
    EndpointSettings endpoint = EndpointSettings.local(sqsServer.uri(), "x", "x");
    TriggerLayerOptions options = TriggerLayerOptions.builder().s3(endpoint).sqs(endpoint).build();
    TriggerContext context = new TriggerContext(options, s3, new SharedClients().with(SqsClient.class, sqs),
        new Invoker(fn, new ObjectStoreRunLog(s3, "state", clock), flags, clock), null, clock, new ManualPauses());
    S3ConditionalStore state = new S3ConditionalStore(s3, "state");
    return new QueueListener(definition, fn.resolve("app", "fn"), context,
        new DeadLetterQueues(sqs, new RedriveLog(state), AttributeSeal.of("", state, clock), clock));
  }

  private static int visible(SqsClient sqs, String url) {
    return attribute(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
  }

  private static int inFlight(SqsClient sqs, String url) {
    return attribute(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
  }

  private static int attribute(SqsClient sqs, String url, QueueAttributeName name) {
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(name)).attributes();
    return Integer.parseInt(attributes.get(name));
  }
}
