package io.fnjobs.fnhost.container;

import com.fnproject.fn.api.OutputEvent;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the FDK answered for one call.
 *
 * @param status the FDK's verdict: Success, FunctionError (the function threw, or could not be
 *     initialised or given its input), FunctionTimeout or InternalError
 * @param headers the response headers the function set
 * @param functionLog what the FDK logged for this call, e.g. the function's exception
 * @param cold whether the call started its container
 */
public record InvocationResult(
    OutputEvent.Status status,
    Optional<String> contentType,
    Map<String, List<String>> headers,
    byte[] body,
    String functionLog,
    Duration elapsed,
    boolean cold) {

  public InvocationResult {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }
}
