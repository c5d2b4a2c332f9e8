package io.fnjobs.localdev;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The buckets and queues {@code infra/resources.yaml} declares, which the embedded stack creates. */
public record Resources(List<Bucket> buckets, List<Queue> queues, List<Notification> notifications) {

  public Resources {
    buckets = List.copyOf(Objects.requireNonNull(buckets, "buckets"));
    queues = List.copyOf(Objects.requireNonNull(queues, "queues"));
    notifications = notifications == null ? List.of() : List.copyOf(notifications);
  }

  /**
   * The objects whose changes the store reports (MinIO's bucket notification, S3's event
   * notification): a bucket and a key prefix.
   */
  public record Notification(@JsonProperty("bucket") String bucket, @JsonProperty("prefix") String prefix) {
    @JsonCreator
    public Notification {
      Objects.requireNonNull(bucket, "bucket");
      prefix = prefix == null ? "" : prefix;
    }

    public boolean covers(String bucketName, String key) {
      return bucket.equals(bucketName) && key.startsWith(prefix);
    }
  }

  /** A bucket to create. */
  public record Bucket(@JsonProperty("name") String name) {
    @JsonCreator
    public Bucket {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * A queue to create, with its visibility timeout, retention and optional dead-letter queue. A name
   * ending in {@code .fifo} declares a FIFO queue, as on SQS: its messages carry a group id, each
   * group's are handed out in order, one at a time, and a send is deduplicated within five minutes by
   * its deduplication id, or by its body's hash with {@code contentBasedDeduplication}.
   */
  public record Queue(
      @JsonProperty("name") String name,
      @JsonProperty("visibilityTimeout") Duration visibilityTimeout,
      @JsonProperty("retention") Duration retention,
      @JsonProperty("deadLetter") DeadLetter deadLetter,
      @JsonProperty("contentBasedDeduplication") boolean contentBasedDeduplication) {
    @JsonCreator
    public Queue {
      Objects.requireNonNull(name, "name");
      visibilityTimeout = visibilityTimeout == null ? Duration.ofSeconds(30) : visibilityTimeout;
      retention = retention == null ? Duration.ofDays(4) : retention;
      if (contentBasedDeduplication && !isFifo(name)) {
        throw new IllegalArgumentException("contentBasedDeduplication is for FIFO queues only (names ending in "
            + FIFO_SUFFIX + "), not " + name);
      }
    }

    /** A standard queue, or a FIFO queue deduplicated by deduplication id only. */
    public Queue(String name, Duration visibilityTimeout, Duration retention, DeadLetter deadLetter) {
      this(name, visibilityTimeout, retention, deadLetter, false);
    }

    /** Whether this is a FIFO queue: its name ends in {@code .fifo}. */
    public boolean fifo() {
      return isFifo(name);
    }
  }

  /** The suffix of a FIFO queue's name, on SQS and here. */
  public static final String FIFO_SUFFIX = ".fifo";

  static boolean isFifo(String queueName) {
    return queueName.endsWith(FIFO_SUFFIX);
  }

  /** Where a queue's messages go after {@code maxReceiveCount} receives. */
  public record DeadLetter(
      @JsonProperty("queue") String queue, @JsonProperty("maxReceiveCount") int maxReceiveCount) {
    @JsonCreator
    public DeadLetter {
      Objects.requireNonNull(queue, "queue");
      if (maxReceiveCount < 1) {
        throw new IllegalArgumentException("maxReceiveCount must be 1 or more, was " + maxReceiveCount);
      }
    }
  }

  /** Reads the file strictly; an unknown field or a bad value names the file and the field. */
  public static Resources read(Path file) {
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try {
      Resources resources = yaml.readValue(file.toFile(), Resources.class);
      resources.checkDeadLetterQueuesExist(file);
      return resources;
    } catch (JsonMappingException e) {
      String field =
          e.getPath().stream()
              .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
              .collect(Collectors.joining(".")).replace(".[", "[");
      throw new IllegalArgumentException(file + ": field '" + field + "': " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private void checkDeadLetterQueuesExist(Path file) {
    for (Queue queue : queues) {
      if (queue.deadLetter() != null
          && queues.stream().noneMatch(other -> other.name().equals(queue.deadLetter().queue()))) {
        throw new IllegalArgumentException(file + ": queue " + queue.name() + " dead-letters to "
            + queue.deadLetter().queue() + ", which the file does not declare");
      }
      if (queue.deadLetter() != null && queue.fifo() != isFifo(queue.deadLetter().queue())) {
        throw new IllegalArgumentException(file + ": queue " + queue.name() + " dead-letters to "
            + queue.deadLetter().queue() + ": a FIFO queue's dead-letter queue must be FIFO too, and a standard"
            + " queue's standard (SQS refuses the mix); names of FIFO queues end in " + FIFO_SUFFIX);
      }
    }
  }
}
