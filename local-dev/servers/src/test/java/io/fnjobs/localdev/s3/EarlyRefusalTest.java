package io.fnjobs.localdev.s3;

import static io.fnjobs.localdev.s3.S3TestSupport.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * A conditional write refused before its body has arrived: the refusal must reach the client on a
 * connection that stays open, as it does from S3 and MinIO. The JDK's HTTP client sends the whole body
 * before it reads the answer, so a connection closed on the body's remainder would show it an I/O error
 * instead of the 412, and it would retry a write that can never succeed.
 */
class EarlyRefusalTest {

  /** Long enough for the server to have read the headers and decided before the body comes. */
  private static final Duration BODY_DELAY = Duration.ofMillis(300);

  @TempDir Path dataDir;

  private EmbeddedS3 s3;
  private S3Client client;
  private S3Presigner presigner;

  @BeforeEach
  void start() {
    s3 = S3TestSupport.start(dataDir, event -> {});
    client = S3TestSupport.client(s3.uri());
    presigner = S3Presigner.builder()
        .endpointOverride(s3.uri())
        .region(Region.US_EAST_1)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("minioadmin", "minioadmin")))
        .build();
  }

  @AfterEach
  void stop() {
    presigner.close();
    client.close();
    s3.close();
  }

  @Test
  void putIfMatch_shouldAnswer412AndKeepTheConnection_whenTheBodyArrivesAfterTheRefusalIsDecided() throws Exception {
    String stale = client.putObject(b -> b.bucket(BUCKET).key("lease"), RequestBody.fromString("1")).eTag();
    client.putObject(b -> b.bucket(BUCKET).key("lease"), RequestBody.fromString("2"));
    PresignedPutObjectRequest put = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
        .putObjectRequest(b -> b.bucket(BUCKET).key("lease").ifMatch(stale)));

    try (Socket socket = new Socket(s3.uri().getHost(), s3.uri().getPort())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      out.write(head("PUT", put.url(), put.signedHeaders(), 1));
      out.flush();
      Thread.sleep(BODY_DELAY.toMillis());
      out.write('3');
      out.flush();

      List<String> refusal = readHead(in);
      assertThat(refusal.get(0)).startsWith("HTTP/1.1 412");
      assertThat(refusal).noneMatch(line -> line.equalsIgnoreCase("Connection: close"));

      // the same connection still serves: an unsigned read is answered (403), not reset
      out.write(head("GET", put.url(), Map.of("Host", List.of(s3.uri().getAuthority())), 0));
      out.flush();
      assertThat(nextStatusLine(in)).startsWith("HTTP/1.1 403");
    }
    assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("lease")).asUtf8String()).isEqualTo("2");
  }

  private static byte[] head(String method, URL url, Map<String, List<String>> headers, int contentLength) {
    StringBuilder head = new StringBuilder(method).append(' ').append(url.getFile()).append(" HTTP/1.1\r\n");
    headers.forEach((name, values) -> values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n")));
    head.append("Content-Length: ").append(contentLength).append("\r\n\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static List<String> readHead(BufferedReader in) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      lines.add(line);
    }
    assertThat(lines).as("the answer's status line and headers").isNotEmpty();
    return lines;
  }

  /** Skips what is left of the previous answer's body (which may come in chunks). */
  private static String nextStatusLine(BufferedReader in) throws IOException {
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.startsWith("HTTP/1.1 ")) {
        return line;
      }
    }
    return "connection closed";
  }
}
