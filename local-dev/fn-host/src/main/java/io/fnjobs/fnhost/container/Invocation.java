package io.fnjobs.fnhost.container;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of a function as the caller sent it: the call id the host minted, the request headers
 * meant for the function (hop-by-hop headers already removed) and the body.
 */
public record Invocation(String callId, Map<String, List<String>> headers, byte[] body) {

  public Invocation {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }
}
