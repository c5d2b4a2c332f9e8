package io.fnjobs.triggers.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.QueueMessage;
import io.fnjobs.common.json.Json;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.QueueSource;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runtime.DeferralPolicy;
import io.fnjobs.triggers.runtime.Invoker;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Hands one received message to the trigger's function and settles it on its own, whatever the rest
 * of its batch does.
 *
 * <ul>
 *   <li>The attempt is the message's receive count ({@code ApproximateReceiveCount}), so it counts
 *       every receive, also one released by a stop before its invocation ran; a redriven message
 *       counts on from the receives of its earlier rounds ({@link DeadLetterAttributes#ATTEMPTS_BEFORE}),
 *       while the limits below count the attempts of the current round.
 *   <li>Succeeded or rejected (a permanent refusal): deleted.
 *   <li>Deferred (another invocation of the event holds its key and does the work): the message is
 *       sent again as a copy delayed by the deferral's wait ({@link DeferralPolicy}, at most
 *       SQS's 15 minutes), which carries its first id, the attempts made and one deferral more
 *       ({@link DeadLetterAttributes#deferred}), and the received one is deleted. Not a change of the
 *       message's visibility: its next receive would count, and the queue's redrive policy, which counts
 *       receives and not attempts, would move a message deferred {@code maxReceiveCount} times to the
 *       dead-letter queue without the trigger seeing it. The copy starts with no receives, so a deferral
 *       spends neither an attempt nor a receive. Past {@code delivery.maxDeferrals} a deferral counts as
 *       a failed attempt.
 *   <li>Failed: hidden for the backoff of that attempt ({@code delivery.initialBackoff} ...), then
 *       received again. After the last attempt ({@code delivery.maxAttempts}) it is made visible at
 *       once, and the queue's redrive policy moves it to the dead-letter queue on its next receive,
 *       which is why the queue's {@code maxReceiveCount} should equal {@code delivery.maxAttempts}.
 *       Where the queue allows more receives, the trigger dead-letters the message itself once its
 *       attempts are used up, with the reason attached.
 *   <li>A body that is not JSON: sent to the dead-letter queue at once with the reason attached
 *       ({@link DeadLetterAttributes}), and deleted.
 *   <li>Fn answers 503 (no capacity for the call now): invoked again after a short wait, a few
 *       times, while the message stays held; a busy Fn server slows the trigger down rather than
 *       using up the message's attempts.
 * </ul>
 */
final class MessageDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(MessageDelivery.class);
  // SQS's limit for a message's visibility
  private static final long MAX_VISIBILITY_SECONDS = 12 * 60 * 60;
  // SQS's limit for the delay of a message sent
  static final Duration MAX_DELAY = Duration.ofMinutes(15);
  private static final int FN_BUSY = 503;
  private static final int MAX_BUSY_RETRIES = 8;
  private static final Duration FIRST_BUSY_WAIT = Duration.ofMillis(100);
  private static final Duration MAX_BUSY_WAIT = Duration.ofSeconds(2);

  private final TriggerDefinition definition;
  private final FunctionRef function;
  private final QueueSource source;
  private final Invoker invoker;
  private final SqsClient sqs;
  private final DeadLetterQueues deadLetters;
  private final DeferralPolicy deferrals;
  private final BooleanSupplier stopping;

  MessageDelivery(TriggerDefinition definition, FunctionRef function, Invoker invoker, SqsClient sqs,
      DeadLetterQueues deadLetters, DeferralPolicy deferrals, BooleanSupplier stopping) {
    this.definition = definition;
    this.function = function;
    this.source = definition.source(QueueSource.class);
    this.invoker = invoker;
    this.sqs = sqs;
    this.deadLetters = deadLetters;
    this.deferrals = deferrals.cappedAt(MAX_DELAY);
    this.stopping = stopping;
  }

  /** Delivers a held message; its heartbeat stops before it is settled, so no extension follows a delete. */
  void deliver(HeldMessages.Held held) {
    SourceQueue queue = held.queue();
    Message message = held.message();
    int receives = receiveCount(message);
    // the attempt within this round, which the trigger's limits count: a deferred copy counts on
    int round = receives + DeadLetterAttributes.roundAttemptsBefore(message);
    // a redriven message goes on counting from its earlier rounds, so that its flag moves on
    int attempt = receives + DeadLetterAttributes.attemptsBefore(message);
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(message.body());
      if (body == null || body.isMissingNode()) {
        throw new IOException("the body is empty");
      }
    } catch (IOException e) {
      held.lease().close();
      deadLetter(queue, message, receives, "the body is not JSON: " + e.getMessage());
      return;
    }
    int maxAttempts = definition.delivery().maxAttempts();
    if (round > maxAttempts) {
      held.lease().close();
      deadLetter(queue, message, receives, "failed " + maxAttempts + " attempts (the trigger's delivery.maxAttempts)");
      return;
    }
    String key = MessageKeys.idempotencyKey(queue.name(), body, source.idempotencyFields(),
        DeadLetterAttributes.originalMessageId(message));
    TriggerEvent event = TriggerEvent.ofMessage(definition.name(), message.messageId(), key,
        new QueueMessage(queue.name(), message.messageId(), message.body(), receives));
    boolean deferrable = deferrals.allowsAnother(DeadLetterAttributes.deferrals(message));
    RunRecord run = invokeUntilNotBusy(event, attempt, deferrable);
    held.lease().close();
    if (run.outcome() == RunRecord.Outcome.deferred) {
      defer(queue, message, receives, run);
    } else {
      settle(queue, message, round, run);
    }
  }

  private RunRecord invokeUntilNotBusy(TriggerEvent event, int attempt, boolean deferrable) {
    RunRecord run = invoker.invoke(definition, function, event, attempt, deferrable);
    Duration wait = FIRST_BUSY_WAIT;
    for (int busy = 0; run.fnStatus() == FN_BUSY && busy < MAX_BUSY_RETRIES && !stopping.getAsBoolean(); busy++) {
      pause(wait);
      wait = wait.multipliedBy(2).compareTo(MAX_BUSY_WAIT) > 0 ? MAX_BUSY_WAIT : wait.multipliedBy(2);
      run = invoker.invoke(definition, function, event, attempt, deferrable);
    }
    return run;
  }

  /**
   * Replaces the message with a copy delayed by the deferral's wait: this receive was not an attempt, so
   * the copy carries the {@code receives - 1} before it. Sent before the delete: a failure between the
   * two leaves a second copy, which the idempotency key makes harmless, never none.
   */
  private void defer(SourceQueue queue, Message message, int receives, RunRecord run) {
    Duration wait = deferrals.waitAfter(run, DeadLetterAttributes.deferrals(message));
    Map<String, MessageAttributeValue> attributes = DeadLetterAttributes.deferred(message, receives - 1);
    String copy = sqs.sendMessage(r -> r.queueUrl(queue.url()).messageBody(message.body())
        .delaySeconds(seconds(wait)).messageAttributes(attributes)).messageId();
    sqs.deleteMessage(r -> r.queueUrl(queue.url()).receiptHandle(message.receiptHandle()));
    LOG.info("trigger={} function={} event={} deferred ({} of at most {}), another invocation does its work: sent"
        + " again as message {} (first sent as {}), delivered in {}", definition.name(), function, message.messageId(),
        DeadLetterAttributes.deferrals(message) + 1, deferrals.maxDeferrals(), copy,
        DeadLetterAttributes.originalMessageId(message), wait);
  }

  private static void pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code round}: the attempt within this round of the message, which the trigger's limits count. */
  private void settle(SourceQueue queue, Message message, int round, RunRecord run) {
    if (run.outcome() != RunRecord.Outcome.failed) {
      sqs.deleteMessage(r -> r.queueUrl(queue.url()).receiptHandle(message.receiptHandle()));
      return;
    }
    Duration wait = retryWait(round, definition.delivery());
    sqs.changeMessageVisibility(r -> r.queueUrl(queue.url()).receiptHandle(message.receiptHandle())
        .visibilityTimeout(seconds(wait)));
    if (round < definition.delivery().maxAttempts()) {
      LOG.info("trigger={} function={} event={} attempt={} of {} failed: retried in {}", definition.name(),
          function, message.messageId(), round, definition.delivery().maxAttempts(), wait);
    } else {
      LOG.warn("trigger={} function={} event={} attempt={} of {} failed: the last; it moves to {} on its next receive"
          + " (by the redrive policy of queue {}, or by the trigger)", definition.name(), function, message.messageId(),
          round, definition.delivery().maxAttempts(),
          queue.deadLetters().map(SourceQueue.DeadLetterTarget::name).orElse("(none: see the warning at connect)"),
          queue.name());
    }
  }

  private void deadLetter(SourceQueue queue, Message message, int attempt, String reason) {
    if (deadLetters.deadLetter(queue, message, definition.name(), reason, attempt)) {
      LOG.warn("trigger={} function={} event={} attempt={} moved to dead-letter queue {}: {}", definition.name(),
          function, message.messageId(), attempt, queue.deadLetters().orElseThrow().name(), reason);
      return;
    }
    Duration wait = definition.delivery().maxBackoff();
    sqs.changeMessageVisibility(r -> r.queueUrl(queue.url()).receiptHandle(message.receiptHandle())
        .visibilityTimeout(seconds(wait)));
    LOG.error("trigger={} function={} event={} attempt={} cannot be dead-lettered, queue {} has no redrive policy"
        + " (give it a dead-letter queue): kept and looked at again in {}: {}", definition.name(), function,
        message.messageId(), attempt, queue.name(), wait, reason);
  }

  /**
   * How long a message stays hidden after attempt {@code attempt} failed: the backoff of that attempt,
   * or nothing after the last one, so that the queue dead-letters it on its next receive.
   */
  static Duration retryWait(int attempt, DeliveryOptions delivery) {
    return attempt >= delivery.maxAttempts() ? Duration.ZERO : delivery.backoffAfter(attempt);
  }

  /** Whole seconds, as SQS takes visibility timeouts: rounded up, at most 12 hours. */
  static int seconds(Duration wait) {
    long millis = Math.max(0, wait.toMillis());
    return (int) Math.min(MAX_VISIBILITY_SECONDS, (millis + 999) / 1000);
  }

  static int receiveCount(Message message) {
    String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    try {
      return count == null ? 1 : Math.max(1, Integer.parseInt(count));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
