package io.fnjobs.triggers.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.QueueMessage;
import io.fnjobs.common.failure.Failures;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.json.Json;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runtime.AttemptPolicy;
import io.fnjobs.triggers.runtime.CauseCodes;
import io.fnjobs.triggers.runtime.DeferralPolicy;
import io.fnjobs.triggers.runtime.Invoker;
import io.fnjobs.triggers.tracing.InvocationTracer;
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
 *   <li>Deferred, from a standard queue (another invocation of the event holds its key and does the work): the message is
 *       sent again as a copy delayed by the deferral's wait ({@link DeferralPolicy}, at most
 *       SQS's 15 minutes), which carries its first id, the attempts made and one deferral more
 *       ({@link DeadLetterAttributes#deferred}), and the received one is deleted. Not a change of the
 *       message's visibility: its next receive would count, and the queue's redrive policy, which counts
 *       receives and not attempts, would move a message deferred {@code maxReceiveCount} times to the
 *       dead-letter queue without the trigger seeing it. The copy starts with no receives, so a deferral
 *       spends neither an attempt nor a receive. Past {@code delivery.maxDeferrals} a deferral counts as
 *       a failed attempt.
 *   <li>Failed: hidden for the backoff of that attempt ({@code delivery.initialBackoff} ...), then
 *       received again; the failed messages of one receive are hidden together, in
 *       {@code ChangeMessageVisibilityBatch} calls ({@link Settlements}). After the last attempt
 *       ({@code delivery.maxAttempts}) the trigger sends it to the dead-letter queue itself, with the
 *       last failure's cause as the reason ({@link DeadLetterAttributes}), and the subject's flag says {@code failed} where the function
 *       left it short of that ({@link Invoker#giveUp}). The queue's redrive policy, whose
 *       {@code maxReceiveCount} should equal {@code delivery.maxAttempts}, moves a message whose last
 *       attempt never settled (its trigger layer stopped); one received past its attempts is
 *       dead-lettered by the trigger.
 *   <li>Poison (the function wants a person to look at it): sent to the dead-letter queue at once,
 *       with the function's reason.
 *   <li>A body that is not JSON: sent to the dead-letter queue at once with the reason attached, and
 *       deleted.
 *   <li>Deferred, from a FIFO queue: held, and invoked again after the deferral's wait (see
 *       {@link #invokeWhileWaiting}): a FIFO queue takes no delay per message, and its group's order
 *       must hold.
 *   <li>Failed, from a FIFO queue: as above; while it is hidden, its queue hands out none of its group's
 *       later messages, so they run after it, in order, and once it is dead-lettered (to a FIFO
 *       dead-letter queue, in its group) the next of its group runs.
 *   <li>Throttled (Fn has no capacity for the call now: 503, 429): invoked again after the
 *       definition's backoff for as many busy answers in a row, while the message stays held, for as
 *       long as Fn is busy; a busy Fn server slows the trigger down rather than using up the
 *       message's attempts or receives. A stop meanwhile hands the message back to the queue.
 * </ul>
 *
 * <p>The message's {@code fnjobs-*} attributes count only when the trigger layer signed them
 * ({@link AttributeSeal}): a producer cannot make a new message start at attempt 99.
 */
final class MessageDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(MessageDelivery.class);
  // SQS's limit for a message's visibility
  private static final long MAX_VISIBILITY_SECONDS = 12 * 60 * 60;
  // SQS's limit for the delay of a message sent
  static final Duration MAX_DELAY = Duration.ofMinutes(15);
  // how often a throttled wait looks whether the trigger stops
  private static final Duration STOP_CHECK = Duration.ofMillis(200);

  private final TriggerDefinition definition;
  private final FunctionRef function;
  private final QueueSource source;
  private final Invoker invoker;
  private final SqsClient sqs;
  private final DeadLetterQueues deadLetters;
  private final AttributeSeal seal;
  private final AttemptPolicy policy;
  private final BooleanSupplier stopping;
  private final Settlements settlements;

  /** Deletes each settled message, and hides each failed one, at once, in a call of its own. */
  MessageDelivery(TriggerDefinition definition, FunctionRef function, Invoker invoker, SqsClient sqs,
      DeadLetterQueues deadLetters, DeferralPolicy deferrals, BooleanSupplier stopping) {
    this(definition, function, invoker, sqs, deadLetters, deferrals, stopping,
        new Settlements(sqs, definition.name(), Duration.ZERO));
  }

  /** Deletes settled messages, and hides failed ones, in batch calls through {@code settlements}. */
  MessageDelivery(TriggerDefinition definition, FunctionRef function, Invoker invoker, SqsClient sqs,
      DeadLetterQueues deadLetters, DeferralPolicy deferrals, BooleanSupplier stopping, Settlements settlements) {
    this.definition = definition;
    this.function = function;
    this.source = definition.source(QueueSource.class);
    this.invoker = invoker;
    this.sqs = sqs;
    this.deadLetters = deadLetters;
    this.seal = deadLetters.seal();
    this.policy = new AttemptPolicy(definition.delivery(), deferrals.cappedAt(MAX_DELAY));
    this.stopping = stopping;
    this.settlements = settlements;
  }

  /** Delivers a held message; its heartbeat stops before it is settled, so no extension follows a delete. */
  void deliver(HeldMessages.Held held) {
    SourceQueue queue = held.queue();
    Message message = seal.trusted(definition.name(), queue.name(), held.message());
    int receives = receiveCount(message);
    invoker.metrics().received(definition.name(), "sqs");
    if (receives == 1) {
      sentAt(message).ifPresent(sent -> invoker.metrics().queueLag(definition.name(), sent));
    }
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
    String key = MessageKeys.idempotencyKey(queue.name(), body, source.idempotencyFields(),
        DeadLetterAttributes.originalMessageId(message));
    TriggerEvent event = TriggerEvent.ofMessage(definition.name(), message.messageId(), key,
        new QueueMessage(queue.name(), message.messageId(), message.body(), receives));
    if (!policy.allows(round)) {
      // its last attempt failed, but the message was not dead-lettered then (its trigger layer stopped)
      held.lease().close();
      FlagError why = Failures.of(CauseCodes.ATTEMPTS_USED_UP, "failed " + policy.maxAttempts()
          + " attempts (the trigger's delivery.maxAttempts)");
      giveUp(queue, message, event, receives, attempt - 1, why);
      return;
    }
    Decided decided = invokeWhileWaiting(queue, message, event, attempt, round, InvocationTracer.traceparent(message));
    held.lease().close();
    decided.next().carryOut(new MessageSettlement(queue, message, event, receives, round, decided.run()));
  }

  /** A consumer has settled every message of its batch: what waits to be deleted goes now. */
  void batchSettled() {
    settlements.flush();
  }

  /**
   * Invokes, and again after the definition's backoff while Fn answers it has no capacity (the
   * function did not run: no attempt spent), and, from a FIFO queue, after the deferral's wait while
   * another invocation holds the event's key, until the policy decides otherwise or the trigger stops.
   * The message stays held meanwhile: a FIFO queue's group waits for it anyway, and handing it back
   * would spend a receive, which the attempts and the queue's redrive policy count, while a delayed
   * copy, as a standard queue's deferral sends, would go to the end of its group.
   */
  private Decided invokeWhileWaiting(SourceQueue queue, Message message, TriggerEvent event, int attempt, int round,
      String traceparent) {
    int deferred = DeadLetterAttributes.deferrals(message);
    int throttles = 0;
    while (true) {
      RunRecord run = invoker.invoke(definition, function, event, attempt, policy.mayDefer(deferred), traceparent);
      AttemptPolicy.Next next = policy.next(run, round, deferred, throttles);
      Duration wait;
      if (next instanceof AttemptPolicy.Throttle throttle) {
        throttles = throttle.inARow();
        wait = throttle.delay();
      } else if (next instanceof AttemptPolicy.Defer defer && queue.fifo() && !stopping.getAsBoolean()) {
        throttles = 0;
        wait = defer.delay();
        LOG.info("trigger={} function={} event={} deferred ({} of at most {}), another invocation does its work:"
            + " held in its group and invoked again in {}", definition.name(), function, message.messageId(),
            ++deferred, policy.maxDeferrals(), wait);
      } else {
        return new Decided(run, next);
      }
      if (stopping.getAsBoolean() || !pause(wait)) {
        return new Decided(run, next);
      }
    }
  }

  /** A message's last run and what the {@link AttemptPolicy} decided after it. */
  private record Decided(RunRecord run, AttemptPolicy.Next next) {}

  /** Carries out what the {@link AttemptPolicy} decided after a message's last run, on the queue. */
  private final class MessageSettlement implements AttemptPolicy.Settlement<Void> {

    private final SourceQueue queue;
    private final Message message;
    private final TriggerEvent event;
    private final int receives;
    private final int round;
    private final RunRecord run;

    MessageSettlement(SourceQueue queue, Message message, TriggerEvent event, int receives, int round, RunRecord run) {
      this.queue = queue;
      this.message = message;
      this.event = event;
      this.receives = receives;
      this.round = round;
      this.run = run;
    }

    /** Succeeded, rejected or skipped: deleted. */
    @Override
    public Void settle(AttemptPolicy.Settle settle) {
      settlements.delete(queue, message);
      return null;
    }

    /** Hidden for the attempt's backoff, then received again; hidden with others of its batch in one call. */
    @Override
    public Void retry(AttemptPolicy.Retry retry) {
      settlements.hide(queue, message, seconds(retry.delay()));
      LOG.info("trigger={} function={} event={} attempt={} of {} failed: retried in {}", definition.name(), function,
          message.messageId(), round, retry.maxAttempts(), retry.delay());
      return null;
    }

    /** From a standard queue, a delayed copy; from a FIFO queue, which held it, the trigger stops: handed back. */
    @Override
    public Void defer(AttemptPolicy.Defer defer) {
      if (queue.fifo()) {
        release(queue, message, run);
      } else {
        sendDelayedCopy(queue, message, receives, defer.delay());
      }
      return null;
    }

    /** Fn is still busy as the trigger stops: handed back. */
    @Override
    public Void throttle(AttemptPolicy.Throttle throttle) {
      release(queue, message, run);
      return null;
    }

    /** Poison, with the function's reason, or the last attempt failed, with its cause: to the dead-letter queue. */
    @Override
    public Void giveUp(AttemptPolicy.GiveUp giveUp) {
      FlagError why = switch (giveUp.why()) {
        case POISON -> giveUp.cause();
        case ATTEMPTS_USED_UP -> Failures.of(giveUp.cause().code(), "failed " + policy.maxAttempts()
            + " attempts (the trigger's delivery.maxAttempts); the last: " + giveUp.cause().message());
      };
      MessageDelivery.this.giveUp(queue, message, event, receives, run.attempt(), why);
      return null;
    }
  }

  /** The trigger stops while it waits to invoke again: the message goes back to the queue at once, no attempt spent. */
  private void release(SourceQueue queue, Message message, RunRecord run) {
    sqs.changeMessageVisibility(r -> r.queueUrl(queue.url()).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
    LOG.info("trigger={} function={} event={} attempt={} handed back to queue {} unsettled: the trigger stops while"
        + " it waits to invoke again ({}: {})", definition.name(), function, message.messageId(), run.attempt(),
        queue.name(), run.outcome(), run.detail());
  }

  /**
   * Replaces the message with a copy delayed by the deferral's wait: this receive was not an attempt, so
   * the copy carries the {@code receives - 1} before it. Sent before the delete: a failure between the
   * two leaves a second copy, which the idempotency key makes harmless, never none.
   */
  private void sendDelayedCopy(SourceQueue queue, Message message, int receives, Duration wait) {
    Map<String, MessageAttributeValue> attributes =
        seal.signed(message.body(), DeadLetterAttributes.deferred(message, receives - 1));
    String copy = sqs.sendMessage(r -> r.queueUrl(queue.url()).messageBody(message.body())
        .delaySeconds(seconds(wait)).messageAttributes(attributes)).messageId();
    sqs.deleteMessage(r -> r.queueUrl(queue.url()).receiptHandle(message.receiptHandle()));
    LOG.info("trigger={} function={} event={} deferred ({} of at most {}), another invocation does its work: sent"
        + " again as message {} (first sent as {}), delivered in {}", definition.name(), function, message.messageId(),
        DeadLetterAttributes.deferrals(message) + 1, policy.maxDeferrals(), copy,
        DeadLetterAttributes.originalMessageId(message), wait);
  }

  /** Waits {@code wait}, or less when the trigger stops; false when it stops. */
  private boolean pause(Duration wait) {
    long until = System.nanoTime() + wait.toNanos();
    try {
      for (long left = wait.toNanos(); left > 0 && !stopping.getAsBoolean(); left = until - System.nanoTime()) {
        Thread.sleep(Math.max(1, Math.min(STOP_CHECK.toMillis(), left / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return !stopping.getAsBoolean();
  }

  /**
   * Gives the message up: it goes to the dead-letter queue with {@code why} as its reason, and its
   * subject's flag says failed where the function left it short of that.
   */
  private void giveUp(SourceQueue queue, Message message, TriggerEvent event, int receives, int attempt,
      FlagError why) {
    deadLetter(queue, message, receives, Failures.text(why));
    invoker.giveUp(definition, event, attempt, why);
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

  /** Whole seconds, as SQS takes visibility timeouts: rounded up, at most 12 hours. */
  static int seconds(Duration wait) {
    long millis = Math.max(0, wait.toMillis());
    return (int) Math.min(MAX_VISIBILITY_SECONDS, (millis + 999) / 1000);
  }

  /** When the queue took the message in ({@code SentTimestamp}, epoch milliseconds), where it says. */
  static java.util.Optional<java.time.Instant> sentAt(Message message) {
    try {
      return java.util.Optional.ofNullable(message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP))
          .map(millis -> java.time.Instant.ofEpochMilli(Long.parseLong(millis)));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
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
