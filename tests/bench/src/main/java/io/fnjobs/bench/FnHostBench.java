package io.fnjobs.bench;

import com.fnproject.fn.api.Headers;
import com.fnproject.fn.api.InputEvent;
import com.fnproject.fn.api.OutputEvent;
import com.fnproject.fn.runtime.EventCodec;
import com.fnproject.fn.runtime.ReadOnceInputEvent;
import com.fnproject.fn.testing.FnTestingClassLoader;
import io.fnjobs.bench.echo.EchoFunction;
import io.fnjobs.fnhost.FnHost;
import io.fnjobs.fnhost.FnHostOptions;
import io.fnjobs.fnhost.FunctionsFolder;
import io.fnjobs.fnhost.catalog.Catalog;
import io.fnjobs.fnhost.catalog.CatalogLoader;
import io.fnjobs.fnhost.container.FunctionContainers;
import io.fnjobs.fnhost.container.FunctionSpec;
import io.fnjobs.fnhost.container.Invocation;
import io.fnjobs.fnhost.container.InvocationResult;
import io.fnjobs.fnhost.container.SharedTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures what a call through the local function host costs, on one machine over loopback: the cold
 * first call, then hot calls of an echo function, against a plain JDK HTTP echo server (the host's own
 * overhead is the difference) and against the same function called in-process, through the host's
 * containers and through the FDK codec directly.
 *
 * <p>Arguments: {@code [warm-up calls, default 500] [measured calls, default 2000] [body bytes, default
 * 256]}.
 */
public final class FnHostBench {

  /** What the function's class loader takes from the bench: the JDK and the codec types. */
  private static final List<String> SHARED_WITH_FUNCTION =
      Stream.concat(Stream.of("java.", "javax.", "sun.", "jdk.", "com.sun."), SharedTypes.NAMES.stream().map(name -> "=" + name))
          .toList();

  private final int warmup;
  private final int calls;
  private final byte[] body;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<String> rows = new ArrayList<>();

  private FnHostBench(int warmup, int calls, int bodyBytes) {
    this.warmup = warmup;
    this.calls = calls;
    byte[] text = new byte[bodyBytes];
    Arrays.fill(text, (byte) 'x');
    this.body = text;
  }

  public static void main(String[] args) throws Exception {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int bodyBytes = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    new FnHostBench(warmup, calls, bodyBytes).run();
  }

  private void run() throws Exception {
    Path functions = Files.createTempDirectory("fn-host-bench");
    try {
      FunctionsFolder.create(functions, "bench", Map.of()).function("echo", EchoFunction.class, 30, Map.of());
      Latencies[] overHttp = overHttp(functions);
      Latencies host = overHttp[0];
      Latencies plain = overHttp[1];
      Latencies containers = viaContainers(functions);
      Latencies codec = viaCodec();
      row("host overhead over plain HTTP (difference)", host.percentileMillis(50) - plain.percentileMillis(50),
          host.percentileMillis(99) - plain.percentileMillis(99), host.meanMillis() - plain.meanMillis());
      print();
    } finally {
      try (Stream<Path> files = Files.walk(functions)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
      }
    }
  }

  /**
   * HTTP over loopback: the cold first call to the host, then hot calls to the host and to the plain
   * server, one after the other, so that both see the same client, JIT and machine load.
   */
  private Latencies[] overHttp(Path functions) throws Exception {
    try (FnHost host = FnHost.start(FnHostOptions.builder().port(0).functionsDir(functions).build());
        PlainEchoServer plain = new PlainEchoServer()) {
      URI apps = URI.create(host.uri() + "/v2/apps");
      for (int i = 0; i < 50; i++) {
        http.send(HttpRequest.newBuilder(apps).build(), HttpResponse.BodyHandlers.discarding());
      }
      URI invoke = host.invokeUri("echo");
      URI echo = plain.echoUri();
      long started = System.nanoTime();
      post(invoke);
      rows.add(String.format("%-46s %10.3f %10s %10s", "cold first call, HTTP -> fn-host -> FDK", (System.nanoTime() - started) / 1e6, "", ""));
      for (int i = 0; i < warmup; i++) {
        post(invoke);
        post(echo);
      }
      Latencies viaHost = new Latencies(calls);
      Latencies viaPlain = new Latencies(calls);
      for (int i = 0; i < calls; i++) {
        viaHost.add(timed(invoke));
        viaPlain.add(timed(echo));
      }
      record(viaHost, "hot call, HTTP -> fn-host -> FDK");
      record(viaPlain, "plain JDK HttpServer echo, same HTTP client");
      return new Latencies[] {viaHost, viaPlain};
    }
  }

