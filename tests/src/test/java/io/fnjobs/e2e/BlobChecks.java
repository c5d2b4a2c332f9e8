package io.fnjobs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.idempotency.IdempotencyKeys;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.localdev.StackOptions;
import io.fnjobs.triggers.TriggerLayerOptions;
import io.fnjobs.triggers.blob.BlobTriggerModule;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runtime.TriggerService;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * An embedded stack for the blob trigger e2e tests and what they look at, as an application would:
 * objects in the buckets, the status flags and run records in the state bucket, and the trigger layer's
 * admin endpoint. Closing it stops the stack.
 */
final class BlobChecks implements AutoCloseable {

  static final String TRIGGER = "thumbnail-on-upload";

  private final EmbeddedStack stack;
  private final S3Client s3;
  private final ObjectStoreStatusFlags flags;
  private final ObjectStoreRunLog runs;

  private BlobChecks(EmbeddedStack stack, S3Client s3) {
    this.stack = stack;
    this.s3 = s3;
    this.flags = new ObjectStoreStatusFlags(new S3ConditionalStore(s3, "state"), Clock.systemUTC());
    this.runs = new ObjectStoreRunLog(s3, "state", Clock.systemUTC());
  }

  /** Starts a stack on free ports with the checkout's functions and definitions, data in {@code data}. */
  static BlobChecks start(Path data, UnaryOperator<StackOptions.Builder> options) {
    EmbeddedStack stack = EmbeddedStack.start(
        options.apply(StackOptions.builder().repoDir(Path.of("..")).dataDir(data).allPorts(0)).build());
    return new BlobChecks(stack, StackClients.s3(stack));
  }

  EmbeddedStack stack() {
    return stack;
  }

  S3Client s3() {
    return s3;
  }

  @Override
  public void close() {
    s3.close();
    stack.close();
  }

  /** Puts an object into the uploads bucket; answers its ETag without quotes. */
  String upload(String key, byte[] bytes) {
    String etag = s3.putObject(r -> r.bucket("uploads").key(key), RequestBody.fromBytes(bytes)).eTag();
    return etag.replace("\"", "");
  }

  /** The flag of {@code key} once terminal, waiting up to {@code timeout}. */
  Optional<StatusFlag> awaitFlag(String key, Duration timeout) {
    return flags.awaitTerminal("thumbnail", key, timeout);
  }

  Optional<StatusFlag> flag(String key) {
    return flags.get("thumbnail", key);
  }

  boolean exists(String bucket, String key) {
    try {
      s3.headObject(r -> r.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  BufferedImage image(String bucket, String key) {
    try {
      return ImageIO.read(s3.getObject(r -> r.bucket(bucket).key(key)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The run records of one event's idempotency key, of every trigger-layer instance; the runs carry it
   * in the thumbnail function's namespace.
   */
  List<RunRecord> runs(String idempotencyKey) {
    String key = IdempotencyKeys.forFunction("fnjobs", "thumbnail", idempotencyKey);
    return runs.recent(TRIGGER, 1000).stream().filter(run -> key.equals(run.idempotencyKey())).toList();
  }

  /** The run records of one idempotency key once there is one, waiting up to {@code timeout}. */
  List<RunRecord> awaitRuns(String idempotencyKey, Duration timeout) {
    await(timeout, () -> !runs(idempotencyKey).isEmpty());
    return runs(idempotencyKey);
  }

  /**
   * Makes both hot containers of the thumbnail function (the host runs two) and lets them decode a
   * JPEG once: a cold container takes seconds to load the SDK and the codecs, which latency targets
   * leave out.
   */
  void warmUp() {
    byte[] bytes = io.fnjobs.fntesting.images.SampleImages.jpeg(
        io.fnjobs.fntesting.images.SampleImages.photo(2000, 1500, 0), 0.9f);
    upload("images/warm-up/first.jpg", bytes);
    upload("images/warm-up/second.jpg", bytes);
    if (awaitFlag("images/warm-up/first.jpg", Duration.ofSeconds(60)).isEmpty()
        || awaitFlag("images/warm-up/second.jpg", Duration.ofSeconds(60)).isEmpty()) {
      throw new IllegalStateException("the thumbnail function did not warm up within a minute");
    }
  }

  /** The thumbnail trigger as {@code GET /triggers} of an instance describes it. */
  static JsonNode trigger(URI admin) {
    return trigger(admin, TRIGGER);
  }

  /** A trigger as {@code GET /triggers} of an instance describes it. */
  static JsonNode trigger(URI admin, String name) {
    JsonNode triggers = StackClients.get(admin.resolve("/triggers")).json().path("triggers");
    return StreamSupport.stream(triggers.spliterator(), false)
        .filter(trigger -> trigger.path("name").asText().equals(name)).findFirst().orElseThrow();
  }

  /**
   * Another trigger-layer instance beside the stack's, on the same store, Fn host and queue, reading the
   * definitions in {@code triggersDir} with {@code environment} over the process's.
   */
  TriggerService anotherInstance(Path triggersDir, Map<String, String> environment) {
    Map<String, String> merged = new HashMap<>(System.getenv());
    merged.putAll(environment);
    TriggerService service = TriggerService.start(TriggerLayerOptions.builder()
        .triggersDir(triggersDir)
        .fnApiUrl(stack.fnUri())
        .httpPort(0)
        .stopWait(Duration.ofSeconds(5))
        .s3(EndpointSettings.local(stack.s3Uri(), "minioadmin", "minioadmin"))
        .sqs(EndpointSettings.local(stack.sqsUri(), "minioadmin", "minioadmin"))
        .typeSetting(BlobTriggerModule.WEBHOOK_TOKEN, stack.options().webhookToken())
        .environment(merged)
        .build(), Clock.systemUTC());
    await(Duration.ofSeconds(30), service::healthy);
    return service;
  }

  /** An event fixture (src/test/resources/events) by its file name. */
  static String fixture(String name) {
    try (java.io.InputStream in = BlobChecks.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no event fixture " + name);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a condition, polling every 50 ms. */
  static boolean await(Duration timeout, BooleanSupplier condition) {
    Instant giveUp = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(giveUp)) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
