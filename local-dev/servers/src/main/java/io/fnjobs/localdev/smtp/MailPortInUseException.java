package io.fnjobs.localdev.smtp;

import java.util.Locale;

/** The mail server cannot listen on its SMTP or IMAP port, because another process holds it. */
public final class MailPortInUseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** @param protocol {@code smtp} or {@code imap}, which also names the setting to change */
  public MailPortInUseException(String protocol, String host, int port, Throwable cause) {
    super(
        "the mail server cannot listen for " + protocol.toUpperCase(Locale.ROOT) + " on " + host + ":"
            + port + " (" + cause.getMessage() + "): stop what holds the port or choose another " + protocol
            + " port (--" + protocol + "-port; 0 picks a free one)",
        cause);
  }
}