  private long timed(URI uri) throws IOException, InterruptedException {
    long started = System.nanoTime();
    post(uri);
    return System.nanoTime() - started;
  }

  /** The host's containers without HTTP: hand-off to the container thread, FDK, back. */
  private Latencies viaContainers(Path functions) throws Exception {
    Catalog catalog = new CatalogLoader().load(functions);
    FunctionSpec echo = FunctionSpec.of(catalog.app(), catalog.functionByName("echo").orElseThrow());
    Map<String, List<String>> headers = Map.of("Content-Type", List.of("text/plain"));
    try (FunctionContainers containers = new FunctionContainers(1, Duration.ofSeconds(1), Clock.systemUTC())) {
      return measured(
          "fn-host containers in-process, no HTTP",
          () -> {
            InvocationResult result = containers.invoke(echo, new Invocation("bench", headers, body));
            check(result.status() == OutputEvent.Status.Success && result.body().length == body.length, result.status());
          });
    }
  }

  /** The FDK alone: the function's handler called by a codec on the caller's thread. */
  private Latencies viaCodec() throws Exception {
    Latencies[] measured = new Latencies[1];
    Exception[] failure = new Exception[1];
    EventCodec codec =
        handler -> {
          try {
            measured[0] = Latencies.measure(warmup, calls, () -> handleInline(handler));
          } catch (Exception e) {
            failure[0] = e;
          }
        };
    Map<String, String> env = new HashMap<>(Map.of("FN_FORMAT", "http-stream", "FN_APP_ID", "bench", "FN_FN_ID", "echo"));
    new FnTestingClassLoader(EchoFunction.class.getClassLoader(), SHARED_WITH_FUNCTION)
        .run(env, codec, new PrintStream(System.err, true, StandardCharsets.UTF_8), EchoFunction.class.getName() + "::handleRequest");
    if (failure[0] != null) {
      throw failure[0];
    }
    record(measured[0], "FDK codec inline, same thread, no HTTP");
    return measured[0];
  }

  private void handleInline(EventCodec.Handler handler) throws IOException {
    Headers headers = Headers.emptyHeaders().addHeader("Content-Type", "text/plain");
    InputEvent event =
        new ReadOnceInputEvent(new ByteArrayInputStream(body), headers, "bench", Instant.now().plusSeconds(30));
    OutputEvent output = handler.handle(event);
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    output.writeToOutput(answer);
    check(output.isSuccess() && answer.size() == body.length, output.getStatus());
  }

  private void post(URI uri) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(uri).header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    check(response.statusCode() == 200 && response.body().length == body.length, response.statusCode());
  }

  private static void check(boolean answeredRight, Object what) {
    if (!answeredRight) {
      throw new IllegalStateException("the echo answered wrongly: " + what);
    }
  }

  private Latencies measured(String label, Latencies.Call call) throws Exception {
    Latencies latencies = Latencies.measure(warmup, calls, call);
    record(latencies, label);
    return latencies;
  }

  private void record(Latencies latencies, String label) {
    row(label, latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.meanMillis());
  }

  private void row(String label, double p50, double p99, double mean) {
    rows.add(String.format("%-46s %10.3f %10.3f %10.3f", label, p50, p99, mean));
  }

  private void print() {
    System.out.printf(
        "fn-host latency: echo function, %d-byte body, %d measured calls after %d warm-up, one caller, loopback%n",
        body.length, calls, warmup);
    System.out.printf(
        "java %s, %d cores%n%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    System.out.printf("%-46s %10s %10s %10s%n", "path", "p50 ms", "p99 ms", "mean ms");
    rows.forEach(System.out::println);
  }
}
