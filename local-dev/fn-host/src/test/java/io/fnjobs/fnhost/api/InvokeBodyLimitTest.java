package io.fnjobs.fnhost.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnjobs.fnhost.FnHost;
import io.fnjobs.fnhost.FnHostOptions;
import io.fnjobs.fnhost.FunctionsFolder;
import io.fnjobs.fnhost.fixtures.EchoFunction;
import io.fnjobs.fnhost.fixtures.ProbeFunction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The invoke body limit over loopback. The oversized requests are written by hand on a socket, so the
 * test decides what of the body the host gets: none at all, or an unfinished chunked body.
 */
class InvokeBodyLimitTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LIMIT = 1024;

  @TempDir static Path dir;

  private static FnHost host;

  @BeforeAll
  static void startHost() {
    FunctionsFolder.create(dir, "limits", Map.of())
        .function("echo", EchoFunction.class, 10, Map.of())
        .function("probe", ProbeFunction.class, 10, Map.of());
    host = FnHost.start(FnHostOptions.builder().port(0).functionsDir(dir).maxRequestSize(LIMIT).build());
  }

  @AfterAll
  static void stopHost() {
    host.close();
  }

  @Test
  void invoke_shouldAnswer413NamingSizeAndLimit_withoutWaitingForTheBody_whenContentLengthIsOverTheLimit()
      throws IOException {
    RawAnswer answer = sendHeadersOnly(host.invokeUri("echo"), "Content-Length: 5000");

    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.header("content-type")).isEqualTo("application/json; charset=utf-8");
    assertThat(answer.header("connection")).isEqualToIgnoringCase("close");
    assertThat(answer.header("fn-call-id")).isNotBlank();
    assertThat(answer.json().path("message").asText())
        .isEqualTo("Content-Length too large for this server, 5000 > max 1024");
  }

  @Test
  void invoke_shouldAnswer413_asSoonAsAChunkedBodyGrowsPastTheLimit_beforeItEnds() throws IOException {
    URI uri = host.invokeUri("echo");
    try (Socket socket = connect(uri)) {
      OutputStream out = socket.getOutputStream();
      out.write(head(uri, "Transfer-Encoding: chunked"));
      out.write(chunk(1000));
      out.write(chunk(25));
      out.flush(); // 1025 bytes so far, and no last chunk: the body has not ended

      RawAnswer answer = RawAnswer.read(socket.getInputStream());

      assertThat(answer.status()).isEqualTo(413);
      assertThat(answer.json().path("message").asText())
          .isEqualTo("Request content too large for this server, at least 1025 > max 1024");
    }
  }

  @Test
  void invoke_shouldRunTheFunction_whenTheBodyIsExactlyTheLimit_sentWithALengthOrChunked() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    byte[] body = new byte[LIMIT];
    Arrays.fill(body, (byte) 'a');

    HttpResponse<String> withLength = client.send(
        HttpRequest.newBuilder(host.invokeUri("echo")).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> chunked = client.send(
        HttpRequest.newBuilder(host.invokeUri("echo"))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(withLength.statusCode()).isEqualTo(200);
    assertThat(withLength.body()).isEqualTo("echo:" + new String(body, StandardCharsets.US_ASCII));
    assertThat(chunked.statusCode()).isEqualTo(200);
    assertThat(chunked.body()).hasSize(LIMIT + "echo:".length());
  }

  @Test
  void invoke_shouldNeverStartTheFunction_forARefusedBody() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger pool = (Logger) LoggerFactory.getLogger("io.fnjobs.fnhost.container.FunctionPool");
    pool.addAppender(logs);
    try {
      assertThat(sendHeadersOnly(host.invokeUri("probe"), "Content-Length: 1025").status()).isEqualTo(413);
      assertThat(sendHeadersOnly(host.invokeUri("probe"), "Content-Length: 9999999").status()).isEqualTo(413);

      HttpResponse<String> accepted = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(host.invokeUri("probe")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(accepted.statusCode()).isEqualTo(200);
      JsonNode report = JSON.readTree(accepted.body());
      assertThat(report.path("staticCalls").asInt()).isEqualTo(1);
      assertThat(report.path("configurations").asInt()).isEqualTo(1);
      assertThat(logs.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .filteredOn(line -> line.contains("fn=probe") && line.contains("cold start"))
          .hasSize(1);
    } finally {
      pool.detachAppender(logs);
    }
  }

  @Test
  void invoke_shouldRefuseABodyOverFnsTestLimitOf6MiB_whenTheLimitIsLeftAtItsDefault(@TempDir Path other)
      throws IOException {
    FunctionsFolder.create(other, "defaults", Map.of()).function("echo", EchoFunction.class, 10, Map.of());
    try (FnHost defaults = FnHost.start(FnHostOptions.builder().port(0).functionsDir(other).build())) {
      RawAnswer answer = sendHeadersOnly(defaults.invokeUri("echo"), "Content-Length: 6291457");

      assertThat(answer.status()).isEqualTo(413);
      assertThat(answer.json().path("message").asText())
          .isEqualTo("Content-Length too large for this server, 6291457 > max 6291456");
    }
  }

  @Test
  void invoke_shouldTakeAnyBody_whenTheLimitIsZero(@TempDir Path other) throws Exception {
    FunctionsFolder.create(other, "unlimited", Map.of()).function("echo", EchoFunction.class, 10, Map.of());
    try (FnHost unlimited =
        FnHost.start(FnHostOptions.builder().port(0).functionsDir(other).maxRequestSize(0).build())) {
      byte[] body = new byte[LIMIT * 4];
      Arrays.fill(body, (byte) 'b');

      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(unlimited.invokeUri("echo")).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).hasSize(body.length + "echo:".length());
    }
  }

  /** Sends the request line and headers, no body, and reads the answer. */
  private static RawAnswer sendHeadersOnly(URI uri, String header) throws IOException {
    try (Socket socket = connect(uri)) {
      socket.getOutputStream().write(head(uri, header));
      socket.getOutputStream().flush();
      return RawAnswer.read(socket.getInputStream());
    }
  }

  private static Socket connect(URI uri) throws IOException {
    Socket socket = new Socket(uri.getHost(), uri.getPort());
    // a host that waited for the body would never answer: fail instead of hanging
    socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
    return socket;
  }

  private static byte[] head(URI uri, String header) {
    return ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
        + "\r\nContent-Type: text/plain\r\n" + header + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] chunk(int size) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    byte[] data = new byte[size];
    Arrays.fill(data, (byte) 'c');
    bytes.writeBytes(data);
    bytes.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return bytes.toByteArray();
  }

  /** An HTTP/1.1 answer with a Content-Length, read off a socket. */
  private record RawAnswer(int status, Map<String, String> headers, byte[] body) {

    static RawAnswer read(InputStream in) throws IOException {
      String statusLine = line(in);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      return new RawAnswer(Integer.parseInt(statusLine.split(" ")[1]), headers, in.readNBytes(length));
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("the connection ended inside the answer's head: " + line);
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    String header(String name) {
      return headers.getOrDefault(name, "");
    }

    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }
}
