package io.fnjobs.triggers.queue;

import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FnClient;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runtime.DeferralPolicy;
import io.fnjobs.triggers.runtime.Invoker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * What the message delivery tests share: per test, a queue trigger of its own name bound to function
 * {@code order-processor} on the {@link JobsQueue}'s queue {@code jobs}, emptied first; its heartbeat
 * and held messages, its run log and attribute seal in the {@code state} bucket, and deliveries of it.
 */
final class JobsTrigger implements AutoCloseable {

  static final String APP = "fnjobs";
  static final String FUNCTION = "order-processor";
  private static final AtomicInteger TRIGGERS = new AtomicInteger();
  private static final QueueSource SOURCE =
      new QueueSource(List.of("jobs"), 1, 1, Duration.ofSeconds(1), Duration.ofSeconds(30), List.of());

  private final JobsQueue queue;
  private final String name;
  private final Clock clock;
  private final Heartbeat heartbeat;
  private final HeldMessages held;
  private final RunLog runs;
  private final AttributeSeal seal;

  private JobsTrigger(JobsQueue queue, String name, Clock clock) {
    this.queue = queue;
    this.name = name;
    this.clock = clock;
    this.heartbeat = new Heartbeat(queue.sqs(), Duration.ofSeconds(30), name);
    this.held = new HeldMessages(queue.sqs(), heartbeat, name);
    this.runs = new ObjectStoreRunLog(queue.s3(), "state", clock);
    this.seal = AttributeSeal.of("", new S3ConditionalStore(queue.s3(), "state"), clock);
  }

  /** A trigger named {@code prefix} and a number no other test has, on emptied queues, on {@code clock}'s time. */
  static JobsTrigger next(JobsQueue queue, String prefix, Clock clock) {
    queue.purge();
    return new JobsTrigger(queue, prefix + "-" + TRIGGERS.incrementAndGet(), clock);
  }

  String name() {
    return name;
  }

  RunLog runs() {
    return runs;
  }

  AttributeSeal seal() {
    return seal;
  }

  /** The trigger with {@code delivery}; no idempotency fields: the key is the id the message was first sent with. */
  TriggerDefinition definition(DeliveryOptions delivery) {
    return new TriggerDefinition(Path.of(name + ".yaml"), name, "", APP, FUNCTION, SOURCE, List.of(), delivery);
  }

  /** A delivery of {@code definition}, invoking {@code fn}, whose subjects' flags are {@code flags}. */
  MessageDelivery delivery(TriggerDefinition definition, FnClient fn, StatusFlags flags, DeferralPolicy deferrals,
      BooleanSupplier stopping) {
    DeadLetterQueues deadLetters =
        new DeadLetterQueues(queue.sqs(), new RedriveLog(new S3ConditionalStore(queue.s3(), "state")), seal, clock);
    return new MessageDelivery(definition, fn.resolve(APP, FUNCTION), new Invoker(fn, runs, flags, clock), queue.sqs(),
        deadLetters, deferrals, stopping);
  }

  /** Sends {@code body} to queue {@code jobs}; its message id. */
  String send(String body, Map<String, MessageAttributeValue> attributes) {
    return queue.sqs().sendMessage(r -> r.queueUrl(queue.jobs().url()).messageBody(body).messageAttributes(attributes))
        .messageId();
  }

  /** Receives the next message as the trigger's consumers do, and holds it. */
  HeldMessages.Held receiveOne() {
    return queue.receiveOne(held, SOURCE);
  }

  /** The messages visible now in the queue at {@code url}, with their system attributes. */
  List<Message> visible(String url) {
    SqsClient sqs = queue.sqs();
    return sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(0).messageSystemAttributeNamesWithStrings("All"))
        .messages();
  }

  @Override
  public void close() {
    heartbeat.close();
  }
}
