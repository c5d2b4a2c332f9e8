package io.fnjobs.e2e;

import static io.fnjobs.e2e.OrderSupport.awaitFlag;
import static io.fnjobs.e2e.OrderSupport.place;
import static io.fnjobs.e2e.OrderSupport.settled;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.fnhost.FnHost;
import io.fnjobs.fnhost.FnHostOptions;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.localdev.StackOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The hybrid mode ({@code ./local-dev/up --fn-api-url URL}): the embedded store, queue, mail server and
 * trigger layer with a Fn server the user runs. A second function host, started on its own, stands in
 * for that server; its functions get the settings of the {@code infra/fn/setup.sh} command the stack
 * prints, as a user would give them.
 */
class HybridStackE2ETest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir static Path data;
  private static List<Integer> ports;
  private static FnHost usersFnServer;
  private static EmbeddedStack stack;
  private static S3Client s3;
  private static SqsClient sqs;

  @BeforeAll
  static void start() {
    ports = StackClients.freePorts(6);
    StackOptions options = StackOptions.builder().repoDir(REPO).dataDir(data)
        .s3Port(ports.get(0)).sqsPort(ports.get(1)).fnPort(ports.get(2)).triggersPort(ports.get(3))
        .smtpPort(ports.get(4)).imapPort(ports.get(5))
        // the Fn server's address is known only once it runs; the setup command does not depend on it
        .fnApiUrl(URI.create("http://127.0.0.1:1")).build();
    usersFnServer = FnHost.start(FnHostOptions.builder().host("127.0.0.1").port(0)
        .functionsDir(REPO.resolve("functions"))
        .configOverrides(functionConfig(EmbeddedStack.functionSetupCommand(options))).build());
    stack = EmbeddedStack.start(options.toBuilder().fnApiUrl(usersFnServer.uri()).build());
    s3 = StackClients.s3(stack);
    sqs = StackClients.sqs(stack);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      s3.close();
      sqs.close();
      stack.close();
    }
    if (usersFnServer != null) {
      usersFnServer.close();
    }
  }

  @Test
  void sendMessage_shouldConfirmStoreAndMail_throughTheUsersFnServer() throws Exception {
    OrderSupport.stock(s3, "HYB-MUG", 5);
    String orders = sqs.getQueueUrl(r -> r.queueName("orders")).queueUrl();

    sqs.sendMessage(r -> r.queueUrl(orders).messageBody(place("H-1", 1, "hybrid@example.com", "HYB-MUG", 2)));

    JsonNode flag = awaitFlag(s3, "H-1", settled(), Duration.ofSeconds(90));
    assertThat(flag.path("state").asText()).isEqualTo("succeeded");
    assertThat(OrderSupport.stockOf(s3, "HYB-MUG").path("available").asInt()).isEqualTo(3);
    assertThat(OrderSupport.mails(stack, "hybrid@example.com")).singleElement()
        .satisfies(mail -> assertThat(mail.subject()).isEqualTo("Order H-1 confirmed: 25.00 EUR"));
  }

  @Test
  void start_shouldLeaveItsOwnFnPortUnbound_andInvokeTheFnServerGiven() {
    assertThat(StackClients.isFree(ports.get(2))).as("the embedded function host's port").isTrue();
    assertThat(stack.fnUri()).isEqualTo(usersFnServer.uri());
  }

  @Test
  void printEndpoints_shouldSayHowToSetUpTheFunctions_onTheUsersFnServer() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    stack.printEndpoints(new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(printed.toString(StandardCharsets.UTF_8).lines().toList()).contains(
        "fn        " + usersFnServer.uri() + "  (your Fn server; the embedded function host is not started)",
        "          its functions need: infra/fn/setup.sh --fn-api-url " + usersFnServer.uri()
            + " --s3-endpoint http://127.0.0.1:" + ports.get(0) + " --access-key minioadmin --secret-key minioadmin"
            + " --smtp-host 127.0.0.1 --smtp-port " + ports.get(4))
        .last().isEqualTo("ready");
  }

  /**
   * The function config {@code infra/fn/setup.sh} sets from the command's flags. Its store keys become
   * the app's AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, which the AWS SDK reads from a container's
   * environment; functions in this JVM have no environment of their own, so they get the same keys
   * under the names the functions also read.
   */
  private static Map<String, String> functionConfig(String setupCommand) {
    Map<String, String> flagToSetting = Map.of(
        "--s3-endpoint", "FNJOBS_S3_ENDPOINT", "--smtp-host", "FNJOBS_SMTP_HOST", "--smtp-port", "FNJOBS_SMTP_PORT",
        "--access-key", "FNJOBS_S3_ACCESS_KEY", "--secret-key", "FNJOBS_S3_SECRET_KEY");
    String[] words = setupCommand.split(" ");
    Map<String, String> config = new HashMap<>();
    for (int i = 1; i + 1 < words.length; i += 2) {
      String setting = flagToSetting.get(words[i]);
      if (setting != null) {
        config.put(setting, words[i + 1]);
      }
    }
    assertThat(config).as("settings in: %s", setupCommand).hasSize(flagToSetting.size());
    return config;
  }
}
