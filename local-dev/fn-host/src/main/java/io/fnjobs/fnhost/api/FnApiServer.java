package io.fnjobs.fnhost.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.fnjobs.fnhost.container.CallTimeoutException;
import io.fnjobs.fnhost.container.ColdStartTimeoutException;
import io.fnjobs.fnhost.container.ContainerFailedException;
import io.fnjobs.fnhost.container.ContainersBusyException;
import io.fnjobs.fnhost.container.FunctionInvoker;
import io.fnjobs.fnhost.container.FunctionSpec;
import io.fnjobs.fnhost.container.Invocation;
import io.fnjobs.fnhost.container.InvocationResult;
import io.fnjobs.fnhost.ids.FnIds;
import io.fnjobs.fnhost.metrics.HostMetrics;
import io.fnjobs.fnhost.store.App;
import io.fnjobs.fnhost.store.AppChange;
import io.fnjobs.fnhost.store.CallTarget;
import io.fnjobs.fnhost.store.ChangeNotSavedException;
import io.fnjobs.fnhost.store.Fn;
import io.fnjobs.fnhost.store.FnChange;
import io.fnjobs.fnhost.store.FnJson;
import io.fnjobs.fnhost.store.FnStore;
import io.fnjobs.fnhost.store.InvalidResourceException;
import io.fnjobs.fnhost.store.ResourceConflictException;
import io.fnjobs.fnhost.store.ResourceNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fn server's HTTP API over the JDK's HTTP server, as the trigger layer and the {@code fn} CLI use it,
 * with Fn's JSON shapes, messages and status codes: apps ({@code /v2/apps}) and functions ({@code
 * /v2/fns}) to list, read, create, update and delete; triggers, which the host has none of ({@code
 * /v2/triggers}); {@code POST /invoke/{fn_id}}; {@code GET /version} and {@code GET /}; the host's own
 * {@code GET /metrics} (Prometheus text: {@link HostMetrics}). A path Fn does
 * not have is answered 404 "Path not found: METHOD /path", a method a path does not take 405 "Method
 * not allowed: METHOD /path". It only translates: the apps and functions are kept by an {@link
 * FnStore}, calls are run by a {@link FunctionInvoker}. A body over the host's limit is refused with
 * 413 before the function is started, as Fn server does with {@code FN_MAX_REQUEST_SIZE}.
 */
