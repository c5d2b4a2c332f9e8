package io.fnjobs.triggers.fn;

import java.time.Duration;

/** A function resolved on the Fn server: its app and function names and ids, and its timeout. */
public record FunctionRef(String app, String appId, String function, String functionId, Duration timeout) {

  @Override
  public String toString() {
    return app + "/" + function + " (" + functionId + ")";
  }
}
