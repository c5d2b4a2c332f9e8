package io.fnjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.e2e.StackClients.Answer;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.localdev.StackOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The embedded stack as a new user meets it: every endpoint answers, over loopback. */
class EmbeddedStackTest {

  @TempDir static Path data;

  private static EmbeddedStack stack;

  @BeforeAll
  static void start() {
    stack = EmbeddedStack.start(
        StackOptions.builder().repoDir(Path.of("..")).dataDir(data).allPorts(0).build());
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void printEndpoints_shouldEndWithReady_afterOneLinePerEndpoint() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    stack.printEndpoints(new PrintStream(out, true, StandardCharsets.UTF_8));

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(6).last().isEqualTo("ready");
    assertThat(lines.get(0)).startsWith("s3").contains(stack.s3Uri().toString());
    assertThat(lines.get(3)).startsWith("fn").contains(stack.fnUri().toString());
    assertThat(lines.get(4)).startsWith("triggers").contains(stack.triggersUri().toString());
  }

  @Test
  void s3_shouldListTheFourBuckets() {
    try (S3Client s3 = StackClients.s3(stack)) {
      assertThat(s3.listBuckets().buckets()).extracting(Bucket::name)
          .containsExactlyInAnyOrder("uploads", "thumbnails", "orders", "state");
    }
  }

  @Test
  void sqs_shouldListTheQueues_withTheRedrivePolicy() {
    try (SqsClient sqs = StackClients.sqs(stack)) {
      List<String> urls = sqs.listQueues().queueUrls();
      assertThat(urls).anyMatch(url -> url.endsWith("/orders")).anyMatch(url -> url.endsWith("/orders-dlq"));
      String orders = sqs.getQueueUrl(r -> r.queueName("orders")).queueUrl();
      String redrive = sqs.getQueueAttributes(r -> r.queueUrl(orders)
          .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes().get(QueueAttributeName.REDRIVE_POLICY);
      assertThat(redrive).contains("orders-dlq").contains("5");
    }
  }

  @Test
  void fnApi_shouldListTheThreeFunctions_ofTheFnjobsApp() {
    Answer apps = StackClients.get(stack.fnUri().resolve("/v2/apps"));
    assertThat(apps.status()).isEqualTo(200);
    JsonNode app = apps.json().path("items").get(0);
    assertThat(app.path("name").asText()).isEqualTo("fnjobs");

    Answer fns = StackClients.get(stack.fnUri().resolve("/v2/fns?app_id=" + app.path("id").asText()));

    assertThat(fns.status()).isEqualTo(200);
    assertThat(names(fns.json())).containsExactlyInAnyOrder("thumbnail", "order-processor", "nightly-cleanup");
  }

  @Test
  void invoke_shouldReachEachFunction_withAnEventOfItsKind() {
    JsonNode fns = functions();
    assertThat(fns.path("items")).hasSize(3);
    for (JsonNode fn : fns.path("items")) {
      String event = Events.forFunction(fn.path("name").asText());

      Answer answer = StackClients.post(stack.fnUri().resolve("/invoke/" + fn.path("id").asText()), event);

      assertThat(answer.status()).as(fn.path("name").asText() + ": " + answer.text()).isEqualTo(200);
      assertThat(answer.raw().headers().firstValue("Fn-Call-Id")).isPresent();
      String expected = EXPECTED_REPLIES.getOrDefault(fn.path("name").asText(), fn.path("name").asText() + " accepted");
      assertThat(answer.json().path("job").asText() + " " + answer.json().path("state").asText()).isEqualTo(expected);
    }
  }

  /** Job and state of each function's reply to its fixture, where the function does more than accept it. */
  private static final java.util.Map<String, String> EXPECTED_REPLIES =
      java.util.Map.of("order-processor", "orders succeeded");

  @Test
  void invoke_shouldAnswer502_whenTheFunctionGetsTheWrongKindOfEvent() {
    JsonNode fns = functions();
    JsonNode thumbnail = StreamSupport.stream(fns.path("items").spliterator(), false)
        .filter(fn -> fn.path("name").asText().equals("thumbnail")).findFirst().orElseThrow();

    Answer answer = StackClients.post(stack.fnUri().resolve("/invoke/" + thumbnail.path("id").asText()),
        Events.forFunction("nightly-cleanup"));

    assertThat(answer.status()).isEqualTo(502);
    assertThat(answer.raw().headers().firstValue("Fn-Call-Id")).isPresent();
  }

  @Test
  void health_shouldAnswer200_onceEverySourceIsConnected() {
    Answer health = StackClients.get(stack.triggersUri().resolve("/health"));

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("status").asText()).isEqualTo("up");
  }

  @Test
  void triggers_shouldListTheThreeTriggers_withTheCleanupNextAt0200Utc() {
    Answer triggers = StackClients.get(stack.triggersUri().resolve("/triggers"));

    assertThat(triggers.status()).isEqualTo(200);
    assertThat(names(triggers.json().path("triggers")))
        .containsExactlyInAnyOrder("thumbnail-on-upload", "orders-from-queue", "nightly-cleanup");
    JsonNode cleanup = StreamSupport.stream(triggers.json().path("triggers").spliterator(), false)
        .filter(t -> t.path("name").asText().equals("nightly-cleanup")).findFirst().orElseThrow();
    assertThat(cleanup.path("type").asText()).isEqualTo("timer");
    assertThat(cleanup.path("function").asText()).isEqualTo("nightly-cleanup");
    assertThat(cleanup.path("state").asText()).isEqualTo("connected");
    Instant next = Instant.parse(cleanup.path("nextFireTime").asText());
    assertThat(next.atZone(ZoneOffset.UTC).getHour()).isEqualTo(2);
    assertThat(next.atZone(ZoneOffset.UTC).getMinute()).isZero();
    assertThat(next).isAfter(Instant.now()).isBefore(Instant.now().plusSeconds(86_400 + 60));
  }

  private static JsonNode functions() {
    String appId = StackClients.get(stack.fnUri().resolve("/v2/apps?name=fnjobs")).json().path("items").get(0).path("id").asText();
    return StackClients.get(stack.fnUri().resolve("/v2/fns?app_id=" + appId)).json();
  }

  private static List<String> names(JsonNode list) {
    JsonNode items = list.has("items") ? list.path("items") : list;
    List<String> names = new ArrayList<>();
    items.forEach(item -> names.add(item.path("name").asText()));
    return names;
  }
}
