package io.fnjobs.fntesting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fnproject.fn.api.OutputEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the FDK answered for one event: the status (200 success, 502 function error, 504 timeout, 500
 * internal error), the content type, the headers the function set, and the body.
 */
public final class FnCallResult {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OutputEvent.Status status;
  private final Optional<String> contentType;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  private FnCallResult(OutputEvent.Status status, Optional<String> contentType, Map<String, List<String>> headers, byte[] body) {
    this.status = status;
    this.contentType = contentType;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.body = body;
  }

  /** Buffers {@code output}; its body can be read only once. */
  static FnCallResult of(OutputEvent output) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      output.writeToOutput(body);
    } catch (IOException e) {
      throw new UncheckedIOException("the function's output could not be read", e);
    }
    return new FnCallResult(output.getStatus(), output.getContentType(), output.getHeaders().asMap(), body.toByteArray());
  }

  /** The HTTP status Fn would see from the FDK: 200, 502, 504 or 500. */
  public int status() {
    return status.getCode();
  }

  public OutputEvent.Status statusName() {
    return status;
  }

  public boolean isSuccess() {
    return status == OutputEvent.Status.Success;
  }

  /** The body as UTF-8 text. */
  public String body() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The body read as JSON into {@code type}, e.g. a record the function replies with. */
  public <T> T bodyAs(Class<T> type) {
    try {
      return JSON.readValue(body, type);
    } catch (IOException e) {
      throw new IllegalStateException("the function's reply is not a JSON " + type.getSimpleName() + ": " + body(), e);
    }
  }

  public byte[] bodyBytes() {
    return body.clone();
  }

  public Optional<String> contentType() {
    return contentType;
  }

  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of a response header, its name matched ignoring case. */
  public Optional<String> header(String name) {
    return headers.entrySet().stream()
        .filter(entry -> entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty())
        .map(entry -> entry.getValue().get(0))
        .findFirst();
  }

  @Override
  public String toString() {
    return status.getCode() + " " + status + " " + contentType.orElse("") + " " + body();
  }
}
