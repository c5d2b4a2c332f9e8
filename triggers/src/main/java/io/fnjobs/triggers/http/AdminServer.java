package io.fnjobs.triggers.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trigger layer's own HTTP endpoint: routes by method and exact path to handlers that answer with a
 * status and a JSON body, or with {@link Content} as it is (the console's pages). Unknown paths get
 * 404, known paths with another method 405.
 *
 * <p>With an admin token ({@link #requireToken}), every request that is not a read ({@code GET}) must
 * carry it as {@code Authorization: Bearer <token>}, or is answered 401 without reaching its handler:
 * a route added later is guarded unless it says otherwise ({@link #routeWithOwnAuth}). Reads stay open.
 */
public final class AdminServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // without TCP_NODELAY the JDK server's small answers wait for the client's delayed ACK (~40 ms);
    // the JDK reads this once, when the process makes its first HttpServer
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** Handles one request. */
  @FunctionalInterface
  public interface Handler {
    Reply handle(Request request) throws IOException;
  }

  /**
   * A request: its path parameters (the {@code {name}} segments of the route), query parameters,
   * headers and body.
   */
  public record Request(
      String method,
      URI uri,
      Map<String, String> path,
      Map<String, String> query,
      com.sun.net.httpserver.Headers headers,
      InputStream body) {}

  /** An answer: a status and a value written as JSON, or a {@link Content} sent as it is. */
  public record Reply(int status, Object body) {
    public static Reply ok(Object body) {
      return new Reply(200, body);
    }

    /** 200 with {@code text} as it is, of {@code contentType}, not JSON (Prometheus' text format). */
    public static Reply text(String contentType, String text) {
      return new Reply(200, new Content(contentType, text.getBytes(StandardCharsets.UTF_8), Map.of()));
    }

    public static Reply error(int status, String message) {
      return new Reply(status, Map.of("error", message));
    }

    /** 404 for a name that is none of {@code known}, listing them: "no trigger 'x'; the triggers are a, b". */
    public static Reply noSuch(String kind, String name, List<String> known) {
      return error(404, "no " + kind + " '" + name + "'; the " + kind + "s are "
          + (known.isEmpty() ? "none" : String.join(", ", known)));
    }
  }

  /**
   * A body sent as it is rather than as JSON, with its content type and extra headers (a page, a
   * script, a style sheet).
   */
  public record Content(String contentType, byte[] bytes, Map<String, String> headers) {
    public Content {
      headers = Map.copyOf(headers);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Map<String, Handler>> routes = new LinkedHashMap<>();
  private final Set<String> ownAuth = new HashSet<>();
  private volatile BearerToken adminToken;

  private AdminServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds host:port (port 0 picks a free one); {@link #start()} opens it. */
  public static AdminServer bind(String host, int port) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
      ExecutorService executor = Executors.newFixedThreadPool(8, daemonThreads());
      server.setExecutor(executor);
      AdminServer admin = new AdminServer(server, executor);
      server.createContext("/", admin::dispatch);
      return admin;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + host + ":" + port + " (" + e.getMessage() + "): free the port or set FNJOBS_HTTP_PORT", e);
    }
  }

  /**
   * Adds a route. Paths are matched segment by segment: a segment {@code {name}} matches any one
   * segment, a last segment {@code {name...}} the rest of the path (one segment or more, each decoded,
   * joined with {@code /}).
   */
  public AdminServer route(String method, String path, Handler handler) {
    routes.computeIfAbsent(path, any -> new LinkedHashMap<>()).put(method, handler);
    return this;
  }

  /** Adds a route that checks the caller's credentials itself (a store's webhook): no admin token applies. */
  public AdminServer routeWithOwnAuth(String method, String path, Handler handler) {
    ownAuth.add(method + " " + path);
    return route(method, path, handler);
  }

  /** Requires {@code token} of every request but reads and the routes with their own credentials. */
  public AdminServer requireToken(String token) {
    this.adminToken = BearerToken.of(token);
    return this;
  }

  public void start() {
    server.start();
  }

  public URI uri() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort());
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    try (exchange) {
      Reply reply = replyTo(exchange);
      byte[] body;
      if (reply.body() instanceof Content content) {
        body = content.bytes();
        content.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("Content-Type", content.contentType());
      } else {
        body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
      }
      // a browser must not guess another type than the one given: a JSON answer is never run as a script
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.sendResponseHeaders(reply.status(), body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private Reply replyTo(HttpExchange exchange) {
    String path = exchange.getRequestURI().getRawPath();
    for (Map.Entry<String, Map<String, Handler>> route : routes.entrySet()) {
      Map<String, String> parameters = match(route.getKey(), path);
      if (parameters != null) {
        Reply refused = refusedWithoutToken(exchange, route.getKey());
        return refused != null ? refused : handle(exchange, path, route.getValue(), parameters);
      }
    }
    return Reply.error(404, "no such endpoint: " + path);
  }

  /** 401 for an action without the admin token, naming what to send; null when it may go on. */
  private Reply refusedWithoutToken(HttpExchange exchange, String route) {
    BearerToken token = adminToken;
    String method = exchange.getRequestMethod();
    if (token == null || "GET".equals(method) || "HEAD".equals(method) || ownAuth.contains(method + " " + route)) {
      return null;
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (token.matches(header)) {
      return null;
    }
    String path = exchange.getRequestURI().getRawPath();
    LOG.warn("admin {} {} refused: {} admin token", method, path, header == null ? "no" : "wrong");
    return Reply.error(401, (header == null ? "no admin token: " : "wrong admin token: ")
        + method + " " + path + " needs the header 'Authorization: Bearer <token>' with the trigger layer's"
        + " FNJOBS_ADMIN_TOKEN");
  }

  private static Map<String, String> match(String pattern, String path) {
    String[] expected = pattern.split("/", -1);
    String[] actual = path.split("/", -1);
    boolean rest = expected[expected.length - 1].endsWith("...}");
    if (rest ? actual.length < expected.length : expected.length != actual.length) {
      return null;
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < expected.length; i++) {
      if (rest && i == expected.length - 1) {
        String tail = restOf(actual, i);
        if (tail == null) {
          return null;
        }
        parameters.put(expected[i].substring(1, expected[i].length() - 4), tail);
      } else if (expected[i].startsWith("{") && expected[i].endsWith("}") && !actual[i].isEmpty()) {
        parameters.put(expected[i].substring(1, expected[i].length() - 1), decodePathSegment(actual[i]));
      } else if (!expected[i].equals(actual[i])) {
        return null;
      }
    }
    return parameters;
  }

  /** The segments from {@code from} on, each decoded, joined with '/'; null when one is empty. */
  private static String restOf(String[] segments, int from) {
    StringBuilder joined = new StringBuilder();
    for (int i = from; i < segments.length; i++) {
      if (segments[i].isEmpty()) {
        return null;
      }
      joined.append(i == from ? "" : "/").append(decodePathSegment(segments[i]));
    }
    return joined.toString();
  }

  private Reply handle(HttpExchange exchange, String path, Map<String, Handler> byMethod, Map<String, String> parameters) {
    Handler handler = byMethod.get(exchange.getRequestMethod());
    if (handler == null) {
      return Reply.error(405, path + " answers " + String.join(", ", byMethod.keySet()));
    }
    try {
      return handler.handle(new Request(
          exchange.getRequestMethod(), exchange.getRequestURI(), parameters, query(exchange.getRequestURI()),
          exchange.getRequestHeaders(), exchange.getRequestBody()));
    } catch (IOException | RuntimeException e) {
      LOG.error("admin {} {} failed", exchange.getRequestMethod(), path, e);
      return Reply.error(500, String.valueOf(e.getMessage()));
    }
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      query.put(decode(key), decode(value));
    }
    return query;
  }

  /** Percent-decoding only: in a path, unlike a query, '+' is a plus. */
  private static String decodePathSegment(String segment) {
    return decode(segment.replace("+", "%2B"));
  }

  private static String decode(String text) {
    return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return runnable -> {
      Thread thread = new Thread(runnable, "trigger-admin-http");
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Stops listening at once: the listeners have finished their work before this is called. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
