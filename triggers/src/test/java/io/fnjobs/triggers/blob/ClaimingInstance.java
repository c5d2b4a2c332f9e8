package io.fnjobs.triggers.blob;

import io.fnjobs.common.event.BlobEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.triggers.control.PauseSwitch;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FnClient;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.fn.InvokeResult;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runtime.Invoker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A trigger-layer instance in a process of its own, for {@link ResumeAfterKillTest} to kill: a blob
 * trigger on {@code uploads/images/} whose first sweep claims every upload, and a function that never
 * answers, but fails at once for a key with {@code fails} in it, whose retry waits ten minutes. So
 * every upload is claimed and none finished when the process is killed.
 *
 * <p>Arguments: the S3 endpoint, the instance's name, the trigger's name.
 */
final class ClaimingInstance {

  static final Duration FUNCTION_TIMEOUT = Duration.ofMinutes(2);
  static final Duration RETRY_WAIT = Duration.ofMinutes(10);

  private ClaimingInstance() {}

  public static void main(String[] args) throws Exception {
    S3Client s3 = StorageClients.s3(EndpointSettings.local(URI.create(args[0]), "minioadmin", "minioadmin"));
    BlobListener listener = listener(s3, new StuckFn(), args[1], args[2], Duration.ofMinutes(1));
    listener.start();
    Thread.sleep(Long.MAX_VALUE);
  }

  /** The trigger of either instance: {@code sweep} zero for none. */
  static BlobListener listener(S3Client s3, FnClient fn, String instance, String trigger, Duration sweep) {
    Clock clock = Clock.systemUTC();
    TriggerDefinition definition = new TriggerDefinition(Path.of(trigger + ".yaml"), trigger, "", "fnjobs", "thumbnail",
        new BlobSource(StateStore.UPLOADS, "images/", List.of(), Set.of(Change.created, Change.removed), sweep, null, 3),
        List.of(), new DeliveryOptions(5, RETRY_WAIT, RETRY_WAIT, 2.0));
    Invoker invoker = new Invoker(fn, new ObjectStoreRunLog(s3, StateStore.STATE, clock),
        new ObjectStoreStatusFlags(new S3ConditionalStore(s3, StateStore.STATE), clock), clock);
    return new BlobListener(definition, fn.resolve("fnjobs", "thumbnail"), s3, null, invoker,
        new ObjectStoreReceipts(s3, StateStore.STATE, clock), new ObjectStoreDeadLetters(s3, StateStore.STATE), clock,
        instance, PauseSwitch.NEVER);
  }

  /** The function of the instance to be killed: stuck, or failing at once. */
  private static final class StuckFn implements FnClient {

    @Override
    public FunctionRef resolve(String app, String function) {
      return new FunctionRef(app, "app-id", function, "fn-id", FUNCTION_TIMEOUT);
    }

    @Override
    public InvokeResult invoke(FunctionRef function, byte[] body, String contentType, Duration timeout) {
      TriggerEvent event = Json.read(body, TriggerEvent.class, "the invocation body");
      if (((BlobEvent) event).blob().key().contains("fails")) {
        return new InvokeResult(502, "call-fails", "{\"message\":\"boom\"}".getBytes(StandardCharsets.UTF_8),
            "application/json");
      }
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("interrupted");
    }
  }
}
