package io.fnjobs.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void hash_shouldBeTheSame_whenParsedObjectsDifferOnlyInKeyOrder() throws Exception {
    JsonNode one = Json.MAPPER.readTree("{\"a\":1,\"b\":{\"y\":[{\"q\":1,\"p\":2}],\"x\":\"s\"}}");
    JsonNode other = Json.MAPPER.readTree("{\"b\":{\"x\":\"s\",\"y\":[{\"p\":2,\"q\":1}]},\"a\":1}");

    assertThat(Json.hash(other)).isEqualTo(Json.hash(one));
  }

  @Test
  void hash_shouldBeTheSame_whenAParsedObjectIsNestedInAMapOrARecord() throws Exception {
    JsonNode one = Json.MAPPER.readTree("{\"a\":1,\"b\":2}");
    JsonNode other = Json.MAPPER.readTree("{\"b\":2,\"a\":1}");

    assertThat(Json.hash(Map.of("body", other))).isEqualTo(Json.hash(Map.of("body", one)));
    assertThat(Json.hash(new Wrapper("w", other))).isEqualTo(Json.hash(new Wrapper("w", one)));
  }

  @Test
  void hash_shouldDiffer_whenOnlyTheOrderOfAnArrayDiffers() throws Exception {
    assertThat(Json.hash(Json.MAPPER.readTree("[1,2]"))).isNotEqualTo(Json.hash(Json.MAPPER.readTree("[2,1]")));
  }

  @Test
  void write_shouldSortTheKeysOfNestedParsedObjects() throws Exception {
    JsonNode parsed = Json.MAPPER.readTree("{\"z\":{\"b\":1,\"a\":2},\"y\":0}");

    assertThat(new String(Json.write(new Wrapper("w", parsed)), StandardCharsets.UTF_8))
        .isEqualTo("{\"name\":\"w\",\"value\":{\"y\":0,\"z\":{\"a\":2,\"b\":1}}}");
  }

  @Test
  void read_shouldReadARecordWrittenWithUnsortedNestedKeys_asBefore() {
    byte[] before = "{\"value\":{\"z\":1,\"a\":2},\"name\":\"w\"}".getBytes(StandardCharsets.UTF_8);

    Wrapper read = Json.read(before, Wrapper.class, "a record written before");

    assertThat(read.name()).isEqualTo("w");
    assertThat(read.value().path("z").asInt()).isEqualTo(1);
    assertThat(read.value().path("a").asInt()).isEqualTo(2);
  }

  record Wrapper(String name, JsonNode value) {}
}
