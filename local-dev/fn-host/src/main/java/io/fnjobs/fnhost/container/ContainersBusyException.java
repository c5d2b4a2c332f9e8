package io.fnjobs.fnhost.container;

import java.time.Duration;

/** Every container of a function was busy for longer than the host's busy wait (Fn answers 503). */
public final class ContainersBusyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public ContainersBusyException(String function, int containers, Duration busyWait) {
    super(
        "all "
            + containers
            + " containers of function "
            + function
            + " stayed busy for "
            + busyWait.toMillis()
            + " ms: send fewer calls at once, or raise containersPerFunction or busyWait of the host");
    this.retryAfter = busyWait;
  }

  /** How long a caller should wait before trying again. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
