package io.fnjobs.bench;

import io.fnjobs.common.event.QueueEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.QueueMessage;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.idempotency.Idempotent;
import io.fnjobs.common.idempotency.ObjectStoreIdempotencyStore;
import io.fnjobs.common.job.JobRunner;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What exactly-once costs per invocation on the embedded store: the idempotency wrapper and the job
 * runner (wrapper plus status flags) around work that does nothing, against one plain PUT of the same
 * small object as the reference round trip. Counts the store requests of each path.
 *
 * <p>{@code java ... IdempotencyBench [warm-up] [calls]}
 */
public final class IdempotencyBench {

  private static final byte[] SMALL = "{\"state\":\"succeeded\"}".getBytes(StandardCharsets.UTF_8);

  private final AtomicLong requests = new AtomicLong();
  private final int warmup;
  private final int calls;

  private IdempotencyBench(int warmup, int calls) {
    this.warmup = warmup;
    this.calls = calls;
  }

  public static void main(String[] args) throws Exception {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    new IdempotencyBench(warmup, calls).run();
  }

  private void run() throws Exception {
    Path data = Files.createTempDirectory("fnjobs-idempotency-bench");
    try (EmbeddedS3 server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(data).build())) {
      server.createBuckets(List.of("state"));
      try (S3Client s3 = counting(server)) {
        report(s3);
      }
    }
  }

  private S3Client counting(EmbeddedS3 server) {
    ExecutionInterceptor counter = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        requests.incrementAndGet();
      }
    };
    return StorageClients.s3(EndpointSettings.local(server.uri(), "minioadmin", "minioadmin"), List.of(counter));
  }

  private void report(S3Client s3) throws Exception {
    Clock clock = Clock.systemUTC();
    S3ConditionalStore store = new S3ConditionalStore(s3, "state");
    Idempotent idempotent = new Idempotent(new ObjectStoreIdempotencyStore(store, clock, Duration.ofDays(1)));
    JobRunner runner = new JobRunner(new ObjectStoreStatusFlags(store, clock), idempotent, clock);
    AtomicInteger sequence = new AtomicInteger();

    System.out.printf("exactly-once cost per invocation on the embedded S3 store: %d measured after %d warm-up, one caller%n",
        calls, warmup);
    System.out.printf("java %s, %d cores%n%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    System.out.printf("%-58s %9s %9s %9s %9s%n", "path", "requests", "p50 ms", "p99 ms", "mean ms");
    row("one plain PUT (reference round trip)", () ->
        s3.putObject(r -> r.bucket("state").key("bench/plain"), RequestBody.fromBytes(SMALL)));
    row("idempotent run, new key (begin + complete)", () -> {
      String key = "bench:new:" + sequence.incrementAndGet();
      idempotent.run(key, key, clock.instant().plusSeconds(60), String.class, () -> "done");
    });
    String duplicate = "bench:duplicate";
    idempotent.run(duplicate, duplicate, clock.instant().plusSeconds(60), String.class, () -> "done");
    row("idempotent run, duplicate key (answered from store)", () ->
        idempotent.run(duplicate, duplicate, clock.instant().plusSeconds(60), String.class, () -> "never"));
    row("job runner, new key (flag read, wrapper, settled flag)", () -> {
      int n = sequence.incrementAndGet();
      QueueEvent event = TriggerEvent.ofMessage("bench", "m" + n, "bench:job:" + n,
          new QueueMessage("orders", "m" + n, "{}", 1)).forAttempt(1, clock.instant().plusSeconds(60));
      runner.run("bench", "order-" + n, event, event.message(), () -> "done");
    });
  }

  private void row(String label, Latencies.Call call) throws Exception {
    long before = requests.get();
    Latencies latencies = Latencies.measure(warmup, calls, call);
    double perCall = (requests.get() - before) / (double) (warmup + calls);
    System.out.printf("%-58s %9.1f %9.3f %9.3f %9.3f%n", label, perCall,
        latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.meanMillis());
  }
}
