package io.fnjobs.localdev.smtp;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run the embedded mail server; {@link #builder()} starts from the embedded stack's defaults.
 *
 * @param host the address to listen on; {@code 127.0.0.1} by default
 * @param smtpPort the SMTP port; 2525 by default, 0 for a free one
 * @param imapPort the IMAP port; 3143 by default, 0 for a free one
 * @param dataDir where the mailboxes are kept across restarts, one {@code .eml} file per message
 */
public record MailServerOptions(String host, int smtpPort, int imapPort, Path dataDir) {

  public MailServerOptions {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    checkPort(smtpPort, "smtpPort");
    checkPort(imapPort, "imapPort");
    Objects.requireNonNull(dataDir, "dataDir");
  }

  private static void checkPort(int port, String name) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(name + " must be 0 to 65535 (0 picks a free one), was " + port);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the embedded stack's ports on loopback; only the data folder must be set. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int smtpPort = 2525;
    private int imapPort = 3143;
    private Path dataDir;

    private Builder() {}

    public Builder host(String value) {
      this.host = value;
      return this;
    }

    public Builder smtpPort(int value) {
      this.smtpPort = value;
      return this;
    }

    public Builder imapPort(int value) {
      this.imapPort = value;
      return this;
    }

    public Builder dataDir(Path value) {
      this.dataDir = value;
      return this;
    }

    public MailServerOptions build() {
      return new MailServerOptions(host, smtpPort, imapPort, dataDir);
    }
  }
}
