package io.fnjobs.fnhost.container;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment Fn gives a function's container, which the FDK reads as the function's config: the
 * app's config, then the function's (it wins), then Fn's own variables.
 */
public final class FunctionEnvironment {

  private FunctionEnvironment() {}

  public static Map<String, String> of(
      String appId, String appName, Map<String, String> appConfig, String fnId, String fnName,
      Map<String, String> fnConfig, int memoryMb) {
    Map<String, String> env = new LinkedHashMap<>(appConfig);
    env.putAll(fnConfig);
    env.put("FN_APP_ID", appId);
    env.put("FN_FN_ID", fnId);
    env.put("FN_APP_NAME", appName);
    env.put("FN_FN_NAME", fnName);
    env.put("FN_MEMORY", String.valueOf(memoryMb));
    env.put("FN_TYPE", "sync");
    env.put("FN_FORMAT", "http-stream");
    return Collections.unmodifiableMap(env);
  }
}
