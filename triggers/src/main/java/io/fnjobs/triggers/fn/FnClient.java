package io.fnjobs.triggers.fn;

import java.time.Duration;
import java.util.Map;

/**
 * The trigger layer's view of an Fn server: find functions by app and function name through the
 * {@code /v2} API, and invoke them through {@code POST /invoke/{fn_id}}. Nothing else, so that the same
 * code drives a real Fn server and the embedded function host.
 */
public interface FnClient {

  /**
   * Resolves a function by app and function name.
   *
   * @throws FunctionNotFoundException when the app or the function does not exist
   * @throws FnUnavailableException when the Fn API cannot be reached
   */
  FunctionRef resolve(String app, String function);

  /**
   * Invokes a function synchronously and returns Fn's answer, whatever its status.
   *
   * @param timeout how long to wait for the answer before giving up
   * @throws FnUnavailableException when Fn cannot be reached or does not answer in time
   */
  InvokeResult invoke(FunctionRef function, byte[] body, String contentType, Duration timeout);

  /**
   * Invokes as {@link #invoke(FunctionRef, byte[], String, Duration)} does, with {@code headers} on the
   * request besides (the trace context's {@code traceparent}): Fn passes an invoke request's headers to
   * the function. A client that cannot send headers (a test's scripted Fn) drops them.
   */
  default InvokeResult invoke(FunctionRef function, byte[] body, String contentType, Duration timeout,
      Map<String, String> headers) {
    return invoke(function, body, contentType, timeout);
  }
}
