package io.fnjobs.localdev.sqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client error (HTTP 400) as SQS writes it, in either protocol.
 *
 * @param code the error's name in the AWS JSON protocol, e.g. {@code BatchRequestTooLong}
 * @param queryCode its code in the query protocol, e.g. {@code AWS.SimpleQueueService.BatchRequestTooLong};
 *     the JSON protocol repeats it in the {@code x-amzn-query-error} header
 * @param message the text a person reads
 */
record SqsError(String code, String queryCode, String message) {

  static final int STATUS = 400;
  private static final ObjectMapper JSON = new ObjectMapper();

  Map<String, String> headers(SendRequest.Protocol protocol, String requestId) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-amzn-RequestId", requestId);
    if (protocol == SendRequest.Protocol.JSON) {
      headers.put("Content-Type", "application/x-amz-json-1.0");
      headers.put("x-amzn-query-error", queryCode + ";Sender");
    } else {
      headers.put("Content-Type", "text/xml");
    }
    return headers;
  }

  byte[] body(SendRequest.Protocol protocol, String requestId) {
    String body = protocol == SendRequest.Protocol.JSON
        ? JSON.createObjectNode().put("__type", "com.amazonaws.sqs#" + code).put("message", message).toString()
        : "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><Error>"
            + "<Type>Sender</Type><Code>" + xml(queryCode) + "</Code><Message>" + xml(message) + "</Message>"
            + "<Detail/></Error><RequestId>" + xml(requestId) + "</RequestId></ErrorResponse>";
    return body.getBytes(StandardCharsets.UTF_8);
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
