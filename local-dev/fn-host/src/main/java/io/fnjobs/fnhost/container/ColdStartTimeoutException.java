package io.fnjobs.fnhost.container;

import java.time.Duration;

/**
 * A new container was not ready for its first call within the host's cold start limit (Fn answers 504
 * "Container initialization timed out"). The container was interrupted and discarded, the call never
 * reached the function, and the next container of the function starts in a fresh class loader.
 */
public final class ColdStartTimeoutException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ColdStartTimeoutException(String function, String container, String callId, Duration limit) {
    super(
        "container "
            + container
            + " of function "
            + function
            + " was not ready for call "
            + callId
            + " within the cold start limit of "
            + limit.toMillis()
            + " ms (loading the FDK and the function class with its static initialisers): make that start-up"
            + " faster or raise coldStartTimeout of the host");
  }
}
