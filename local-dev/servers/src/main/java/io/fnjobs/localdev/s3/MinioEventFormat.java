package io.fnjobs.localdev.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link StoreEvent} as the body MinIO POSTs to a webhook target: {@code {"EventName", "Key",
 * "Records": [one S3 event record]}}, with MinIO's field names, its millisecond event time, its
 * query-escaped object key in the record and the plain {@code bucket/key} at the top.
 */
final class MinioEventFormat {

  private static final DateTimeFormatter EVENT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final ObjectMapper json;
  private final String region;
  private final String principalId;
  private final String originEndpoint;

  MinioEventFormat(ObjectMapper json, String region, String principalId, String originEndpoint) {
    this.json = json;
    this.region = region;
    this.principalId = principalId;
    this.originEndpoint = originEndpoint;
  }

  String body(StoreEvent event) {
    ObjectNode body = json.createObjectNode();
    body.put("EventName", event.eventName());
    body.put("Key", event.bucket() + "/" + event.key());
    ObjectNode record = body.putArray("Records").addObject();
    record.put("eventVersion", "2.0");
    record.put("eventSource", "minio:s3");
    record.put("awsRegion", region);
    record.put("eventTime", EVENT_TIME.format(event.eventTime()));
    record.put("eventName", event.eventName());
    record.putObject("userIdentity").put("principalId", principalId);
    record.putObject("requestParameters").put("principalId", principalId).put("region", region);
    ObjectNode response = record.putObject("responseElements");
    // MinIO's request ids are the request time in hexadecimal nanoseconds too
    response.put("x-amz-request-id", event.sequencer());
    if (!originEndpoint.isEmpty()) {
      response.put("x-minio-origin-endpoint", originEndpoint);
    }
    ObjectNode s3 = record.putObject("s3");
    s3.put("s3SchemaVersion", "1.0");
    s3.put("configurationId", "Config");
    ObjectNode bucket = s3.putObject("bucket");
    bucket.put("name", event.bucket());
    bucket.putObject("ownerIdentity").put("principalId", principalId);
    bucket.put("arn", "arn:aws:s3:::" + event.bucket());
    s3.set("object", object(event));
    record.putObject("source").put("host", "").put("port", "").put("userAgent", "");
    return body.toString();
  }

  /** MinIO leaves out what is empty or zero ({@code omitempty}), and everything but key and sequencer of a removal. */
  private ObjectNode object(StoreEvent event) {
    ObjectNode object = json.createObjectNode();
    object.put("key", queryEscape(event.key()));
    if (event.size() != null && event.size() != 0) {
      object.put("size", event.size());
    }
    if (event.etag() != null && !event.etag().isEmpty()) {
      object.put("eTag", event.etag());
    }
    if (event.contentType() != null && !event.contentType().isEmpty()) {
      object.put("contentType", event.contentType());
    }
    if (event.kind() == StoreEvent.Kind.created) {
      ObjectNode metadata = object.putObject("userMetadata");
      if (event.contentType() != null) {
        metadata.put("content-type", event.contentType());
      }
      for (Map.Entry<String, String> entry : event.userMetadata().entrySet()) {
        metadata.put("X-Amz-Meta-" + canonicalHeaderName(entry.getKey()), entry.getValue());
      }
      if (metadata.isEmpty()) {
        object.remove("userMetadata");
      }
    }
    if (event.versionId() != null) {
      object.put("versionId", event.versionId());
    }
    object.put("sequencer", event.sequencer());
    return object;
  }

  /**
   * Escapes a key the way MinIO does (Go's {@code url.QueryEscape}): letters, digits and {@code -_.~}
   * stay, a space becomes {@code +}, every other UTF-8 byte becomes {@code %XX}, slashes included.
   * Java's {@code URLEncoder} differs on {@code *} and {@code ~}.
   */
  static String queryEscape(String key) {
    StringBuilder escaped = new StringBuilder(key.length() + 16);
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        escaped.append((char) c);
      } else if (c == ' ') {
        escaped.append('+');
      } else {
        escaped.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return escaped.toString();
  }

  /** {@code owner-id} to {@code Owner-Id}, as Go spells header names. */
  private static String canonicalHeaderName(String name) {
    StringBuilder canonical = new StringBuilder(name.length());
    boolean upper = true;
    for (char c : name.toCharArray()) {
      canonical.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return canonical.toString();
  }
}
