package io.fnjobs.triggers.blob;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnjobs.common.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** MinIO webhook bodies of one record about the {@code uploads} bucket, as the event fixtures show them. */
final class MinioEvents {

  private MinioEvents() {}

  /** An object put; {@code versionId} null where the bucket keeps no versions. */
  static String created(String key, String etag, String versionId, String sequencer, Instant eventTime) {
    ObjectNode record = record("s3:ObjectCreated:Put", key, versionId, sequencer, eventTime);
    ((ObjectNode) record.path("s3").path("object")).put("size", 1).put("eTag", etag);
    return body(record);
  }

  /** A delete: of the object, or, with {@code versionId}, one that left that delete marker. */
  static String removed(String key, String versionId, String sequencer, Instant eventTime) {
    return body(record(versionId == null ? "s3:ObjectRemoved:Delete" : "s3:ObjectRemoved:DeleteMarkerCreated", key,
        versionId, sequencer, eventTime));
  }

  private static ObjectNode record(String eventName, String key, String versionId, String sequencer,
      Instant eventTime) {
    ObjectNode record = Json.MAPPER.createObjectNode();
    record.put("eventVersion", "2.0");
    record.put("eventSource", "minio:s3");
    record.put("eventTime", eventTime.toString());
    record.put("eventName", eventName);
    ObjectNode s3 = record.putObject("s3");
    s3.putObject("bucket").put("name", StateStore.UPLOADS);
    ObjectNode object = s3.putObject("object").put("key", URLEncoder.encode(key, StandardCharsets.UTF_8))
        .put("sequencer", sequencer);
    if (versionId != null) {
      object.put("versionId", versionId);
    }
    return record;
  }

  private static String body(ObjectNode record) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("EventName", record.path("eventName").asText());
    body.put("Key", StateStore.UPLOADS + "/" + record.path("s3").path("object").path("key").asText());
    body.putArray("Records").add(record);
    return body.toString();
  }
}
