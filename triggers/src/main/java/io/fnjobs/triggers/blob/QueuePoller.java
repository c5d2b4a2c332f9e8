package io.fnjobs.triggers.blob;

import io.fnjobs.triggers.runtime.SourceStatus;
import io.fnjobs.triggers.tracing.InvocationTracer;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Long-polls the SQS queue S3 sends a bucket's event notifications to, and hands each change to the
 * trigger. A message is deleted once its changes are handed over; one that is not an S3 notification
 * is logged and deleted too (it would never be), and S3's test event is only acknowledged. A change
 * lost after that (the process dies before invoking) is caught by the sweep. Each receive reports to
 * the queue's {@link SourceStatus} whether the queue answered.
 */
final class QueuePoller implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);
  private static final Duration PAUSE_AFTER_ERROR = Duration.ofSeconds(2);

  private final String trigger;
  private final SqsClient sqs;
  private final String queueUrl;
  private final Sweeper.Dispatch dispatch;
  private final int waitSeconds;
  private final SourceStatus status;
  private volatile boolean stopped;

  QueuePoller(String trigger, SqsClient sqs, String queueUrl, Sweeper.Dispatch dispatch, Duration wait,
      SourceStatus status) {
    this.trigger = trigger;
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.dispatch = dispatch;
    this.waitSeconds = (int) Math.min(20, Math.max(0, wait.toSeconds()));
    this.status = status;
  }

  @Override
  public void run() {
    while (!stopped && !Thread.currentThread().isInterrupted()) {
      try {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
            .waitTimeSeconds(waitSeconds).messageAttributeNames(InvocationTracer.TRACEPARENT)).messages();
        status.succeeded();
        for (Message message : messages) {
          handle(message);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (stopped) {
          return;
        }
        status.failed(e);
        LOG.warn("trigger={} cannot receive from {}, retrying in {}: {}", trigger, queueUrl, PAUSE_AFTER_ERROR, e.toString());
        if (!pause()) {
          return;
        }
      }
    }
  }

  private void handle(Message message) throws InterruptedException {
    try {
      List<ObjectChange> changes = S3EventFormat.queueMessage(message.body());
      String traceparent = InvocationTracer.traceparent(message);
      for (ObjectChange change : changes) {
        dispatch.accept(change.tracedBy(traceparent));
      }
    } catch (InvalidEventException e) {
      LOG.error("trigger={} message {} of {} is not an S3 event notification, deleted: {}", trigger,
          message.messageId(), queueUrl, e.getMessage());
    }
    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
  }

  private boolean pause() {
    try {
      Thread.sleep(PAUSE_AFTER_ERROR.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  void stop() {
    stopped = true;
  }
}
