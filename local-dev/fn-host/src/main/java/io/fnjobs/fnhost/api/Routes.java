package io.fnjobs.fnhost.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fn server's route table, as gin matches it: a path is segments, {@code {}} matches one segment and
 * hands it to the handler. A path no route has is {@link NoPath} (Fn: 404 "Path not found"), a path
 * some route has for other methods is {@link WrongMethod} (Fn: 405 "Method not allowed").
 */
final class Routes {

  /** Handles one request; {@code params} are the path's {@code {}} segments, in order. */
  interface Handler {
    void handle(HttpExchange exchange, List<String> params) throws IOException;
  }

  /** What a request's method and path lead to. */
  sealed interface Routed {}

  record Found(Handler handler, List<String> params) implements Routed {}

  record WrongMethod() implements Routed {}

  record NoPath() implements Routed {}

  private record Route(String method, String[] segments, Handler handler) {}

  private final List<Route> routes = new ArrayList<>();

  Routes add(String method, String pattern, Handler handler) {
    routes.add(new Route(method, segments(pattern), handler));
    return this;
  }

  Routed route(String method, String path) {
    String[] segments = segments(path);
    boolean pathKnown = false;
    for (Route route : routes) {
      List<String> params = match(route.segments(), segments);
      if (params != null) {
        if (route.method().equals(method)) {
          return new Found(route.handler(), params);
        }
        pathKnown = true;
      }
    }
    return pathKnown ? new WrongMethod() : new NoPath();
  }

  private static List<String> match(String[] pattern, String[] path) {
    if (pattern.length != path.length) {
      return null;
    }
    List<String> params = new ArrayList<>();
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i].equals("{}")) {
        if (path[i].isEmpty()) {
          return null;
        }
        params.add(path[i]);
      } else if (!pattern[i].equals(path[i])) {
        return null;
      }
    }
    return params;
  }

  /** {@code /v2/apps/} is {@code /v2/apps}, as gin redirects it; {@code /} has no segments. */
  private static String[] segments(String path) {
    String trimmed = path.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
  }
}
