package io.fnjobs.triggers.queue;

import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runtime.ConnectingListener;
import io.fnjobs.triggers.runtime.DeferralPolicy;
import io.fnjobs.triggers.runtime.QueueClients;
import io.fnjobs.triggers.runtime.SourceStatus;
import io.fnjobs.triggers.runtime.TriggerContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Listens to one or more queues, in priority order ({@link PriorityPoller}), with
 * {@code source.concurrency} long-polling consumers ({@link QueueConsumer}) that deliver each message
 * on its own ({@link MessageDelivery}) while the heartbeat keeps it hidden ({@link Heartbeat}); the
 * deletes of messages settled close together go in one call ({@link Settlements}).
 *
 * <p>Connecting resolves every queue and its redrive policy, and warns when the queue's
 * {@code maxReceiveCount} differs from the trigger's {@code delivery.maxAttempts}: the two should be
 * equal (infra/resources.yaml and infra/aws give the orders queue 5, as the orders trigger does).
 *
 * <p>Stopping takes no new batch (the long polls in progress are cut short), lets the invocations in
 * progress finish within the stop wait, and releases every message still held (visibility 0), so that
 * another instance takes it at once.
 */
public final class QueueListener extends ConnectingListener {

  private static final Logger LOG = LoggerFactory.getLogger(QueueListener.class);

  private final TriggerContext context;
  private final QueueSource source;
  private final DeadLetterQueues deadLetters;
  private final SourceStatus receiving;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<Thread> consumers = new ArrayList<>();
  private volatile List<SourceQueue> queues = List.of();
  private volatile HeldMessages held;
  private AbortableHttpClient receiverHttp;
  private SqsClient receiver;
  private Heartbeat heartbeat;
  private Settlements settlements;

  public QueueListener(TriggerDefinition definition, FunctionRef function, TriggerContext context,
      DeadLetterQueues deadLetters) {
    super(definition, function, context.clock());
    this.context = context;
    this.source = definition.source(QueueSource.class);
    this.deadLetters = deadLetters;
    this.receiving = declareSource((source.queues().size() == 1 ? "SQS queue " : "SQS queues ")
        + String.join(", ", source.queues()));
  }

  /** The dead-letter tooling this trigger gives messages up to. */
  DeadLetterQueues deadLetters() {
    return deadLetters;
  }

  @Override
  protected void connect() {
    List<SourceQueue> resolved = source.queues().stream().map(name -> QueueEndpoints.resolve(QueueClients.shared(context), name)).toList();
    resolved.forEach(this::checkRedrive);
    // the key of the attributes' signatures, from the state bucket unless set: retried here until it loads
    deadLetters.seal().ready();
    queues = resolved;
  }

  private void checkRedrive(SourceQueue queue) {
    int maxAttempts = definition.delivery().maxAttempts();
    if (queue.deadLetters().isEmpty()) {
      LOG.warn("trigger={} function={} queue {} has no redrive policy: a message that fails {} attempts or is not"
          + " JSON stays in it, looked at again every {}; give it a dead-letter queue with maxReceiveCount {}",
          definition.name(), function, queue.name(), maxAttempts, definition.delivery().maxBackoff(), maxAttempts);
    } else if (queue.deadLetter().maxReceiveCount() != maxAttempts) {
      LOG.warn("trigger={} function={} queue {} moves a message to {} after {} receives, but {} allows {} attempts"
          + " (delivery.maxAttempts): {}; set the queue's maxReceiveCount to {}", definition.name(), function,
          queue.name(), queue.deadLetter().name(), queue.deadLetter().maxReceiveCount(), definition.file(), maxAttempts,
          queue.deadLetter().maxReceiveCount() < maxAttempts ? "the queue dead-letters first"
              : "the trigger dead-letters after its own attempts", maxAttempts);
    }
  }

  // synchronized with onStop: a stop may come while the consumers start
  @Override
  protected synchronized void onConnected() {
    if (stopping.get()) {
      return;
    }
    receiverHttp = new AbortableHttpClient(QueueClients.httpClient());
    receiver = QueueClients.sqs(context.options().sqs(), receiverHttp);
    SqsClient sqs = QueueClients.shared(context);
    heartbeat = new Heartbeat(sqs, source.visibilityTimeout(), definition.name());
    settlements = new Settlements(sqs, definition.name(), Settlements.delayFor(source.visibilityTimeout()));
    held = new HeldMessages(settlements, heartbeat, definition.name());
    PriorityPoller poller = new PriorityPoller(receiver, queues, source, context.options().stopWait());
    MessageDelivery delivery = new MessageDelivery(definition, function, context.invoker(), sqs, deadLetters,
        DeferralPolicy.of(definition, function), stopping::get, settlements);
    for (int i = 0; i < source.concurrency(); i++) {
      Thread thread = new Thread(
          new QueueConsumer(definition.name(), i, poller, delivery, held, receiving, stopping::get,
              () -> context.pauses().isPaused(definition.name()), stopped),
          "queue-" + definition.name() + "-" + i);
      thread.setDaemon(true);
      consumers.add(thread);
      thread.start();
    }
    LOG.info("trigger={} function={} consuming {} with {} consumers, batches of {}", definition.name(), function,
        source.queues(), source.concurrency(), source.batchSize());
  }

  @Override
  protected synchronized void onStop(Duration wait) {
    Instant deadline = Instant.now().plus(wait);
    stopping.set(true);
    stopped.countDown();
    if (receiverHttp == null) {
      return;
    }
    receiverHttp.abortAll();
    for (Thread consumer : consumers) {
      try {
        consumer.join(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    // the deletes that wait for a batch call go before anything is handed back
    settlements.close();
    int left = held.count();
    if (left > 0) {
      LOG.warn("trigger={} function={} releasing {} messages whose invocation did not end within the stop wait {}",
          definition.name(), function, left, wait);
    }
    held.releaseAll();
    heartbeat.close();
    receiver.close();
  }

  /** The queues as resolved at connect, highest priority first; empty until connected. */
  public List<SourceQueue> queues() {
    return queues;
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("queues", source.queues());
    details.put("deadLetterQueues", queues.stream().map(queue -> queue.deadLetters()
        .map(target -> target.name() + " after " + target.maxReceiveCount() + " receives").orElse("none")).toList());
    details.put("concurrency", source.concurrency());
    details.put("batchSize", source.batchSize());
    HeldMessages current = held;
    details.put("held", current == null ? 0 : current.count());
    return details;
  }
}
