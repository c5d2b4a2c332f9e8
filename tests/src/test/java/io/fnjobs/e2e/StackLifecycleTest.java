package io.fnjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.e2e.StackClients.Answer;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.localdev.StackOptions;
import io.fnjobs.triggers.definition.InvalidTriggerDefinitionException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Start-up refusal, clean stop and restart on the same data. */
class StackLifecycleTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path temp;

  @Test
  void start_shouldRefuseAndOpenNoPort_whenATriggerFileHasAnUnknownField() throws IOException {
    Path repo = copyOfRepoWithTrigger("bad.yaml", """
        name: bad
        type: queue
        app: fnjobs
        function: order-processor
        retries: 3
        source:
          queues: [orders]
        """);
    StackOptions options = fixedFreePorts(StackOptions.builder().repoDir(repo).dataDir(temp.resolve("data")));

    assertThatThrownBy(() -> EmbeddedStack.start(options))
        .isInstanceOf(InvalidTriggerDefinitionException.class)
        .hasMessageContaining(repo.resolve("infra/triggers/bad.yaml").toString())
        .hasMessageContaining("field 'retries'");
    assertThat(ports(options)).allMatch(StackClients::isFree);
    assertThat(temp.resolve("data")).doesNotExist();
  }

  @Test
  void close_shouldFreeEveryPort_andRestartShouldKeepTheData() {
    StackOptions options = fixedFreePorts(StackOptions.builder().repoDir(REPO).dataDir(temp.resolve("data")));
    try (EmbeddedStack stack = EmbeddedStack.start(options);
        S3Client s3 = StackClients.s3(stack);
        SqsClient sqs = StackClients.sqs(stack)) {
      s3.putObject(r -> r.bucket("orders").key("kept/across restart.json"), RequestBody.fromString("{\"kept\":true}"));
      String queue = sqs.getQueueUrl(r -> r.queueName("orders-dlq")).queueUrl();
      sqs.sendMessage(r -> r.queueUrl(queue).messageBody("still here"));
      Answer configured = StackClients.put(cleanupFnUri(stack), "{\"config\":{\"CLEANUP_DRY_RUN\":\"true\"}}");
      assertThat(configured.status()).as(configured.text()).isEqualTo(200);
    }

    assertThat(ports(options)).allMatch(StackClients::isFree);

    try (EmbeddedStack stack = EmbeddedStack.start(options);
        S3Client s3 = StackClients.s3(stack);
        SqsClient sqs = StackClients.sqs(stack)) {
      assertThat(s3.getObjectAsBytes(r -> r.bucket("orders").key("kept/across restart.json")).asUtf8String())
          .isEqualTo("{\"kept\":true}");
      String queue = sqs.getQueueUrl(r -> r.queueName("orders-dlq")).queueUrl();
      List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(5)).messages();
      assertThat(messages).extracting(Message::body).containsExactly("still here");
      JsonNode cleanup = StackClients.get(cleanupFnUri(stack)).json();
      assertThat(cleanup.path("config").path("CLEANUP_DRY_RUN").asText()).as("written through the Fn API").isEqualTo("true");
      JsonNode app = StackClients.get(stack.fnUri().resolve("/v2/apps/" + cleanup.path("app_id").asText())).json();
      assertThat(app.path("config").path("FNJOBS_S3_ENDPOINT").asText()).as("the stack's endpoint, not app.yaml's")
          .isEqualTo(stack.s3Uri().toString());
    }
  }

  private static URI cleanupFnUri(EmbeddedStack stack) {
    String appId = StackClients.get(stack.fnUri().resolve("/v2/apps?name=fnjobs")).json().path("items").get(0)
        .path("id").asText();
    String fnId = StackClients.get(stack.fnUri().resolve("/v2/fns?app_id=" + appId + "&name=nightly-cleanup")).json()
        .path("items").get(0).path("id").asText();
    return stack.fnUri().resolve("/v2/fns/" + fnId);
  }

  private Path copyOfRepoWithTrigger(String name, String text) throws IOException {
    return LinkedCheckout.of(REPO, temp.resolve("repo")).writing("infra/triggers/" + name, text).root();
  }

  /** Ports chosen up front, so the test can check afterwards that each one is free again. */
  private static StackOptions fixedFreePorts(StackOptions.Builder builder) {
    List<Integer> ports = StackClients.freePorts(6);
    return builder.s3Port(ports.get(0)).sqsPort(ports.get(1)).fnPort(ports.get(2))
        .triggersPort(ports.get(3)).smtpPort(ports.get(4)).imapPort(ports.get(5)).build();
  }

  private static List<Integer> ports(StackOptions options) {
    return List.of(options.s3Port(), options.sqsPort(), options.fnPort(), options.triggersPort(),
        options.smtpPort(), options.imapPort());
  }
}
