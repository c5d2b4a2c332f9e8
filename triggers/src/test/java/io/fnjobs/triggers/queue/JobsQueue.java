package io.fnjobs.triggers.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.localdev.Resources;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import io.fnjobs.localdev.sqs.EmbeddedSqs;
import io.fnjobs.localdev.sqs.SqsServerOptions;
import io.fnjobs.triggers.runtime.QueueClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The real embedded S3 and SQS servers on free loopback ports: a {@code state} bucket, and a queue
 * {@code jobs} whose redrive policy moves a message to {@code jobs-dlq} after 2 receives.
 */
final class JobsQueue implements AutoCloseable {

  private static final List<Resources.Queue> QUEUES = List.of(
      new Resources.Queue("jobs", Duration.ofSeconds(30), null, new Resources.DeadLetter("jobs-dlq", 2)),
      new Resources.Queue("jobs-dlq", null, Duration.ofDays(14), null));

  private final EmbeddedS3 s3Server;
  private final S3Client s3;
  private final EmbeddedSqs sqsServer;
  private final SqsClient sqs;
  private final SourceQueue jobs;

  JobsQueue(Path dataDir) {
    s3Server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(dataDir.resolve("s3")).build());
    s3Server.createBuckets(List.of("state"));
    s3 = StorageClients.s3(EndpointSettings.local(s3Server.uri(), "minioadmin", "minioadmin"));
    sqsServer = EmbeddedSqs.start(SqsServerOptions.builder().port(0).dataDir(dataDir.resolve("sqs")).queues(QUEUES)
        .build());
    sqs = QueueClients.sqs(EndpointSettings.local(sqsServer.uri(), "x", "x"));
    jobs = QueueEndpoints.resolve(sqs, "jobs");
  }

  S3Client s3() {
    return s3;
  }

  SqsClient sqs() {
    return sqs;
  }

  URI sqsUri() {
    return sqsServer.uri();
  }

  SourceQueue jobs() {
    return jobs;
  }

  /** Empties both queues: a test starts with none of another's messages. */
  void purge() {
    sqs.purgeQueue(r -> r.queueUrl(jobs.url()));
    sqs.purgeQueue(r -> r.queueUrl(jobs.deadLetter().url()));
  }

  /** Receives the next message of {@code jobs} as a trigger's consumers do, and holds it. */
  HeldMessages.Held receiveOne(HeldMessages held, QueueSource source) {
    List<Message> messages = new PriorityPoller(sqs, List.of(jobs), source, Duration.ofSeconds(1)).poll(0).messages();
    assertThat(messages).hasSize(1);
    return held.hold(jobs, messages.get(0));
  }

  @Override
  public void close() {
    sqs.close();
    sqsServer.close();
    s3.close();
    s3Server.close();
  }
}
