package io.fnjobs.fnhost.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.fnjobs.fnhost.catalog.Catalog;
import io.fnjobs.fnhost.catalog.FunctionDefinition;
import io.fnjobs.fnhost.container.CallTimeoutException;
import io.fnjobs.fnhost.container.ColdStartTimeoutException;
import io.fnjobs.fnhost.container.ContainerFailedException;
import io.fnjobs.fnhost.container.ContainersBusyException;
import io.fnjobs.fnhost.container.FunctionInvoker;
import io.fnjobs.fnhost.container.Invocation;
import io.fnjobs.fnhost.container.InvocationResult;
import io.fnjobs.fnhost.ids.FnIds;
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
 * Fn server's HTTP API over the JDK's HTTP server, as far as a trigger layer and the {@code fn} CLI's
 * read commands use it: {@code GET /v2/apps[?name=]}, {@code GET /v2/apps/{id}}, {@code GET
 * /v2/fns?app_id=[&name=]}, {@code GET /v2/fns/{id}} and {@code POST /invoke/{fn_id}}, with Fn's JSON
 * shapes, error messages and status codes. It only translates: calls are run by a {@link
 * FunctionInvoker}. An invoke body over the host's limit is refused with 413 before the function is
 * started, as Fn server does with {@code FN_MAX_REQUEST_SIZE}.
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

  private final Catalog catalog;
  private final FunctionInvoker invoker;
  private final FnIds ids;
  private final BodyLimit bodyLimit;
  private final ObjectMapper json = new ObjectMapper();
  private final FnResources resources = new FnResources(json);
  private final HttpServer server;
  private final ExecutorService executor;
  private final URI uri;

  private FnApiServer(
      String host, int port, Catalog catalog, FunctionInvoker invoker, FnIds ids, long maxRequestSize)
      throws IOException {
    this.catalog = catalog;
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
    server.createContext("/v2/apps", guarded(this::apps));
    server.createContext("/v2/fns", guarded(this::fns));
    server.createContext("/invoke/", guarded(this::invoke));
    server.createContext("/", guarded(exchange -> send(exchange, 404, resources.error("Path not found"))));
    String uriHost = host.contains(":") ? "[" + host + "]" : host;
    this.uri = URI.create("http://" + uriHost + ":" + server.getAddress().getPort());
  }

  /**
   * Listens on {@code host:port} (port 0: a free one) and serves the catalog.
   *
   * @param maxRequestSize the largest invoke body in bytes; 0 for no limit
   * @throws PortUnavailableException the address cannot be bound
   */
  public static FnApiServer start(
      String host, int port, Catalog catalog, FunctionInvoker invoker, FnIds ids, long maxRequestSize) {
    FnApiServer api;
    try {
      api = new FnApiServer(host, port, catalog, invoker, ids, maxRequestSize);
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

  private void apps(HttpExchange exchange) throws IOException {
    if (!isGet(exchange)) {
      return;
    }
    Optional<String> id = idAfter(exchange, "/v2/apps");
    if (id.isPresent()) {
      boolean found = id.get().equals(catalog.app().id());
      send(exchange, found ? 200 : 404, found ? resources.app(catalog.app()) : resources.error("App not found"));
      return;
    }
    String name = query(exchange).get("name");
    List<ObjectNode> items =
        name == null || name.equals(catalog.app().name()) ? List.of(resources.app(catalog.app())) : List.of();
    send(exchange, 200, resources.list(items));
  }

  private void fns(HttpExchange exchange) throws IOException {
    if (!isGet(exchange)) {
      return;
    }
    Optional<String> id = idAfter(exchange, "/v2/fns");
    if (id.isPresent()) {
      Optional<FunctionDefinition> function = catalog.functionById(id.get());
      send(
          exchange,
          function.isPresent() ? 200 : 404,
          function.<JsonNode>map(fn -> resources.fn(fn, uri)).orElseGet(() -> resources.error("Fn not found")));
      return;
    }
    Map<String, String> query = query(exchange);
    String appId = query.get("app_id");
    if (appId == null || appId.isEmpty()) {
      send(exchange, 400, resources.error("Missing AppID on Fn"));
      return;
    }
    String name = query.get("name");
    List<ObjectNode> items =
        catalog.functions().stream()
            .filter(fn -> fn.appId().equals(appId))
            .filter(fn -> name == null || fn.name().equals(name))
            .map(fn -> resources.fn(fn, uri))
            .toList();
    send(exchange, 200, resources.list(items));
  }

  private void invoke(HttpExchange exchange) throws IOException {
    String callId = ids.newCallId();
    exchange.getResponseHeaders().set("Fn-Call-Id", callId);
    if (!exchange.getRequestMethod().equals("POST")) {
      send(exchange, 405, resources.error("Method not allowed"));
      return;
    }
    Optional<FunctionDefinition> function = idAfter(exchange, "/invoke").flatMap(catalog::functionById);
    if (function.isEmpty()) {
      send(exchange, 404, resources.error("Fn not found"));
      return;
    }
    byte[] body;
    try {
      body = bodyLimit.read(exchange.getRequestHeaders(), exchange.getRequestBody());
    } catch (RequestTooLargeException e) {
      refuseTooLarge(exchange, function.get(), callId, e);
      return;
    }
    Invocation call = new Invocation(callId, functionHeaders(exchange.getRequestHeaders()), body);
    try {
      answer(exchange, invoker.invoke(function.get(), call));
    } catch (ContainersBusyException e) {
      long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
      exchange.getResponseHeaders().set("Retry-After", String.valueOf(seconds));
      LOG.warn("app={} fn={} call={}: {}", catalog.app().name(), function.get().name(), callId, e.getMessage());
      send(exchange, 503, resources.error("Timed out - server too busy"));
    } catch (ColdStartTimeoutException e) {
      send(exchange, 504, resources.error(
          "Container initialization timed out, please ensure you are using the latest fdk and check the logs"));
    } catch (CallTimeoutException e) {
      send(exchange, 504, resources.error("Timed out"));
    } catch (ContainerFailedException e) {
      send(exchange, 502, resources.error("error receiving function response"));
    }
  }

  /**
   * Answers 413 while the rest of the body is still unread: closing the request stream first would
   * wait for the body the client may never send. The connection is not reused, since the rest of the
   * body would come first on it.
   */
  private void refuseTooLarge(
      HttpExchange exchange, FunctionDefinition function, String callId, RequestTooLargeException e)
      throws IOException {
    LOG.warn(
        "app={} fn={} call={}: refused, the function was not started: {}; raise maxRequestSize of the host"
            + " (Fn server: FN_MAX_REQUEST_SIZE) to take larger bodies",
        catalog.app().name(), function.name(), callId, e.getMessage());
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
      case FunctionError -> send(exchange, 502, resources.error("function failed"));
      case FunctionTimeout -> send(exchange, 504, resources.error("Timed out"));
      case InternalError -> send(exchange, 502, resources.error("invalid function response"));
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

  private boolean isGet(HttpExchange exchange) throws IOException {
    if (exchange.getRequestMethod().equals("GET")) {
      return true;
    }
    send(exchange, 405, resources.error("Method not allowed"));
    return false;
  }

  /** The path segment after {@code prefix}, if the path is exactly {@code prefix/segment}. */
  private static Optional<String> idAfter(HttpExchange exchange, String prefix) {
    String path = exchange.getRequestURI().getPath();
    String rest = path.length() > prefix.length() ? path.substring(prefix.length()) : "";
    if (rest.isEmpty() || rest.equals("/")) {
      return Optional.empty();
    }
    String id = rest.substring(1);
    return rest.startsWith("/") && !id.contains("/") ? Optional.of(id) : Optional.of("");
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

  private interface Route {
    void handle(HttpExchange exchange) throws IOException;
  }

  private HttpHandler guarded(Route route) {
    return exchange -> {
      try {
        route.handle(exchange);
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
