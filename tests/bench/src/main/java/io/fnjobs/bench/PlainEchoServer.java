package io.fnjobs.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The baseline: a JDK HTTP server that answers a POST with its body, set up as the function host's
 * API server is (same server, same kind of executor), so the difference is the host's own work.
 */
final class PlainEchoServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  PlainEchoServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "plain-echo");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext(
        "/echo",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          exchange.getResponseHeaders().set("Content-Type", "text/plain");
          exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
          exchange.close();
        });
    server.start();
  }

  URI echoUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/echo");
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
