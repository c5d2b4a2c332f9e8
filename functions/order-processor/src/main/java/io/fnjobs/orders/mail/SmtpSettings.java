package io.fnjobs.orders.mail;

import io.fnjobs.common.config.InvalidSettingException;
import io.fnjobs.common.config.Settings;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;

/**
 * Where mail goes and who sends it: {@code FNJOBS_SMTP_HOST} (required), {@code FNJOBS_SMTP_PORT}
 * (25), {@code FNJOBS_SMTP_TIMEOUT} for connecting and each answer (PT10S) and {@code FNJOBS_MAIL_FROM}
 * (required, a bare address).
 */
public record SmtpSettings(String host, int port, Duration timeout, String from) {

  public static final String HOST = "FNJOBS_SMTP_HOST";
  public static final String PORT = "FNJOBS_SMTP_PORT";
  public static final String TIMEOUT = "FNJOBS_SMTP_TIMEOUT";
  public static final String FROM = "FNJOBS_MAIL_FROM";

  public static SmtpSettings from(Settings settings) {
    String host = settings.require(HOST, "the SMTP server for order confirmations");
    int port = settings.getInt(PORT, 25);
    if (port < 1 || port > 65_535) {
      throw new InvalidSettingException(PORT, String.valueOf(port), "a port from 1 to 65535");
    }
    Duration timeout = settings.getDuration(TIMEOUT, Duration.ofSeconds(10));
    String from = settings.require(FROM, "the sender address of order confirmations");
    try {
      new InternetAddress(from, true).validate();
    } catch (AddressException e) {
      throw new InvalidSettingException(FROM, from, "a mail address such as orders@example.com");
    }
    return new SmtpSettings(host, port, timeout, from);
  }
}