public final class FnApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FnApiServer.class);

  /**
   * The JDK server writes a response's headers and body separately; without TCP_NODELAY the body waits
   * for the client's delayed ACK, about 40 ms a call on loopback. The JDK reads this property once, when
   * the process creates its first HTTP server: a process that creates one before the host should pass
   * {@code -Dsun.net.httpserver.nodelay=true} itself.
   */
  static final String NO_DELAY = "sun.net.httpserver.nodelay";

  static {
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
  }

  /** Request headers that concern the connection to the host, not the function. */
  private static final Set<String> HOP_HEADERS =
      Set.of(
          "host", "accept-encoding", "transfer-encoding", "user-agent", "connection", "te", "upgrade",
          "http2-settings", "keep-alive", "proxy-connection");

  private static final Set<String> UNCOPIED_RESPONSE_HEADERS =
      Set.of("content-type", "content-length", "transfer-encoding", "connection");

  private static final String JSON_TYPE = "application/json; charset=utf-8";

  private static final String NO_FN_TRIGGERS =
      "the embedded host has no Fn triggers: fnjobs' triggers are declared in infra/triggers/*.yaml and run by its"
          + " trigger layer";

  private final FnStore store;
  private final FunctionInvoker invoker;
  private final FnIds ids;
  private final BodyLimit bodyLimit;
  private final HostMetrics metrics;
  private final ObjectMapper json = new ObjectMapper();
  private final FnResources resources = new FnResources(json);
  private final Routes routes = new Routes();
  private final HttpServer server;
  private final ExecutorService executor;
  private final URI uri;

  private FnApiServer(
      String host, int port, FnStore store, FunctionInvoker invoker, FnIds ids, long maxRequestSize,
      HostMetrics metrics) throws IOException {
    this.metrics = metrics;
    this.store = store;
    this.invoker = invoker;
    this.ids = ids;
    this.bodyLimit = new BodyLimit(maxRequestSize);
    this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "fn-host-http-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    route();
    server.createContext("/", guarded(this::dispatch));
    String uriHost = host.contains(":") ? "[" + host + "]" : host;
    this.uri = URI.create("http://" + uriHost + ":" + server.getAddress().getPort());
  }

  /**
   * Listens on {@code host:port} (port 0: a free one) and serves the store's apps and functions.
   *
   * @param maxRequestSize the largest request body in bytes; 0 for no limit
   * @param metrics counts the calls, for {@code GET /metrics}
   * @throws PortUnavailableException the address cannot be bound
   */
  public static FnApiServer start(
      String host, int port, FnStore store, FunctionInvoker invoker, FnIds ids, long maxRequestSize,
      HostMetrics metrics) {
    FnApiServer api;
    try {
      api = new FnApiServer(host, port, store, invoker, ids, maxRequestSize, metrics);
    } catch (BindException e) {
      throw new PortUnavailableException(host, port, e);
    } catch (IOException e) {
      throw new UncheckedIOException("the function host cannot listen on " + host + ":" + port, e);
    }
    api.server.start();
    return api;
  }

  /** The base address, e.g. {@code http://127.0.0.1:8080}. */
  public URI uri() {
    return uri;
  }

  private void route() {
    routes
        .add("GET", "/", (exchange, params) -> send(exchange, 200, resources.hello()))
        .add("GET", "/version", (exchange, params) -> send(exchange, 200, resources.version()))
        .add("GET", "/metrics", (exchange, params) -> {
          exchange.getResponseHeaders().set("Content-Type", HostMetrics.CONTENT_TYPE);
          send(exchange, 200, metrics.scrape().getBytes(StandardCharsets.UTF_8));
        })
        .add("GET", "/v2/apps", (exchange, params) -> listApps(exchange))
        .add("POST", "/v2/apps",
            (exchange, params) -> send(exchange, 200, resources.app(store.createApp(appBody(exchange)))))
        .add("GET", "/v2/apps/{}", (exchange, params) -> send(exchange, 200, resources.app(app(params.get(0)))))
        .add("PUT", "/v2/apps/{}",
            (exchange, params) -> send(exchange, 200, resources.app(store.updateApp(params.get(0), appBody(exchange)))))
        .add("DELETE", "/v2/apps/{}", (exchange, params) -> {
          store.deleteApp(params.get(0));
          sendNoContent(exchange);
        })
        .add("GET", "/v2/fns", (exchange, params) -> listFns(exchange))
        .add("POST", "/v2/fns", (exchange, params) -> sendFn(exchange, store.createFn(fnBody(exchange))))
        .add("GET", "/v2/fns/{}",
            (exchange, params) -> sendFn(exchange, store.fn(params.get(0)).orElseThrow(ResourceNotFoundException::fn)))
        .add("PUT", "/v2/fns/{}", (exchange, params) -> sendFn(exchange, store.updateFn(params.get(0), fnBody(exchange))))
        .add("DELETE", "/v2/fns/{}", (exchange, params) -> {
          store.deleteFn(params.get(0));
          sendNoContent(exchange);
        })
        .add("GET", "/v2/triggers", (exchange, params) -> listTriggers(exchange))
        .add("POST", "/v2/triggers", (exchange, params) -> send(exchange, 400, resources.error(NO_FN_TRIGGERS)))
        .add("POST", "/invoke/{}", (exchange, params) -> invoke(exchange, params.get(0)));
    for (String method : List.of("GET", "PUT", "DELETE")) {
      routes.add(method, "/v2/triggers/{}",
          (exchange, params) -> send(exchange, 404, resources.error("Trigger not found")));
    }
    // Fn removed its calls API and answers 410 there; the app-scoped paths are its older form
    for (String calls : List.of("/v2/fns/{}/calls", "/v2/fns/{}/calls/{}", "/v2/fns/{}/calls/{}/log",
        "/v2/apps/{}/calls", "/v2/apps/{}/calls/{}", "/v2/apps/{}/calls/{}/log")) {
      routes.add("GET", calls, (exchange, params) -> send(exchange, 410, resources.error(
          "Gone: Fn keeps no call records; the host logs each call with its call id")));
    }
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Routes.Routed routed = routes.route(method, path);
    if (routed instanceof Routes.Found found) {
      found.handler().handle(exchange, found.params());
    } else if (routed instanceof Routes.WrongMethod) {
      send(exchange, 405, resources.error("Method not allowed: " + method + " " + path));
    } else {
      send(exchange, 404, resources.error("Path not found: " + method + " " + path));
    }
  }

  private void listApps(HttpExchange exchange) throws IOException {
    String name = query(exchange).get("name");
    List<ObjectNode> items =
        store.apps().stream().filter(app -> name == null || app.name().equals(name)).map(resources::app).toList();
    send(exchange, 200, resources.list(items));
  }

  private App app(String id) {
    return store.app(id).orElseThrow(ResourceNotFoundException::app);
  }

  private void listFns(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange);
    String appId = query.get("app_id");
    if (appId == null || appId.isEmpty()) {
      send(exchange, 400, resources.error("Missing AppID on Fn"));
      return;
    }
    String name = query.get("name");
    String base = base(exchange);
    List<ObjectNode> items =
        store.fns(appId).stream()
            .filter(fn -> name == null || fn.name().equals(name))
            .map(fn -> resources.fn(fn, base))
            .toList();
    send(exchange, 200, resources.list(items));
  }

  private void listTriggers(HttpExchange exchange) throws IOException {
    String appId = query(exchange).get("app_id");
    if (appId == null || appId.isEmpty()) {
      send(exchange, 400, resources.error("Missing App ID on Trigger"));
      return;
    }
    send(exchange, 200, resources.list(List.of()));
  }

  private void sendFn(HttpExchange exchange, Fn fn) throws IOException {
    send(exchange, 200, resources.fn(fn, base(exchange)));
  }

  /** Where the caller reached the host, as Fn's invoke endpoint annotation names it: the request's Host. */
  private String base(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    return host == null || host.isBlank() ? uri.toString() : "http://" + host.trim();
  }

  private AppChange appBody(HttpExchange exchange) throws IOException {
    return FnJson.appChange(jsonBody(exchange));
  }

  private FnChange fnBody(HttpExchange exchange) throws IOException {
    return FnJson.fnChange(jsonBody(exchange));
  }

  private JsonNode jsonBody(HttpExchange exchange) throws IOException {
    byte[] body = bodyLimit.read(exchange.getRequestHeaders(), exchange.getRequestBody());
    if (body.length == 0) {
      throw new InvalidResourceException("Invalid JSON: the request has no body");
    }
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidResourceException("Invalid JSON: " + e.getOriginalMessage());
    }
  }

  private void invoke(HttpExchange exchange, String fnId) throws IOException {
    String callId = ids.newCallId();
    exchange.getResponseHeaders().set("Fn-Call-Id", callId);
    Optional<Fn> fn = store.fn(fnId);
    if (fn.isEmpty()) {
      send(exchange, 404, resources.error("Fn not found"));
      return;
    }
    byte[] body;
    try {
      body = bodyLimit.read(exchange.getRequestHeaders(), exchange.getRequestBody());
    } catch (RequestTooLargeException e) {
      refuseTooLarge(exchange, fn.get(), callId, e);
      return;
    }
    Optional<CallTarget> target = store.target(fnId);
    if (target.isEmpty()) {
      send(exchange, 404, resources.error("Fn not found"));
    } else if (target.get() instanceof CallTarget.NoCode noCode) {
      LOG.warn("app={} fn={} call={}: not run: {}", noCode.appName(), noCode.fnName(), callId, noCode.reason());
      send(exchange, 502, resources.error(noCode.reason()));
    } else {
      Invocation call = new Invocation(callId, functionHeaders(exchange.getRequestHeaders()), body);
      run(exchange, ((CallTarget.Ready) target.get()).spec(), call);
    }
  }

  private void run(HttpExchange exchange, FunctionSpec function, Invocation call) throws IOException {
    try {
      InvocationResult result = invoker.invoke(function, call);
      metrics.called(function.appName(), function.fnName(), statusOf(result), result.cold(), result.elapsed());
      answer(exchange, result);
    } catch (ContainersBusyException e) {
      metrics.called(function.appName(), function.fnName(), 503, false, null);
      long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
      exchange.getResponseHeaders().set("Retry-After", String.valueOf(seconds));
      LOG.warn("app={} fn={} call={}: {}", function.appName(), function.fnName(), call.callId(), e.getMessage());
      send(exchange, 503, resources.error("Timed out - server too busy"));
    } catch (ColdStartTimeoutException e) {
      metrics.called(function.appName(), function.fnName(), 504, true, null);
      send(exchange, 504, resources.error(
          "Container initialization timed out, please ensure you are using the latest fdk and check the logs"));
    } catch (CallTimeoutException e) {
      metrics.called(function.appName(), function.fnName(), 504, false, null);
      send(exchange, 504, resources.error("Timed out"));
    } catch (ContainerFailedException e) {
      metrics.called(function.appName(), function.fnName(), 502, false, null);
      send(exchange, 502, resources.error("error receiving function response"));
    }
  }

  /** The status {@link #answer} sends for the FDK's verdict. */
  private static int statusOf(InvocationResult result) {
    return switch (result.status()) {
      case Success -> 200;
      case FunctionTimeout -> 504;
      case FunctionError, InternalError -> 502;
    };
  }

  /**
   * Answers 413 while the rest of the body is still unread: closing the request stream first would
   * wait for the body the client may never send. The connection is not reused, since the rest of the
   * body would come first on it.
   */
  private void refuseTooLarge(HttpExchange exchange, Fn fn, String callId, RequestTooLargeException e)
      throws IOException {
    LOG.warn(
        "app={} fn={} call={}: refused, the function was not started: {}; raise maxRequestSize of the host"
            + " (Fn server: FN_MAX_REQUEST_SIZE) to take larger bodies",
        store.app(fn.appId()).map(App::name).orElse(fn.appId()), fn.name(), callId, e.getMessage());
    exchange.getResponseHeaders().set("Connection", "close");
    send(exchange, 413, resources.error(e.getMessage()));
  }

  private void answer(HttpExchange exchange, InvocationResult result) throws IOException {
    switch (result.status()) {
      case Success -> {
        Headers headers = exchange.getResponseHeaders();
        result.headers().forEach((name, values) -> {
          if (!UNCOPIED_RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            headers.put(name, values);
          }
        });
        result.contentType().ifPresent(type -> headers.set("Content-Type", type));
        send(exchange, 200, result.body());
      }
      case FunctionError -> send(exchange, statusOf(result), resources.error("function failed"));
      case FunctionTimeout -> send(exchange, statusOf(result), resources.error("Timed out"));
      case InternalError -> send(exchange, statusOf(result), resources.error("invalid function response"));
    }
  }

  private static Map<String, List<String>> functionHeaders(Headers request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    request.forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        headers.put(name, values);
      }
    });
    return headers;
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> values = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.putIfAbsent(decode(key), decode(value));
    }
    return values;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", JSON_TYPE);
    send(exchange, status, json.writeValueAsBytes(body));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void sendNoContent(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(204, -1);
  }

  private interface Route {
    void handle(HttpExchange exchange) throws IOException;
  }

  /** Answers the store's refusals with Fn's status codes, and anything unexpected with 500. */
  private HttpHandler guarded(Route route) {
    return exchange -> {
      try {
        route.handle(exchange);
      } catch (InvalidResourceException e) {
        sendQuietly(exchange, 400, resources.error(e.getMessage()));
      } catch (ResourceNotFoundException e) {
        sendQuietly(exchange, 404, resources.error(e.getMessage()));
      } catch (ResourceConflictException e) {
        sendQuietly(exchange, 409, resources.error(e.getMessage()));
      } catch (RequestTooLargeException e) {
        exchange.getResponseHeaders().set("Connection", "close"); // the rest of the body is unread
        sendQuietly(exchange, 413, resources.error(e.getMessage()));
      } catch (ChangeNotSavedException e) {
        LOG.error("{} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage(), e.getCause());
        sendQuietly(exchange, 500, resources.error(e.getMessage()));
      } catch (IOException e) {
        LOG.debug("{} {}: the client went away: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
      } catch (RuntimeException e) {
        LOG.error("{} {} failed in the host", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        sendQuietly(exchange, 500, resources.error("internal server error"));
      } finally {
        exchange.close();
      }
    };
  }

  private void sendQuietly(HttpExchange exchange, int status, JsonNode body) {
    try {
      send(exchange, status, body);
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot send the error response", e);
    }
  }

  /** Stops listening at once (the port is free on return) and stops the request threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
