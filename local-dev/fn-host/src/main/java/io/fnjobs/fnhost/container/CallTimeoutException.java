package io.fnjobs.fnhost.container;

import java.time.Duration;

/**
 * A call ran past its function's timeout (Fn answers 504). Its container was interrupted and dropped;
 * the next call starts a fresh one.
 */
public final class CallTimeoutException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CallTimeoutException(String function, String callId, Duration timeout) {
    super(
        "call "
            + callId
            + " of function "
            + function
            + " ran past its timeout of "
            + timeout.toSeconds()
            + " s: make the function faster or raise timeout in its func.yaml");
  }
}
