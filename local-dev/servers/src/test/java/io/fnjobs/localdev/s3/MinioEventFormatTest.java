package io.fnjobs.localdev.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MinioEventFormatTest {

  private static final Instant TIME = Instant.parse("2026-11-21T15:04:05.123456Z");

  private final ObjectMapper json = new ObjectMapper();
  private final MinioEventFormat format = new MinioEventFormat(json, "us-east-1", "minioadmin", "http://127.0.0.1:9000");

  @Test
  void body_shouldMatchMiniosWebhookBody_whenAnObjectWasPut() throws IOException {
    StoreEvent put = StoreEvent.created(StoreEvent.PUT, "uploads", "images/cat photo+1.jpg",
        "9b2cf535f27731c974343645a3985328", 2048L, "image/jpeg", Map.of("owner-id", "42"), "187A0C2B5D6E7F80", TIME);

    assertThat(json.readTree(format.body(put))).isEqualTo(fixture("minio-put-event.json"));
  }

  @Test
  void body_shouldCarryOnlyKeyAndSequencer_whenAnObjectWasRemoved() throws IOException {
    StoreEvent removed = StoreEvent.removed("uploads", "images/100%.jpg", "187A0C2B5D6E7F81", TIME);

    assertThat(json.readTree(format.body(removed))).isEqualTo(fixture("minio-delete-event.json"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "images/cat photo.jpg | images%2Fcat+photo.jpg",
        "a+b.txt | a%2Bb.txt",
        "100%.txt | 100%25.txt",
        "unicodé/日本.txt | unicod%C3%A9%2F%E6%97%A5%E6%9C%AC.txt",
        "odd*~'!().txt | odd%2A~%27%21%28%29.txt",
        "a=b&c?d#e:f@g;h,i$j | a%3Db%26c%3Fd%23e%3Af%40g%3Bh%2Ci%24j"
      })
  void queryEscape_shouldEscapeLikeMinio(String key, String escaped) {
    assertThat(MinioEventFormat.queryEscape(key)).isEqualTo(escaped);
  }

  private JsonNode fixture(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream(name)) {
      return json.readTree(in);
    }
  }
}
