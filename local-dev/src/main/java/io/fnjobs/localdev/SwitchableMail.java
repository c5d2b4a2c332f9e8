package io.fnjobs.localdev;

import io.fnjobs.localdev.smtp.EmbeddedMail;
import io.fnjobs.localdev.smtp.MailServerOptions;

/**
 * The stack's mail server, which a test can stop and start again on the same ports and mailboxes, to
 * see how the system copes with a mail server that is down.
 */
final class SwitchableMail implements AutoCloseable {

  private final MailServerOptions options;
  private EmbeddedMail running;

  private SwitchableMail(MailServerOptions options, EmbeddedMail running) {
    this.options = options;
    this.running = running;
  }

  static SwitchableMail start(MailServerOptions options) {
    return new SwitchableMail(options, EmbeddedMail.start(options));
  }

  synchronized void stop() {
    if (running != null) {
      running.close();
      running = null;
    }
  }

  synchronized void start() {
    if (running == null) {
      running = EmbeddedMail.start(options);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
