package io.fnjobs.localdev.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The messages a {@code SendMessage} or {@code SendMessageBatch} request carries, each by its size as
 * SQS counts it: the body and every message attribute's name, type and value, in bytes (UTF-8; binary
 * values decoded). Read from either protocol SQS speaks: AWS JSON (what the AWS SDKs and CLI send today)
 * or the older query protocol (form parameters).
 *
 * @param protocol the protocol the request came in, which its answer must use too
 * @param batch whether it is a {@code SendMessageBatch}
 * @param messageSizes the size of each message, in the request's order
 */
record SendRequest(Protocol protocol, boolean batch, List<Integer> messageSizes) {

  /** How a request is written, and so how its answer must be. */
  enum Protocol {
    JSON,
    QUERY
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TARGET_PREFIX = "AmazonSQS.";
  private static final String SEND = "SendMessage";
  private static final String SEND_BATCH = "SendMessageBatch";
  private static final String BATCH_ENTRY = "SendMessageBatchRequestEntry.";

  SendRequest {
    messageSizes = List.copyOf(messageSizes);
  }

  int totalSize() {
    return messageSizes.stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * The sends in a request, or empty for any other action and for what cannot be read (the server
   * behind answers that as it answers it).
   *
   * @param target the {@code X-Amz-Target} header, which only the JSON protocol sends; may be null
   * @param query the URL's query string, undecoded; may be null
   * @param body the request body
   */
  static Optional<SendRequest> read(String target, String query, byte[] body) {
    try {
      return target != null ? readJson(target, body) : readQuery(query, body);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<SendRequest> readJson(String target, byte[] body) throws IOException {
    String action = target.startsWith(JSON_TARGET_PREFIX) ? target.substring(JSON_TARGET_PREFIX.length()) : target;
    if (!action.equals(SEND) && !action.equals(SEND_BATCH)) {
      return Optional.empty();
    }
    JsonNode request = JSON.readTree(body);
    List<Integer> sizes = new ArrayList<>();
    if (action.equals(SEND)) {
      sizes.add(jsonMessageSize(request));
    } else {
      request.path("Entries").forEach(entry -> sizes.add(jsonMessageSize(entry)));
    }
    return Optional.of(new SendRequest(Protocol.JSON, action.equals(SEND_BATCH), sizes));
  }

  private static int jsonMessageSize(JsonNode message) {
    int size = utf8(message.path("MessageBody").asText(""));
    for (Iterator<Map.Entry<String, JsonNode>> it = message.path("MessageAttributes").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> attribute = it.next();
      JsonNode value = attribute.getValue();
      size += attributeSize(attribute.getKey(), value.path("DataType").asText(""),
          value.hasNonNull("StringValue") ? value.get("StringValue").asText() : null,
          value.hasNonNull("BinaryValue") ? value.get("BinaryValue").asText() : null);
    }
    return size;
  }

  private static Optional<SendRequest> readQuery(String query, byte[] body) {
    Map<String, String> parameters = new HashMap<>();
    addForm(parameters, query);
    addForm(parameters, new String(body, StandardCharsets.UTF_8));
    String action = parameters.get("Action");
    if (SEND.equals(action)) {
      return Optional.of(new SendRequest(Protocol.QUERY, false, List.of(queryMessageSize(parameters, ""))));
    }
    if (!SEND_BATCH.equals(action)) {
      return Optional.empty();
    }
    List<Integer> sizes = new ArrayList<>();
    for (String entry : indexes(parameters, BATCH_ENTRY, ".MessageBody")) {
      sizes.add(queryMessageSize(parameters, BATCH_ENTRY + entry + "."));
    }
    return Optional.of(new SendRequest(Protocol.QUERY, true, sizes));
  }

  /** The size of the message whose parameters start with {@code prefix}. */
  private static int queryMessageSize(Map<String, String> parameters, String prefix) {
    int size = utf8(parameters.getOrDefault(prefix + "MessageBody", ""));
    String attributes = prefix + "MessageAttribute.";
    for (String index : indexes(parameters, attributes, ".Name")) {
      String attribute = attributes + index + ".";
      size += attributeSize(parameters.get(attribute + "Name"), parameters.getOrDefault(attribute + "Value.DataType", ""),
          parameters.get(attribute + "Value.StringValue"), parameters.get(attribute + "Value.BinaryValue"));
    }
    return size;
  }

  /** The {@code n} of every parameter named {@code <prefix><n><suffix>}, in order. */
  private static TreeSet<String> indexes(Map<String, String> parameters, String prefix, String suffix) {
    TreeSet<String> indexes = new TreeSet<>((a, b) -> a.length() != b.length() ? a.length() - b.length() : a.compareTo(b));
    for (String name : parameters.keySet()) {
      if (name.startsWith(prefix) && name.endsWith(suffix) && name.length() > prefix.length() + suffix.length()) {
        String index = name.substring(prefix.length(), name.length() - suffix.length());
        if (index.chars().allMatch(Character::isDigit)) {
          indexes.add(index);
        }
      }
    }
    return indexes;
  }

  private static int attributeSize(String name, String dataType, String stringValue, String binaryValue) {
    int value = stringValue != null ? utf8(stringValue)
        : binaryValue != null ? Base64.getMimeDecoder().decode(binaryValue).length : 0;
    return utf8(name == null ? "" : name) + utf8(dataType) + value;
  }

  private static void addForm(Map<String, String> parameters, String form) {
    if (form == null || form.isEmpty()) {
      return;
    }
    for (String pair : form.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
  }

  private static int utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
