package io.fnjobs.fnhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnjobs.fnhost.catalog.InvalidCatalogException;
import io.fnjobs.fnhost.container.FunctionContainers;
import io.fnjobs.fnhost.fixtures.BrokenFeatureFunction;
import io.fnjobs.fnhost.fixtures.BrokenStaticFunction;
import io.fnjobs.fnhost.fixtures.ConfigFunction;
import io.fnjobs.fnhost.fixtures.EchoFunction;
import io.fnjobs.fnhost.fixtures.FailingFunction;
import io.fnjobs.fnhost.fixtures.GreetingFunction;
import io.fnjobs.fnhost.fixtures.ProbeFunction;
import io.fnjobs.fnhost.fixtures.SlowFunction;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class FnHostTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ULID = "[0-9A-HJKMNP-TV-Z]{26}";

  @TempDir static Path sharedDir;

  private static FnHost host;
  private static HttpCalls http;

  @BeforeAll
  static void startHost() {
    FunctionsFolder.create(sharedDir, "fixtures", Map.of("APP_ONLY", "from-app", "LAYERED", "from-app", "OVERRIDDEN", "from-app"))
        .function("echo", EchoFunction.class, 10, Map.of())
        .function("greeting", GreetingFunction.class, 10, Map.of())
        .function("config", ConfigFunction.class, 10, Map.of("LAYERED", "from-fn", "FN_ONLY", "from-fn", "OVERRIDDEN", "from-fn"))
        .function("failing", FailingFunction.class, 10, Map.of())
        .function("broken-feature", BrokenFeatureFunction.class, 10, Map.of())
        .function("broken-static", BrokenStaticFunction.class, 10, Map.of())
        .function("probe-hot", ProbeFunction.class, 10, Map.of())
        .function("probe-a", ProbeFunction.class, 10, Map.of())
        .function("probe-b", ProbeFunction.class, 10, Map.of())
        .function("slow", SlowFunction.class, 10, Map.of());
    host =
        FnHost.start(
            FnHostOptions.builder()
                .port(0)
                .functionsDir(sharedDir)
                .configOverride("OVERRIDDEN", "from-override")
                .build());
    http = new HttpCalls(host.uri());
  }

  @AfterAll
  static void stopHost() {
    host.close();
  }

  @Test
  void listApps_shouldAnswerFnAppShape_whenAppIsServed() throws IOException {
    HttpResponse<String> response = http.get("/v2/apps");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode app = JSON.readTree(response.body()).path("items").get(0);
    assertThat(app.path("id").asText()).matches(ULID).isEqualTo(host.app().id());
    assertThat(app.path("name").asText()).isEqualTo("fixtures");
    assertThat(app.path("config").path("APP_ONLY").asText()).isEqualTo("from-app");
    assertThat(app.has("annotations")).as("Fn leaves out empty annotations").isFalse();
    assertThat(app.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(app.has("updated_at")).isTrue();
  }

  @Test
  void listApps_shouldFilterByName_whenNameIsGiven() throws IOException {
    assertThat(JSON.readTree(http.get("/v2/apps?name=fixtures").body()).path("items")).hasSize(1);
    assertThat(JSON.readTree(http.get("/v2/apps?name=other").body()).path("items")).isEmpty();
  }

  @Test
  void getApp_shouldAnswerTheApp_whenIdIsKnown() throws IOException {
    HttpResponse<String> response = http.get("/v2/apps/" + host.app().id());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("name").asText()).isEqualTo("fixtures");
  }

  @Test
  void getApp_shouldAnswer404AppNotFound_whenIdIsUnknown() throws IOException {
    HttpResponse<String> response = http.get("/v2/apps/01ZZZZZZZZZZZZZZZZZZZZZZZZ");

    assertFnError(response, 404, "App not found");
  }

  @Test
  void listFns_shouldAnswerFnShapeAsFnHttpClientReadsIt_whenFilteredByAppAndName() throws IOException {
    HttpResponse<String> response = http.get("/v2/fns?app_id=" + host.app().id() + "&name=slow");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode items = JSON.readTree(response.body()).path("items");
    assertThat(items).hasSize(1);
    JsonNode fn = items.get(0);
    String id = fn.path("id").asText();
    assertThat(id).matches(ULID);
    assertThat(fn.path("name").asText()).isEqualTo("slow");
    assertThat(fn.path("app_id").asText()).isEqualTo(host.app().id());
    assertThat(fn.path("image").asText()).isEqualTo("slow:0.0.1");
    assertThat(fn.path("memory").asInt()).isEqualTo(128);
    assertThat(fn.path("timeout").asLong()).isEqualTo(10);
    assertThat(fn.path("idle_timeout").asLong()).isEqualTo(30);
    assertThat(fn.path("config").isObject()).isTrue();
    assertThat(fn.path("annotations").path("fnproject.io/fn/invokeEndpoint").asText())
        .isEqualTo(host.uri() + "/invoke/" + id);
    assertThat(fn.has("created_at") && fn.has("updated_at")).isTrue();
  }

  @Test
  void listFns_shouldListEveryFunction_whenOnlyAppIdIsGiven() throws IOException {
    JsonNode items = JSON.readTree(http.get("/v2/fns?app_id=" + host.app().id()).body()).path("items");

    assertThat(items).hasSize(host.functions().size());
  }

  @Test
  void listFns_shouldAnswer400_whenAppIdIsMissing() throws IOException {
    HttpResponse<String> response = http.get("/v2/fns");

    assertFnError(response, 400, "Missing AppID on Fn");
  }

  @Test
  void getFn_shouldAnswer404FnNotFound_whenIdIsUnknown() throws IOException {
    HttpResponse<String> response = http.get("/v2/fns/01ZZZZZZZZZZZZZZZZZZZZZZZZ");

    assertFnError(response, 404, "Fn not found");
  }

  @Test
  void invoke_shouldAnswer404FnNotFoundWithCallId_whenFnIdIsUnknown() throws IOException {
    HttpResponse<String> response = http.post(host.uri().resolve("/invoke/01ZZZZZZZZZZZZZZZZZZZZZZZZ"), "x");

    assertFnError(response, 404, "Fn not found");
    assertThat(response.headers().firstValue("Fn-Call-Id")).isPresent();
  }

  @Test
  void invoke_shouldAnswer200WithBodyContentTypeAndHeaders_whenFunctionReturnsText() {
    HttpResponse<String> response =
        http.post(host.invokeUri("echo"), "ping", "Content-Type", "text/plain", "X-Trace", "t-1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("echo:ping");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(response.headers().firstValue("X-Trace")).hasValue("t-1");
    String callId = response.headers().firstValue("Fn-Call-Id").orElseThrow();
    assertThat(callId).matches(ULID);
    assertThat(response.headers().firstValue("X-Call-Id")).hasValue(callId);
    assertThat(response.headers().firstValue("X-Deadline").orElseThrow()).matches("\\d{4}-.*Z");
  }

  @Test
  void invoke_shouldMintANewCallId_whenCalledAgain() {
    String first = http.post(host.invokeUri("echo"), "a").headers().firstValue("Fn-Call-Id").orElseThrow();
    String second = http.post(host.invokeUri("echo"), "b").headers().firstValue("Fn-Call-Id").orElseThrow();

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void invoke_shouldBindJson_whenFunctionTakesAndReturnsPojos() throws IOException {
    HttpResponse<String> response =
        http.post(host.invokeUri("greeting"), "{\"name\":\"ann\",\"times\":2}", "Content-Type", "application/json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode greeting = JSON.readTree(response.body());
    assertThat(greeting.path("text").asText()).isEqualTo("hello ann hello ann");
    assertThat(greeting.path("length").asInt()).isEqualTo(19);
  }

  @Test
  void invoke_shouldAnswer502_whenJsonInputCannotBeBound() throws IOException {
    HttpResponse<String> response = http.post(host.invokeUri("greeting"), "not json", "Content-Type", "application/json");

    assertFnError(response, 502, "function failed");
  }

  @Test
  void invoke_shouldLayerAppFunctionAndOverrideConfigAndSetFnVariables_whenFunctionReadsConfig() throws IOException {
    String keys = "APP_ONLY,FN_ONLY,LAYERED,OVERRIDDEN,FN_APP_ID,FN_FN_ID,FN_APP_NAME,FN_FN_NAME,FN_MEMORY,FN_TYPE";

    HttpResponse<String> response = http.post(host.invokeUri("config"), keys);

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, String> config = JSON.readValue(response.body(), JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
    assertThat(config)
        .containsEntry("APP_ONLY", "from-app")
        .containsEntry("FN_ONLY", "from-fn")
        .containsEntry("LAYERED", "from-fn")
        .containsEntry("OVERRIDDEN", "from-override")
        .containsEntry("FN_APP_ID", host.app().id())
        .containsEntry("FN_FN_ID", host.function("config").orElseThrow().id())
        .containsEntry("FN_APP_NAME", "fixtures")
        .containsEntry("FN_FN_NAME", "config")
        .containsEntry("FN_MEMORY", "128")
        .containsEntry("FN_TYPE", "sync");
  }

  @Test
  void invoke_shouldAnswer502AndLogTheFunctionsErrorWithCallId_whenFunctionThrows() throws IOException {
    ListAppender<ILoggingEvent> logs = captureLogs();
    try {
      HttpResponse<String> response = http.post(host.invokeUri("failing"), "order-7");

      assertFnError(response, 502, "function failed");
      String callId = response.headers().firstValue("Fn-Call-Id").orElseThrow();
      assertThat(logs.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(
              line -> assertThat(line).contains("fn=failing", "call=" + callId, "failing on purpose for order-7"));
    } finally {
      stopCapturing(logs);
    }
  }

  @Test
  void invoke_shouldAnswer502ErrorReceivingFunctionResponse_whenFdkInitFailsPastItsOwnHandling() throws IOException {
    HttpResponse<String> first = http.post(host.invokeUri("broken-feature"), "x");
    HttpResponse<String> second = http.post(host.invokeUri("broken-feature"), "x");

    assertFnError(first, 502, "error receiving function response");
    assertThat(second.statusCode()).isEqualTo(502);
  }

  @Test
  void invoke_shouldAnswer502AndLogTheCause_whenTheFunctionClassCannotBeInitialised() throws IOException {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger containers = (Logger) LoggerFactory.getLogger("io.fnjobs.fnhost.container.HotContainer");
    containers.addAppender(logs);
    try {
      HttpResponse<String> response = http.post(host.invokeUri("broken-static"), "x");

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(logs.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(line -> assertThat(line).contains("BrokenStaticFunction cannot be initialised",
              "static initialiser failing on purpose"));
    } finally {
      containers.detachAppender(logs);
    }
  }

  @Test
  void invoke_shouldReuseTheHotInstance_whenCalledOneAfterAnother() throws IOException {
    List<JsonNode> reports = List.of(probe("probe-hot"), probe("probe-hot"), probe("probe-hot"));

    assertThat(reports).extracting(report -> report.path("instance").asText()).containsOnly(reports.get(0).path("instance").asText());
    assertThat(reports).extracting(report -> report.path("configurations").asInt()).containsOnly(1);
    assertThat(reports).extracting(report -> report.path("instanceCalls").asInt()).containsExactly(1, 2, 3);
  }

  @Test
  void invoke_shouldIsolateEachFunctionsClasses_whenTwoFunctionsShareAClass() throws IOException {
    JsonNode a1 = probe("probe-a");
    JsonNode a2 = probe("probe-a");
    JsonNode b1 = probe("probe-b");

    assertThat(a1.path("staticCalls").asInt()).isEqualTo(1);
    assertThat(a2.path("staticCalls").asInt()).isEqualTo(2);
    assertThat(b1.path("staticCalls").asInt()).isEqualTo(1);
    assertThat(ProbeFunction.staticCalls).isZero();
    assertThat(a1.path("loader").asText()).isEqualTo("fn-probe-a");
    assertThat(b1.path("loader").asText()).isEqualTo("fn-probe-b");
    assertThat(a1.path("seesHostLibraries").asBoolean()).isFalse();
  }

  @Test
  void invoke_shouldRunCallsInParallel_whenContainersAreFree() {
    long started = System.nanoTime();
    CompletableFuture<HttpResponse<String>> first = http.postAsync(host.invokeUri("slow"), "700");
    CompletableFuture<HttpResponse<String>> second = http.postAsync(host.invokeUri("slow"), "700");

    assertThat(first.join().statusCode()).isEqualTo(200);
    assertThat(second.join().statusCode()).isEqualTo(200);
    assertThat(first.join().body()).isNotEqualTo(second.join().body());
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1300));
  }

  @Test
  void invoke_shouldAnswer504AndStartAFreshContainer_whenCallRunsPastTimeout(@TempDir Path dir) throws IOException {
    FunctionsFolder.create(dir, "timeouts", Map.of()).function("slow", SlowFunction.class, 1, Map.of());
    try (FnHost single = FnHost.start(FnHostOptions.builder().port(0).functionsDir(dir).containersPerFunction(1).build())) {
      String before = http.post(single.invokeUri("slow"), "1").body();

      HttpResponse<String> timedOut = http.post(single.invokeUri("slow"), "4000");
      HttpResponse<String> after = http.post(single.invokeUri("slow"), "1");

      assertFnError(timedOut, 504, "Timed out");
      assertThat(timedOut.headers().firstValue("Fn-Call-Id")).isPresent();
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(after.body()).isNotEqualTo(before);
    }
  }

  @Test
  void invoke_shouldAnswer503WithRetryAfter_whenAllContainersStayBusy(@TempDir Path dir) throws Exception {
    FunctionsFolder.create(dir, "busy", Map.of()).function("slow", SlowFunction.class, 10, Map.of());
    FnHostOptions options =
        FnHostOptions.builder().port(0).functionsDir(dir).containersPerFunction(1).busyWait(Duration.ofMillis(200)).build();
    try (FnHost single = FnHost.start(options)) {
      CompletableFuture<HttpResponse<String>> running = http.postAsync(single.invokeUri("slow"), "1500");
      Thread.sleep(400);

      HttpResponse<String> rejected = http.post(single.invokeUri("slow"), "1");

      assertFnError(rejected, 503, "Timed out - server too busy");
      assertThat(rejected.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(rejected.headers().firstValue("Fn-Call-Id")).isPresent();
      assertThat(running.get().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void start_shouldKeepAppAndFnIds_whenHostIsRestarted() {
    try (FnHost again = FnHost.start(FnHostOptions.builder().port(0).functionsDir(sharedDir).build())) {
      assertThat(again.app().id()).isEqualTo(host.app().id());
      assertThat(again.function("echo").orElseThrow().id()).isEqualTo(host.function("echo").orElseThrow().id());
    }
  }

  @Test
  void start_shouldFailNamingFileAndField_whenFuncYamlIsInvalid(@TempDir Path dir) {
    FunctionsFolder.create(dir, "broken", Map.of())
        .function("echo", EchoFunction.class, 10, Map.of())
        .write("echo/func.yaml", "schema_version: 20180708\nname: echo\ncmd: a.B::c\ntimeout: soon\n");

    assertThatThrownBy(() -> FnHost.start(FnHostOptions.builder().port(0).functionsDir(dir).build()))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining(dir.resolve("echo/func.yaml").toString())
        .hasMessageContaining("'timeout' = 'soon'");
  }

  @Test
  void close_shouldFreeThePortPromptly_whenHostStops(@TempDir Path dir) throws IOException {
    FunctionsFolder.create(dir, "closing", Map.of()).function("echo", EchoFunction.class, 10, Map.of());
    FnHost closing = FnHost.start(FnHostOptions.builder().port(0).functionsDir(dir).build());
    int port = closing.uri().getPort();
    assertThat(http.post(closing.invokeUri("echo"), "warm").statusCode()).isEqualTo(200);

    long started = System.nanoTime();
    closing.close();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  /** An error answer as Fn server gives it: the status and {"message": ...}. */
  private static void assertFnError(HttpResponse<String> response, int status, String message) throws IOException {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(JSON.readTree(response.body()).path("message").asText()).isEqualTo(message);
  }

  private static JsonNode probe(String function) throws IOException {
    HttpResponse<String> response = http.post(host.invokeUri(function), "");
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static ListAppender<ILoggingEvent> captureLogs() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(FunctionContainers.class)).addAppender(appender);
    return appender;
  }

  private static void stopCapturing(ListAppender<ILoggingEvent> appender) {
    ((Logger) LoggerFactory.getLogger(FunctionContainers.class)).detachAppender(appender);
  }
}
