package io.fnjobs.localdev.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each {@link StoreEvent} to a webhook the way MinIO's webhook target does: one HTTP POST per
 * event, MinIO's JSON body ({@link MinioEventFormat}), {@code Authorization: Bearer <token>}. The trigger
 * layer's MinIO receiver thus reads the embedded store and a real MinIO alike.
 *
 * <p>{@link #accept} only queues the event, so an S3 request never waits for the webhook. One thread
 * sends the queue in order, so the events of a key arrive in the order of the changes. A failed send
 * (no answer, 5xx, 408, 429) is retried with doubling waits up to {@code maxAttempts}; a 4xx answer is
 * final. An event that cannot be queued (the queue is full) or delivered is dropped with a warning: the
 * blob trigger's reconcile sweep finds the change later, as it would behind a MinIO without a queue
 * folder.
 */
public final class MinioWebhookSender implements StoreEventSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MinioWebhookSender.class);

  private final URI target;
  private final String authorization;
  private final MinioEventFormat format;
  private final BlockingQueue<StoreEvent> queue;
  private final int maxAttempts;
  private final Duration firstRetryWait;
  private final Duration maxRetryWait;
  private final Duration closeWait;
  private final HttpClient http;
  private final Thread worker;
  private volatile boolean closing;

  /** A sender with the defaults of {@link Builder}. */
  public MinioWebhookSender(URI target, String authToken) {
    this(builder(target, authToken));
  }

  private MinioWebhookSender(Builder builder) {
    this.target = builder.target;
    this.authorization = authorization(builder.authToken);
    this.format = new MinioEventFormat(new ObjectMapper(), builder.region, builder.principalId, builder.originEndpoint);
    this.queue = new ArrayBlockingQueue<>(builder.queueCapacity);
    this.maxAttempts = builder.maxAttempts;
    this.firstRetryWait = builder.firstRetryWait;
    this.maxRetryWait = builder.maxRetryWait;
    this.closeWait = builder.closeWait;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    this.worker = new Thread(this::sendQueued, "minio-webhook-sender");
    // a receiver that never answers must not keep the JVM alive
    worker.setDaemon(true);
    worker.start();
  }

  /** MinIO's rule: a token of two words ({@code Basic abc}) is sent as it is, one word as a bearer token. */
  private static String authorization(String token) {
    String trimmed = token.trim();
    if (trimmed.isEmpty()) {
      return "";
    }
    return trimmed.split("\\s+").length == 2 ? trimmed : "Bearer " + trimmed;
  }

  public static Builder builder(URI target, String authToken) {
    return new Builder(target, authToken);
  }

  /** Queues the event and returns at once; drops it with a warning when the queue is full or closed. */
  @Override
  public void accept(StoreEvent event) {
    if (closing) {
      LOG.warn("webhook sender is closed: {} of {}/{} not sent", event.eventName(), event.bucket(), event.key());
    } else if (!queue.offer(event)) {
      LOG.warn("webhook queue full ({} events waiting for {}): {} of {}/{} dropped; the reconcile sweep will "
              + "find it; is the receiver up?", queue.size(), target, event.eventName(), event.bucket(), event.key());
    }
  }

  private void sendQueued() {
    try {
      while (!closing || !queue.isEmpty()) {
        StoreEvent event = queue.poll(100, TimeUnit.MILLISECONDS);
        if (event != null) {
          deliver(event);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!queue.isEmpty()) {
      LOG.warn("webhook sender stopped with {} events not sent to {}", queue.size(), target);
    }
  }

  private void deliver(StoreEvent event) throws InterruptedException {
    String body = format.body(event);
    Duration wait = firstRetryWait;
    for (int attempt = 1; ; attempt++) {
      Attempt outcome = send(body);
      if (outcome.delivered()) {
        LOG.debug("sent {} of {}/{} (sequencer {})", event.eventName(), event.bucket(), event.key(), event.sequencer());
        return;
      }
      if (!outcome.retryable() || attempt >= maxAttempts) {
        LOG.warn("{} of {}/{} (sequencer {}) not delivered to {} after {} attempts: {}", event.eventName(),
            event.bucket(), event.key(), event.sequencer(), target, attempt, outcome.problem());
        return;
      }
      LOG.debug("sending {} of {}/{} to {} failed ({}), attempt {} of {}; next in {}", event.eventName(),
          event.bucket(), event.key(), target, outcome.problem(), attempt, maxAttempts, wait);
      Thread.sleep(wait.toMillis());
      Duration doubled = wait.multipliedBy(2);
      wait = doubled.compareTo(maxRetryWait) > 0 ? maxRetryWait : doubled;
    }
  }

  private Attempt send(String body) throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (!authorization.isEmpty()) {
      request.header("Authorization", authorization);
    }
    try {
      int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status >= 200 && status < 300) {
        return Attempt.DELIVERED;
      }
      // the receiver refused this event: sending it again would be refused again
      boolean retryable = status >= 500 || status == 408 || status == 429;
      return new Attempt(false, retryable, "HTTP " + status);
    } catch (IOException e) {
      return new Attempt(false, true, e.toString());
    }
  }

  /** How one POST went. */
  private record Attempt(boolean delivered, boolean retryable, String problem) {
    static final Attempt DELIVERED = new Attempt(true, false, "");
  }

  /**
   * Stops taking events and sends what is queued for up to {@code closeWait}; what is left after that
   * is dropped with a warning.
   */
  @Override
  public void close() {
    closing = true;
    try {
      worker.join(closeWait.toMillis());
      if (worker.isAlive()) {
        worker.interrupt();
        worker.join(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sender settings; the defaults suit the embedded stack. */
  public static final class Builder {
    private final URI target;
    private final String authToken;
    private String region = "us-east-1";
    private String principalId = "minioadmin";
    private String originEndpoint = "";
    private int queueCapacity = 10_000;
    private int maxAttempts = 10;
    private Duration firstRetryWait = Duration.ofMillis(100);
    private Duration maxRetryWait = Duration.ofSeconds(5);
    private Duration closeWait = Duration.ofSeconds(2);

    private Builder(URI target, String authToken) {
      this.target = Objects.requireNonNull(target, "target");
      this.authToken = Objects.requireNonNull(authToken, "authToken");
    }

    /** The records' {@code awsRegion}; {@code us-east-1} by default. */
    public Builder region(String value) {
      this.region = Objects.requireNonNull(value, "region");
      return this;
    }

    /** The records' {@code principalId}: the S3 access key; {@code minioadmin} by default. */
    public Builder principalId(String value) {
      this.principalId = Objects.requireNonNull(value, "principalId");
      return this;
    }

    /** The S3 endpoint, reported as {@code x-minio-origin-endpoint}; left out by default. */
    public Builder originEndpoint(String value) {
      this.originEndpoint = Objects.requireNonNull(value, "originEndpoint");
      return this;
    }

    /** How many events may wait to be sent; 10,000 by default. */
    public Builder queueCapacity(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("queueCapacity must be 1 or more, was " + value);
      }
      this.queueCapacity = value;
      return this;
    }

    /** How often one event is tried; 10 by default, about 20 s of retrying with the default waits. */
    public Builder maxAttempts(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxAttempts must be 1 or more, was " + value);
      }
      this.maxAttempts = value;
      return this;
    }

    /** The wait after the first failed attempt, doubled after each further one up to {@code max}. */
    public Builder retryWaits(Duration first, Duration max) {
      if (first.isNegative() || max.compareTo(first) < 0) {
        throw new IllegalArgumentException("retry waits must satisfy 0 <= first <= max, were " + first + ", " + max);
      }
      this.firstRetryWait = first;
      this.maxRetryWait = max;
      return this;
    }

    /** How long closing may take to send what is queued; 2 s by default. */
    public Builder closeWait(Duration value) {
      this.closeWait = Objects.requireNonNull(value, "closeWait");
      return this;
    }

    public MinioWebhookSender build() {
      return new MinioWebhookSender(this);
    }
  }
}
