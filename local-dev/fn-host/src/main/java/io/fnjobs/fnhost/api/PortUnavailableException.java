package io.fnjobs.fnhost.api;

/** The Fn API cannot listen on the configured address, usually because the port is taken. */
public final class PortUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PortUnavailableException(String host, int port, Throwable cause) {
    super(
        "the function host cannot listen on "
            + host
            + ":"
            + port
            + " ("
            + cause.getMessage()
            + "): stop what holds the port (a Fn server?) or set the host's port (0 picks a free one)",
        cause);
  }
}
