package io.fnjobs.localdev.sqs;

import io.fnjobs.localdev.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How to run the embedded SQS server; {@link #builder()} starts from the embedded stack's defaults.
 *
 * @param host the address to listen on; {@code 127.0.0.1} by default
 * @param port the port to listen on; 9324 (ElasticMQ's) by default, 0 for a free one
 * @param dataDir where queues and messages are kept across restarts (an H2 database file)
 * @param queues the queues to create, e.g. those of {@code infra/resources.yaml}; none by default
 * @param readyWait how long starting waits for every queue to exist; 30 s by default
 */
public record SqsServerOptions(
    String host, int port, Path dataDir, List<Resources.Queue> queues, Duration readyWait) {

  public SqsServerOptions {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 to 65535 (0 picks a free one), was " + port);
    }
    Objects.requireNonNull(dataDir, "dataDir");
    queues = List.copyOf(Objects.requireNonNull(queues, "queues"));
    Objects.requireNonNull(readyWait, "readyWait");
    checkDeadLetterQueuesDeclared(queues);
  }

  private static void checkDeadLetterQueuesDeclared(List<Resources.Queue> queues) {
    Set<String> names = queues.stream().map(Resources.Queue::name).collect(Collectors.toSet());
    for (Resources.Queue queue : queues) {
      if (queue.deadLetter() != null && !names.contains(queue.deadLetter().queue())) {
        throw new IllegalArgumentException("queue " + queue.name() + " dead-letters to "
            + queue.deadLetter().queue() + ", which is not among the queues to create");
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with ElasticMQ's defaults on loopback; only the data folder must be set. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 9324;
    private Path dataDir;
    private List<Resources.Queue> queues = List.of();
    private Duration readyWait = Duration.ofSeconds(30);

    private Builder() {}

    public Builder host(String value) {
      this.host = value;
      return this;
    }

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder dataDir(Path value) {
      this.dataDir = value;
      return this;
    }

    public Builder queues(List<Resources.Queue> value) {
      this.queues = value;
      return this;
    }

    public Builder readyWait(Duration value) {
      this.readyWait = value;
      return this;
    }

    public SqsServerOptions build() {
      return new SqsServerOptions(host, port, dataDir, queues, readyWait);
    }
  }
}
