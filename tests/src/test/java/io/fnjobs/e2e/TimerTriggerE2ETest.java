package io.fnjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnjobs.common.idempotency.IdempotencyKeys;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.e2e.StackClients.Answer;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.localdev.StackOptions;
import io.fnjobs.triggers.TriggerLayerOptions;
import io.fnjobs.triggers.blob.BlobTriggerModule;
import io.fnjobs.triggers.runtime.TriggerService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Two trigger-layer instances on one store, the nightly cleanup's schedule set to every 2 seconds
 * through FNJOBS_CLEANUP_SCHEDULE: for 20 seconds of real time, every slot runs exactly once, and no
 * slot ever runs twice. The stack runs the first instance; the test starts the second against the same
 * store, queue and Fn API. Real time, since the function's runs take real time: on a machine so loaded
 * that a run outlasts its 2 seconds, the next slot is skipped by the overlap rule, with a record that
 * says so, which the test accepts.
 */
@MostlyWaits
class TimerTriggerE2ETest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final String TRIGGER = "nightly-cleanup";

  @TempDir static Path data;
  private static EmbeddedStack stack;
  private static TriggerService second;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("FNJOBS_CLEANUP_SCHEDULE", "*/2 * * * * *");
    environment.put("FNJOBS_SWEEP_INTERVAL", "PT1H");
    stack = EmbeddedStack.start(StackOptions.builder().repoDir(REPO).dataDir(data).allPorts(0)
        .notifications(false).environment(environment).build());
    second = TriggerService.start(TriggerLayerOptions.builder()
        .triggersDir(REPO.resolve("infra/triggers"))
        .fnApiUrl(stack.fnUri())
        .httpPort(0)
        .stopWait(Duration.ofSeconds(5))
        .s3(EndpointSettings.local(stack.s3Uri(), "minioadmin", "minioadmin"))
        .sqs(EndpointSettings.local(stack.sqsUri(), "minioadmin", "minioadmin"))
        .typeSetting(BlobTriggerModule.WEBHOOK_TOKEN, stack.options().webhookToken())
        .environment(environment)
        .build(), Clock.systemUTC());
    s3 = StackClients.s3(stack);
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void schedule_shouldRunEachSlotExactlyOnce_whenTwoInstancesShareTheStoreFor20Seconds() throws Exception {
    awaitHealthy(second);
    // the first run starts the function's JVM, which may outlast a 2-second slot
    awaitFirstRun();
    Instant from = Instant.now().plusSeconds(2);
    Thread.sleep(20_000);
    Instant to = Instant.now().minusSeconds(2);

    List<String> slots = evenSeconds(from, to);
    assertThat(slots).hasSizeGreaterThanOrEqualTo(8);
    Map<String, Long> invocations = invocationsPerKey();
    assertThat(invocations.values()).as("invocations per slot, all slots").allMatch(count -> count == 1);
    List<String> ran = new ArrayList<>();
    for (String slot : slots) {
      JsonNode record = ended(slot);
      String key = IdempotencyKeys.forFunction("fnjobs", "nightly-cleanup", "timer:" + TRIGGER + "@" + slot);
      long invoked = invocations.getOrDefault(key, 0L);
      if (record.path("state").asText().equals("skipped")) {
        // a run outlasted its 2 seconds (a loaded machine): the next slot is skipped by the rule, and recorded
        assertThat(record.path("detail").asText()).as("slot %s", slot).containsAnyOf("overlap: skip", "catchUp: once");
        assertThat(invoked).as("invocations of skipped slot %s", slot).isZero();
        continue;
      }
      assertThat(record.path("state").asText()).as("slot %s: %s", slot, record).isEqualTo("succeeded");
      assertThat(record.path("attempts").asInt()).as("slot %s", slot).isEqualTo(1);
      assertThat(invoked).as("invocations of slot %s", slot).isEqualTo(1L);
      assertThat(JSON.readTree(read(StateLayout.flag("cleanup", slot))).path("state").asText()).isEqualTo("succeeded");
      ran.add(slot);
    }
    assertThat(ran).as("slots that ran, of %s", slots).isNotEmpty();
  }

  private static void awaitHealthy(TriggerService service) throws InterruptedException {
    Instant giveUp = Instant.now().plusSeconds(30);
    while (!service.healthy()) {
      assertThat(Instant.now()).as("the second instance connects").isBefore(giveUp);
      Thread.sleep(50);
    }
  }

  private static void awaitFirstRun() throws InterruptedException {
    Instant giveUp = Instant.now().plusSeconds(60);
    String status = StateLayout.timer(TRIGGER, "status.json");
    while (true) {
      try {
        if (!JSON.readTree(read(status)).path("lastOutcome").isMissingNode()) {
          return;
        }
      } catch (NoSuchKeyException | java.io.IOException notYet) {
        // no run has ended yet
      }
      assertThat(Instant.now()).as("a first run ends").isBefore(giveUp);
      Thread.sleep(100);
    }
  }

  /** The slots of the 2-second schedule in [from, to]. */
  private static List<String> evenSeconds(Instant from, Instant to) {
    List<String> slots = new ArrayList<>();
    long first = from.getEpochSecond() + (from.getNano() > 0 ? 1 : 0);
    for (long second = first + first % 2; second <= to.getEpochSecond(); second += 2) {
      slots.add(Instant.ofEpochSecond(second).toString());
    }
    return slots;
  }

  /** The slot's record once its run has ended (or as it is after 30 seconds). */
  private static JsonNode ended(String slot) throws Exception {
    String key = StateLayout.timer(TRIGGER, "slots/" + slot + ".json");
    Instant giveUp = Instant.now().plusSeconds(30);
    JsonNode record = JSON.createObjectNode().put("state", "missing");
    while (Instant.now().isBefore(giveUp)) {
      try {
        record = JSON.readTree(read(key));
        if (!record.path("state").asText().equals("running")) {
          return record;
        }
      } catch (NoSuchKeyException notYet) {
        // the slot has no record (yet)
      }
      Thread.sleep(100);
    }
    return record;
  }

  /** How many invocations the run log holds per idempotency key, across both instances. */
  private static Map<String, Long> invocationsPerKey() {
    Answer runs = StackClients.get(stack.triggersUri().resolve("/runs?trigger=" + TRIGGER + "&limit=1000"));
    return StreamSupport.stream(runs.json().path("runs").spliterator(), false)
        .map(run -> run.path("idempotencyKey").asText())
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  private static String read(String key) {
    return s3.getObjectAsBytes(r -> r.bucket("state").key(key)).asUtf8String();
  }
}
