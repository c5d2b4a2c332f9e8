package io.fnjobs.fnhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnjobs.fnhost.catalog.InvalidCatalogException;
import io.fnjobs.fnhost.container.ManualClock;
import io.fnjobs.fnhost.fixtures.ConfigFunction;
import io.fnjobs.fnhost.fixtures.EchoFunction;
import io.fnjobs.fnhost.fixtures.GatedConfigFunction;
import io.fnjobs.fnhost.fixtures.Gates;
import io.fnjobs.fnhost.fixtures.Gates.Gate;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fn's write API on the running host over loopback, with the requests the fn CLI 0.6 makes: its Go
 * client sends JSON with {@code Content-Type: application/json}, read-only dates as {@code
 * 0001-01-01T00:00:00.000Z} when it has none, and for {@code fn config}/{@code unset config}/{@code
 * update function} the whole function it read, with the one change.
 */
class FnApiWriteTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ULID = "[0-9A-HJKMNP-TV-Z]{26}";
  private static final String NO_DATE = "0001-01-01T00:00:00.000Z";
  /** After the files' times, as a system clock would be. */
  private static final Instant START = Instant.parse("2099-03-01T12:00:00Z");
  private static final String OVERRIDDEN_ENDPOINT = "http://127.0.0.1:19000";

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(START);
  private Path functions;
  private FnHost host;
  private HttpCalls http;

  @BeforeEach
  void writeFunctionsFolder() {
    functions = dir.resolve("functions");
    FunctionsFolder.create(functions, "fixtures", Map.of("APP_KEY", "from-app"))
        .function("config", ConfigFunction.class, 10,
            Map.of("FN_KEY", "from-fn", "FNJOBS_S3_ENDPOINT", "http://127.0.0.1:9000"))
        .function("echo", EchoFunction.class, 10, Map.of())
        .function("gated", GatedConfigFunction.class, 10, Map.of());
    start();
  }

  @AfterEach
  void stopHost() {
    host.close();
  }

  private void start() {
    host = FnHost.start(
        FnHostOptions.builder()
            .port(0)
            .functionsDir(functions)
            .dataDir(dir.resolve("data"))
            .configOverride("FNJOBS_S3_ENDPOINT", OVERRIDDEN_ENDPOINT)
            .build(),
        clock);
    http = new HttpCalls(host.uri());
  }

  private void restart() {
    host.close();
    start();
  }

  @Test
  void createApp_shouldAnswerTheAppAndListIt_whenTheCliCreatesAnApp() throws IOException {
    clock.advance(Duration.ofMinutes(1));

    HttpResponse<String> created = http.json("POST", "/v2/apps",
        "{\"name\":\"extra\",\"config\":{\"K\":\"v\"},\"created_at\":\"" + NO_DATE + "\",\"updated_at\":\"" + NO_DATE + "\"}");

    assertThat(created.statusCode()).isEqualTo(200);
    JsonNode app = JSON.readTree(created.body());
    assertThat(app.path("id").asText()).matches(ULID);
    assertThat(app.path("name").asText()).isEqualTo("extra");
    assertThat(app.path("config").path("K").asText()).isEqualTo("v");
    assertThat(app.has("annotations")).as("Fn leaves out empty annotations").isFalse();
    assertThat(app.path("created_at").asText()).isEqualTo("2099-03-01T12:01:00.000Z");
    assertThat(app.path("updated_at").asText()).isEqualTo("2099-03-01T12:01:00.000Z");
    JsonNode listed = JSON.readTree(http.get("/v2/apps?name=extra").body()).path("items");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).path("id").asText()).isEqualTo(app.path("id").asText());
    assertThat(JSON.readTree(http.get("/v2/apps").body()).path("items")).hasSize(2);
  }

  @Test
  void createApp_shouldAnswer409AppAlreadyExists_whenTheNameIsTaken() throws IOException {
    assertFnError(http.json("POST", "/v2/apps", "{\"name\":\"fixtures\"}"), 409, "App already exists");
  }

  @Test
  void updateApp_shouldMergeConfigAndRemoveKeysSetEmpty_whenTheCliConfiguresAndUnsetsAppConfig() throws IOException {
    String path = "/v2/apps/" + host.app().id();
    clock.advance(Duration.ofMinutes(1));

    JsonNode configured = JSON.readTree(http.json("PUT", path, "{\"config\":{\"NEW_KEY\":\"v1\"}}").body());

    assertThat(configured.path("config").path("NEW_KEY").asText()).isEqualTo("v1");
    assertThat(configured.path("config").path("APP_KEY").asText()).as("kept").isEqualTo("from-app");
    assertThat(configured.path("updated_at").asText()).isEqualTo("2099-03-01T12:01:00.000Z");

    clock.advance(Duration.ofMinutes(1));
    JsonNode unset = JSON.readTree(http.json("PUT", path, "{\"config\":{\"NEW_KEY\":\"\"}}").body());

    assertThat(unset.path("config").has("NEW_KEY")).isFalse();
    assertThat(unset.path("config").path("APP_KEY").asText()).isEqualTo("from-app");
    assertThat(unset.path("updated_at").asText()).as("back as app.yaml has it, but changed then")
        .isEqualTo("2099-03-01T12:02:00.000Z");
    assertThat(JSON.readTree(http.get(path).body())).isEqualTo(unset);
  }

  @Test
  void updateFn_shouldServeTheNewConfigToTheNextCall_whenTheCliConfiguresAndUnsetsFunctionConfig() throws Exception {
    assertThat(config("FN_KEY,NEW_KEY")).containsEntry("FN_KEY", "from-fn").containsEntry("NEW_KEY", "<unset>");
    Thread hot = containerThread("config-1");

    // fn config function fixtures config NEW_KEY v1: the function read, its config replaced by the one key
    HttpResponse<String> configured = putFn("config", fn -> fn.putObject("config").put("NEW_KEY", "v1"));

    assertThat(configured.statusCode()).isEqualTo(200);
    hot.join(Duration.ofSeconds(10).toMillis());
    assertThat(hot.isAlive()).as("the idle hot container of the old config was stopped").isFalse();
    assertThat(JSON.readTree(configured.body()).path("config").path("FN_KEY").asText()).as("merged").isEqualTo("from-fn");
    assertThat(config("FN_KEY,NEW_KEY")).containsEntry("FN_KEY", "from-fn").containsEntry("NEW_KEY", "v1");

    // fn unset config function fixtures config NEW_KEY: the whole config, the key set to ""
    putFn("config", fn -> ((ObjectNode) fn.path("config")).put("NEW_KEY", ""));

    assertThat(config("FN_KEY,NEW_KEY")).containsEntry("FN_KEY", "from-fn").containsEntry("NEW_KEY", "<unset>");

    http.json("PUT", "/v2/apps/" + host.app().id(), "{\"config\":{\"APP_KEY\":\"changed\"}}");

    assertThat(config("APP_KEY")).as("the app's config reaches its functions too").containsEntry("APP_KEY", "changed");
  }

  @Test
  void updateFn_shouldLetACallInProgressFinishWithItsConfig_whenTheConfigChangesMeanwhile() throws Exception {
    Gate gate = Gates.close("config-change");
    try {
      CompletableFuture<HttpResponse<String>> inProgress = http.postAsync(host.invokeUri("gated"), "config-change KEY");
      assertThat(gate.awaitArrival(Duration.ofSeconds(10))).isTrue();

      assertThat(putFn("gated", fn -> fn.putObject("config").put("KEY", "new")).statusCode()).isEqualTo(200);
      HttpResponse<String> next = http.post(host.invokeUri("gated"), "no-gate KEY");
      gate.open();

      assertThat(next.body()).isEqualTo("new");
      assertThat(inProgress.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(inProgress.get().body()).isEqualTo("<unset>");
      assertThat(http.post(host.invokeUri("gated"), "no-gate KEY").body()).isEqualTo("new");
    } finally {
      gate.open();
      gate.takeDown();
    }
  }

  @Test
  void updateFn_shouldApplyMemoryTimeoutsImageAndAnnotations_whenTheCliUpdatesTheFunction() throws IOException {
    clock.advance(Duration.ofMinutes(1));

    HttpResponse<String> updated = putFn("config", fn -> fn
        .put("memory", 256).put("timeout", 60).put("idle_timeout", 120).put("image", "config:0.0.2")
        .putObject("annotations").put("team", "jobs"));

    assertThat(updated.statusCode()).isEqualTo(200);
    JsonNode fn = JSON.readTree(updated.body());
    assertThat(fn.path("memory").asInt()).isEqualTo(256);
    assertThat(fn.path("timeout").asInt()).isEqualTo(60);
    assertThat(fn.path("idle_timeout").asInt()).isEqualTo(120);
    assertThat(fn.path("image").asText()).isEqualTo("config:0.0.2");
    assertThat(fn.path("annotations").path("team").asText()).isEqualTo("jobs");
    assertThat(fn.path("annotations").path("fnproject.io/fn/invokeEndpoint").asText())
        .isEqualTo(host.uri() + "/invoke/" + fn.path("id").asText());
    assertThat(fn.path("updated_at").asText()).isEqualTo("2099-03-01T12:01:00.000Z");
    assertThat(config("FN_MEMORY")).as("a new image of the same name runs the same code").containsEntry("FN_MEMORY", "256");
  }

  @Test
  void update_shouldRefuseChangingIdNameOrApp_withFnsStatusAndMessage() throws IOException {
    String appPath = "/v2/apps/" + host.app().id();
    String fnPath = "/v2/fns/" + host.function("config").orElseThrow().id();

    assertFnError(http.json("PUT", appPath, "{\"name\":\"renamed\"}"), 409, "Could not update - name is immutable");
    assertFnError(http.json("PUT", appPath, "{\"id\":\"01ZZZZZZZZZZZZZZZZZZZZZZZZ\"}"), 400,
        "App ID in path does not match ID in body");
    assertFnError(http.json("PUT", fnPath, "{\"name\":\"renamed\"}"), 409, "Could not update - name is immutable");
    assertFnError(http.json("PUT", fnPath, "{\"app_id\":\"01ZZZZZZZZZZZZZZZZZZZZZZZZ\"}"), 409,
        "Could not update - app_id is immutable");
    assertFnError(http.json("PUT", fnPath, "{\"id\":\"01ZZZZZZZZZZZZZZZZZZZZZZZZ\"}"), 400,
        "Fn ID in path does not match that in body");
    assertFnError(http.json("POST", "/v2/apps", "{\"name\":\"extra\",\"id\":\"01ZZZZZZZZZZZZZZZZZZZZZZZZ\"}"), 400,
        "App ID cannot be supplied on create");
    assertThat(JSON.readTree(http.get("/v2/apps").body()).path("items")).as("nothing was written").hasSize(1);
  }

  @Test
  void write_shouldAnswer400NamingTheProblem_whenTheBodyIsInvalid() throws IOException {
    String fnPath = "/v2/fns/" + host.function("config").orElseThrow().id();

    assertFnErrorStartsWith(http.json("PUT", fnPath, "{\"memory\":"), 400, "Invalid JSON: ");
    assertFnError(http.json("PUT", fnPath, null), 400, "Invalid JSON: the request has no body");
    assertFnErrorStartsWith(http.json("PUT", fnPath, "{\"shape\":\"GENERIC_ARM\"}"), 400,
        "'shape' is not a field of an Fn function (known: annotations, app_id, config, ");
    assertFnError(http.json("PUT", fnPath, "{\"memory\":\"lots\"}"), 400,
        "Invalid JSON: field 'memory' = \"lots\": expected a whole number");
    assertFnError(http.json("PUT", fnPath, "{\"config\":{\"K\":5}}"), 400,
        "Invalid JSON: field 'config.K' = 5: expected a text value (\"\" removes the key)");
    assertFnError(http.json("PUT", fnPath, "{\"timeout\":301}"), 400,
        "timeout value is out of range, must be between 0 and 300: 301");
    assertFnError(http.json("POST", "/v2/fns", "{\"app_id\":\"" + host.app().id() + "\",\"name\":\"nameless\"}"), 400,
        "Missing image on Fn");
    assertFnError(http.json("POST", "/v2/fns", "{\"name\":\"orphan\",\"image\":\"echo:1\"}"), 400, "Missing AppID on Fn");
    assertFnError(http.json("POST", "/v2/apps", "{\"name\":\"bad name!\"}"), 400,
        "Invalid app name: 'bad name!' (letters, digits, '_' and '-' only)");
    assertThat(config("FN_MEMORY")).as("nothing was changed").containsEntry("FN_MEMORY", "128");
  }

  @Test
  void write_shouldAnswerFnsNotFoundAndConflict_whenTheAppOrFunctionIsUnknownOrTaken() throws IOException {
    assertFnError(http.json("PUT", "/v2/apps/01ZZZZZZZZZZZZZZZZZZZZZZZZ", "{}"), 404, "App not found");
    assertFnError(http.json("PUT", "/v2/fns/01ZZZZZZZZZZZZZZZZZZZZZZZZ", "{}"), 404, "Fn not found");
    assertFnError(http.json("DELETE", "/v2/apps/01ZZZZZZZZZZZZZZZZZZZZZZZZ", null), 404, "App not found");
    assertFnError(http.json("DELETE", "/v2/fns/01ZZZZZZZZZZZZZZZZZZZZZZZZ", null), 404, "Fn not found");
    assertFnError(http.json("POST", "/v2/fns",
        "{\"app_id\":\"01ZZZZZZZZZZZZZZZZZZZZZZZZ\",\"name\":\"x\",\"image\":\"echo:1\"}"), 404, "App not found");
    assertFnError(http.json("POST", "/v2/fns", createFnBody(host.app().id(), "echo", "echo:0.0.2")), 409,
        "Fn with specified name already exists");
  }

  @Test
  void deleteFn_shouldAnswer204AndForgetTheFunction_whenTheCliDeletesIt() throws IOException {
    String id = host.function("echo").orElseThrow().id();
    URI invoke = host.invokeUri("echo");

    HttpResponse<String> deleted = http.json("DELETE", "/v2/fns/" + id, null);

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    assertFnError(http.get("/v2/fns/" + id), 404, "Fn not found");
    assertFnError(http.post(invoke, "x"), 404, "Fn not found");
    assertThat(JSON.readTree(http.get("/v2/fns?app_id=" + host.app().id()).body()).path("items"))
        .extracting(fn -> fn.path("name").asText())
        .containsExactly("config", "gated");
  }

  @Test
  void deleteApp_shouldDeleteItsFunctionsToo_whenTheCliDeletesTheApp() throws IOException {
    String appId = host.app().id();
    URI invoke = host.invokeUri("echo");

    assertThat(http.json("DELETE", "/v2/apps/" + appId, null).statusCode()).isEqualTo(204);

    assertFnError(http.get("/v2/apps/" + appId), 404, "App not found");
    assertThat(JSON.readTree(http.get("/v2/fns?app_id=" + appId).body()).path("items")).isEmpty();
    assertFnError(http.post(invoke, "x"), 404, "Fn not found");

    // created again, the app has none of the deleted functions: Fn deleted them with it
    assertThat(http.json("POST", "/v2/apps", "{\"name\":\"fixtures\"}").statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(http.get("/v2/fns?app_id=" + appId).body()).path("items")).isEmpty();
  }

  @Test
  void start_shouldServeWhatTheApiWrote_whenTheHostRestartsOnItsDataFolder() throws IOException {
    String extraId = JSON.readTree(http.json("POST", "/v2/apps", "{\"name\":\"extra\"}").body()).path("id").asText();
    http.json("POST", "/v2/fns", createFnBody(extraId, "echo-copy", "echo:0.0.1"));
    putFn("config", fn -> fn.put("memory", 256).putObject("config").put("NEW_KEY", "kept"));
    http.json("DELETE", "/v2/fns/" + host.function("echo").orElseThrow().id(), null);
    // meanwhile func.yaml changes a field the API never wrote: it shows after the restart
    FunctionsFolder.create(functions, "fixtures", Map.of("APP_KEY", "from-app"))
        .function("config", ConfigFunction.class, 20,
            Map.of("FN_KEY", "edited", "FNJOBS_S3_ENDPOINT", "http://127.0.0.1:9000"));

    restart();

    JsonNode config = fnByName(host.app().id(), "config");
    assertThat(config.path("memory").asInt()).as("written through the API").isEqualTo(256);
    assertThat(config.path("timeout").asInt()).as("func.yaml's, never written").isEqualTo(20);
    assertThat(config.path("config").path("NEW_KEY").asText()).isEqualTo("kept");
    assertThat(config.path("config").path("FN_KEY").asText()).isEqualTo("edited");
    assertThat(host.function("echo")).as("deleted stays deleted").isEmpty();
    JsonNode copy = fnByName(extraId, "echo-copy");
    assertThat(copy.path("image").asText()).isEqualTo("echo:0.0.1");
    assertThat(http.post(URI.create(host.uri() + "/invoke/" + copy.path("id").asText()), "again").body())
        .isEqualTo("echo:again");
    assertThat(config("NEW_KEY,FN_KEY,FN_MEMORY"))
        .containsEntry("NEW_KEY", "kept").containsEntry("FN_KEY", "edited").containsEntry("FN_MEMORY", "256");
    assertThat(dir.resolve("data")).isDirectoryContaining(path -> path.getFileName().toString().equals("catalog.json"))
        .isDirectoryNotContaining(path -> path.getFileName().toString().endsWith(".tmp"));
  }

  @Test
  void createFn_shouldRunTheFolderFunctionNamedByTheImage_whenCreatedInAnotherApp() throws IOException {
    String extraId = JSON.readTree(http.json("POST", "/v2/apps", "{\"name\":\"extra\"}").body()).path("id").asText();

    HttpResponse<String> created = http.json("POST", "/v2/fns", createFnBody(extraId, "echo-copy", "registry.example/me/echo:1.0"));

    assertThat(created.statusCode()).isEqualTo(200);
    JsonNode fn = JSON.readTree(created.body());
    assertThat(fn.path("memory").asInt()).as("Fn's default").isEqualTo(128);
    assertThat(fn.path("timeout").asInt()).isEqualTo(30);
    assertThat(fn.path("config").isObject()).isTrue();
    HttpResponse<String> called = http.post(URI.create(host.uri() + "/invoke/" + fn.path("id").asText()), "hi");
    assertThat(called.statusCode()).isEqualTo(200);
    assertThat(called.body()).isEqualTo("echo:hi");
  }

  @Test
  void invoke_shouldAnswer502NamingTheImage_whenTheHostHasNoCodeForACreatedFunction() throws IOException {
    HttpResponse<String> created =
        http.json("POST", "/v2/fns", createFnBody(host.app().id(), "hello", "fnproject/hello:0.0.1"));
    assertThat(created.statusCode()).as("accepted, as Fn does").isEqualTo(200);

    HttpResponse<String> called =
        http.post(URI.create(host.uri() + "/invoke/" + JSON.readTree(created.body()).path("id").asText()), "x");

    assertFnError(called, 502, "Failed to pull image 'fnproject/hello:0.0.1': the embedded host pulls no images; it"
        + " runs the functions built in its functions folder, chosen by the image's name, and has none named 'hello'"
        + " (it has [config, echo, gated])");
    assertThat(called.headers().firstValue("Fn-Call-Id")).isPresent();
  }

  @Test
  void deploy_shouldUpdateAppConfigAndFunctions_whenTheCliDeploysAllWithAppYaml() throws IOException {
    String appId = host.app().id();
    JsonNode before = JSON.readTree(http.get("/v2/apps/" + appId).body());
    clock.advance(Duration.ofMinutes(1));

    // fn deploy --all: first the app with app.yaml's config, then each function with its bumped image
    HttpResponse<String> app = http.json("PUT", "/v2/apps/" + appId, "{\"id\":\"" + appId + "\",\"name\":\"fixtures\","
        + "\"config\":{\"APP_KEY\":\"from-app\"},\"created_at\":\"" + NO_DATE + "\",\"updated_at\":\"" + NO_DATE + "\"}");
    String fnId = host.function("echo").orElseThrow().id();
    HttpResponse<String> fn = http.json("PUT", "/v2/fns/" + fnId, "{\"id\":\"" + fnId + "\",\"app_id\":\"" + appId
        + "\",\"image\":\"echo:0.0.2\",\"memory\":128,\"timeout\":10,\"created_at\":\"" + NO_DATE
        + "\",\"updated_at\":\"" + NO_DATE + "\"}");

    assertThat(app.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(app.body())).as("nothing changed, updated_at stays").isEqualTo(before);
    assertThat(fn.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(fn.body()).path("image").asText()).isEqualTo("echo:0.0.2");
    assertThat(http.post(host.invokeUri("echo"), "deployed").body()).isEqualTo("echo:deployed");
  }

  @Test
  void get_shouldShowTheConfigOverridesFunctionsGet_whenTheHostAppliesOverrides() throws IOException {
    JsonNode app = JSON.readTree(http.get("/v2/apps/" + host.app().id()).body());
    JsonNode fn = fnByName(host.app().id(), "config");

    assertThat(app.path("config").path("FNJOBS_S3_ENDPOINT").asText()).isEqualTo(OVERRIDDEN_ENDPOINT);
    assertThat(fn.path("config").path("FNJOBS_S3_ENDPOINT").asText()).as("func.yaml's value overridden")
        .isEqualTo(OVERRIDDEN_ENDPOINT);
    assertThat(config("FNJOBS_S3_ENDPOINT")).containsEntry("FNJOBS_S3_ENDPOINT", OVERRIDDEN_ENDPOINT);
    assertThat(fnByName(host.app().id(), "echo").path("config").has("FNJOBS_S3_ENDPOINT"))
        .as("a function without the key gets the app's").isFalse();
  }

  @Test
  void getFn_shouldNameTheAddressTheCallerUsedAsInvokeEndpoint_whenReachedByAnotherName() throws IOException {
    String id = host.function("echo").orElseThrow().id();

    // by hand on a socket: Java's HTTP clients do not let a caller set the Host header
    String response;
    try (Socket socket = new Socket(host.uri().getHost(), host.uri().getPort())) {
      socket.getOutputStream().write(("GET /v2/fns/" + id + " HTTP/1.1\r\nHost: fn.example:8080\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    JsonNode fn = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    assertThat(fn.path("annotations").path("fnproject.io/fn/invokeEndpoint").asText())
        .isEqualTo("http://fn.example:8080/invoke/" + id);
  }

  @Test
  void invoke_shouldPassTheFdksVersionHeaders_whenTheFunctionAnswers() {
    HttpResponse<String> response = http.post(host.invokeUri("echo"), "x");

    assertThat(response.headers().firstValue("Fn-Fdk-Version").orElseThrow())
        .matches("fdk-java/1\\.0\\.\\d+ \\(jvm=.+, jvmv=" + System.getProperty("java.version") + "\\)");
    assertThat(response.headers().firstValue("Fn-Fdk-Runtime").orElseThrow())
        .startsWith("java/").endsWith(" " + System.getProperty("java.version"));
  }

  @Test
  void serverRoutes_shouldAnswerAsFnDoes_forVersionRootTriggersCallsAndUnknownPaths() throws IOException {
    assertThat(JSON.readTree(http.get("/version").body()).path("version").asText()).isEqualTo("0.3.753-fnjobs");
    assertThat(JSON.readTree(http.get("/").body()))
        .isEqualTo(JSON.readTree("{\"goto\":\"https://github.com/fnproject/fn\",\"hello\":\"world!\"}"));
    HttpResponse<String> triggers = http.get("/v2/triggers?app_id=" + host.app().id());
    assertThat(triggers.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(triggers.body())).isEqualTo(JSON.readTree("{\"items\":[]}"));
    assertFnError(http.get("/v2/triggers"), 400, "Missing App ID on Trigger");
    assertFnError(http.json("POST", "/v2/triggers", "{\"name\":\"t\",\"type\":\"http\",\"source\":\"/t\"}"), 400,
        "the embedded host has no Fn triggers: fnjobs' triggers are declared in infra/triggers/*.yaml and run by its"
            + " trigger layer");
    assertFnError(http.get("/v2/fns/" + host.function("echo").orElseThrow().id() + "/calls"), 410,
        "Gone: Fn keeps no call records; the host logs each call with its call id");
    assertFnError(http.get("/nowhere"), 404, "Path not found: GET /nowhere");
    assertFnError(http.json("DELETE", "/version", null), 405, "Method not allowed: DELETE /version");
  }

  @Test
  void start_shouldFailNamingTheDataFile_whenItIsNotTheHostsJson() throws IOException {
    host.close();
    Path file = Files.createDirectories(dir.resolve("data")).resolve("catalog.json");
    Files.writeString(file, "{\"fns\": {\"fixtures/echo\": {\"changed\": {\"memory\": \"lots\"}, \"updated_at\": \"2026-03-01T12:00:00Z\"}}}");

    assertThatThrownBy(this::start)
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining(file.toString() + ": field 'fns.fixtures/echo'")
        .hasMessageContaining("Invalid JSON: field 'memory' = \"lots\": expected a whole number");
    Files.delete(file);
    start();
  }

  @Test
  void write_shouldAnswer500AndChangeNothing_whenTheDataFolderCannotKeepIt() throws IOException {
    host.close();
    Files.writeString(dir.resolve("data"), "a file where the data folder should be");
    start();
    String path = "/v2/apps/" + host.app().id();
    JsonNode before = JSON.readTree(http.get(path).body());

    HttpResponse<String> refused = http.json("PUT", path, "{\"config\":{\"NEW_KEY\":\"v1\"}}");

    assertFnError(refused, 500, "the change was not made: the host cannot save it in catalog.json of its data folder"
        + " (FileAlreadyExistsException); see the host's log");
    assertThat(JSON.readTree(http.get(path).body())).isEqualTo(before);
    assertThat(config("NEW_KEY")).containsEntry("NEW_KEY", "<unset>");
  }

  private static Thread containerThread(String container) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("fn-container-" + container))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no thread of container " + container));
  }

  /** The function as {@code fn inspect} reads it, through the list by name. */
  private JsonNode fnByName(String appId, String name) throws IOException {
    JsonNode items = JSON.readTree(http.get("/v2/fns?app_id=" + appId + "&name=" + name).body()).path("items");
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  /** What the CLI sends to change a function: the whole function it read, with {@code edit} applied. */
  private HttpResponse<String> putFn(String name, Consumer<ObjectNode> edit) throws IOException {
    ObjectNode fn = (ObjectNode) fnByName(host.app().id(), name).deepCopy();
    edit.accept(fn);
    return http.json("PUT", "/v2/fns/" + fn.path("id").asText(), JSON.writeValueAsString(fn));
  }

  private static String createFnBody(String appId, String name, String image) {
    return "{\"app_id\":\"" + appId + "\",\"name\":\"" + name + "\",\"image\":\"" + image + "\",\"created_at\":\""
        + NO_DATE + "\",\"updated_at\":\"" + NO_DATE + "\"}";
  }

  private Map<String, String> config(String keys) throws IOException {
    HttpResponse<String> response = http.post(host.invokeUri("config"), keys);
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readValue(response.body(), JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
  }

  private static void assertFnError(HttpResponse<String> response, int status, String message) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(JSON.readTree(response.body()).path("message").asText()).isEqualTo(message);
  }

  private static void assertFnErrorStartsWith(HttpResponse<String> response, int status, String prefix)
      throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(JSON.readTree(response.body()).path("message").asText()).startsWith(prefix);
  }
}
