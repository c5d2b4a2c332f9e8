package io.fnjobs.triggers.fn;

import java.nio.charset.StandardCharsets;

/**
 * What Fn answered an invocation: the HTTP status (200 success, 502 the function failed, 503 no
 * capacity, 504 the function ran past its timeout), Fn's call id, and the body.
 */
public record InvokeResult(int status, String callId, byte[] body, String contentType) {

  public boolean succeeded() {
    return status >= 200 && status < 300;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
