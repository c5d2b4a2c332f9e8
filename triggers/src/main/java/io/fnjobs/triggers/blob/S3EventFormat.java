package io.fnjobs.triggers.blob;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.event.TriggerEvent.BlobChange;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.json.Json;
import io.fnjobs.triggers.blob.ObjectChange.Source;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the S3 event records that MinIO POSTs to a webhook ({@code {"EventName", "Key", "Records"}})
 * and that S3 sends to an SQS queue ({@code {"Records"}}, possibly inside an SNS envelope, or the
 * {@code s3:TestEvent} S3 sends when the notification is set up).
 *
 * <p>Both encode the object key as a URL query value: a space is {@code +}, a plus {@code %2B}, other
 * bytes outside letters, digits and a few marks {@code %XX} of their UTF-8 (MinIO escapes {@code /}
 * too, S3 does not). Form decoding reverses both. Event names are {@code s3:ObjectCreated:Put} at
 * MinIO and {@code ObjectCreated:Put} at S3; kinds other than created and removed are ignored.
 *
 * <p>A body is read whole or refused whole: one record that cannot be read (a key with a bad escape,
 * a created object without ETag) refuses the body with {@link InvalidEventException}, naming the
 * record's field and value, so that no record of it is taken.
 */
final class S3EventFormat {

  private S3EventFormat() {}

  /** The changes in a MinIO webhook body. */
  static List<ObjectChange> minioWebhook(byte[] body) {
    JsonNode root = parse(body, "the webhook body");
    if (!root.path("Records").isArray()) {
      throw new InvalidEventException("the webhook body has no Records array: is the sender a MinIO bucket notification?");
    }
    return records(root.path("Records"), Source.webhook);
  }

  /** The changes in one SQS message body from S3; none for S3's test event. */
  static List<ObjectChange> queueMessage(String body) {
    JsonNode root = parse(body.getBytes(StandardCharsets.UTF_8), "the queue message");
    if ("Notification".equals(root.path("Type").asText()) && root.path("Message").isTextual()) {
      // S3 -> SNS -> SQS: the S3 notification is the SNS message, as a string
      return queueMessage(root.path("Message").asText());
    }
    if ("s3:TestEvent".equals(root.path("Event").asText())) {
      return List.of();
    }
    if (!root.path("Records").isArray()) {
      throw new InvalidEventException("the queue message is not an S3 event notification: it has no Records array");
    }
    return records(root.path("Records"), Source.queue);
  }

  /** Every record, or none: a record that cannot be read refuses the whole body, before any is taken. */
  private static List<ObjectChange> records(JsonNode records, Source source) {
    List<ObjectChange> changes = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      change(records.get(i), "Records[" + i + "]", source).ifPresent(changes::add);
    }
    return changes;
  }

  private static Optional<ObjectChange> change(JsonNode record, String name, Source source) {
    Optional<Change> kind = kindOf(record.path("eventName").asText(""));
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    JsonNode s3 = record.path("s3");
    String bucket = s3.path("bucket").path("name").asText("");
    String rawKey = s3.path("object").path("key").asText("");
    if (bucket.isEmpty() || rawKey.isEmpty()) {
      throw new InvalidEventException(name + " has no s3.bucket.name or s3.object.key: " + record);
    }
    JsonNode object = s3.path("object");
    Long size = object.hasNonNull("size") ? object.path("size").asLong() : null;
    String etag = text(object, "eTag");
    String versionId = text(object, "versionId");
    String sequencer = text(object, "sequencer");
    String eventTime = text(record, "eventTime");
    if (kind.get() == Change.created && etag == null && versionId == null) {
      throw new InvalidEventException(name + " is a created object without s3.object.eTag or s3.object.versionId,"
          + " which name the version to process");
    }
    if (kind.get() == Change.removed && versionId == null && sequencer == null && eventTime == null) {
      throw new InvalidEventException(name + " is a removal without s3.object.versionId, s3.object.sequencer or"
          + " eventTime, which tell it from the other removals of the key");
    }
    return Optional.of(ObjectChange.told(new BlobChange(kind.get(), bucket, decodeKey(name + ".s3.object.key", rawKey),
        etag, size, versionId, sequencer), eventTime, source));
  }

  /** {@code s3:ObjectCreated:Put}, {@code ObjectRemoved:Delete}, {@code LifecycleExpiration:Delete}... */
  static Optional<Change> kindOf(String eventName) {
    String name = eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
    if (name.startsWith("ObjectCreated:")) {
      return Optional.of(Change.created);
    }
    if (name.startsWith("ObjectRemoved:") || name.startsWith("LifecycleExpiration:")) {
      return Optional.of(Change.removed);
    }
    return Optional.empty();
  }

  /**
   * Reverses the query escaping of a key: {@code +} to a space, {@code %XX} to its byte, the bytes as
   * UTF-8. Strictly: a {@code %} without two hexadecimal digits after it, or escapes that are not UTF-8,
   * refuse the key, where {@link java.net.URLDecoder} would take {@code %+1} or put in U+FFFD.
   *
   * @param field where the key was, named in the refusal
   */
  static String decodeKey(String field, String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    int i = 0;
    while (i < raw.length()) {
      int c = raw.codePointAt(i);
      if (c == '%') {
        int high = i + 2 < raw.length() ? hexDigit(raw.charAt(i + 1)) : -1;
        int low = high < 0 ? -1 : hexDigit(raw.charAt(i + 2));
        if (low < 0) {
          throw badKey(field, raw, "the '%' at index " + i + " is not followed by two hexadecimal digits");
        }
        bytes.write(high << 4 | low);
        i += 3;
      } else {
        bytes.writeBytes(c == '+' ? new byte[] {' '} : Character.toString(c).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(c);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw badKey(field, raw, "its escaped bytes are not UTF-8");
    }
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  private static InvalidEventException badKey(String field, String raw, String why) {
    return new InvalidEventException(field + " '" + raw + "' is not URL-encoded as S3 and MinIO send keys: " + why);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.isNull() && !value.asText().isEmpty() ? value.asText() : null;
  }

  private static JsonNode parse(byte[] body, String what) {
    try {
      JsonNode root = Json.MAPPER.readTree(body);
      if (root == null || !root.isObject()) {
        throw new InvalidEventException(what + " is not a JSON object");
      }
      return root;
    } catch (IOException e) {
      throw new InvalidEventException(what + " is not JSON: " + e.getMessage());
    }
  }
}
