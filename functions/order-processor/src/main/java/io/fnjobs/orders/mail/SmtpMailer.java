package io.fnjobs.orders.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/** {@link Mailer} over SMTP with Jakarta Mail (Angus): one connection per mail, plain UTF-8 text. */
public final class SmtpMailer implements Mailer {

  private final SmtpSettings settings;
  private final Session session;

  public SmtpMailer(SmtpSettings settings) {
    this.settings = settings;
    Properties properties = new Properties();
    properties.put("mail.smtp.host", settings.host());
    properties.put("mail.smtp.port", String.valueOf(settings.port()));
    String timeout = String.valueOf(settings.timeout().toMillis());
    properties.put("mail.smtp.connectiontimeout", timeout);
    properties.put("mail.smtp.timeout", timeout);
    properties.put("mail.smtp.writetimeout", timeout);
    this.session = Session.getInstance(properties);
  }

  @Override
  public void send(OrderMail mail) {
    try {
      Transport.send(message(mail));
    } catch (MessagingException e) {
      throw new MailDeliveryException("the mail " + mail.messageId() + " to " + mail.toAddress() + " could not be sent"
          + " through " + settings.host() + ":" + settings.port() + " (" + e.getMessage()
          + "): check that the SMTP server runs, or " + SmtpSettings.HOST + " and " + SmtpSettings.PORT, e);
    }
  }

  MimeMessage message(OrderMail mail) throws MessagingException {
    MimeMessage message = new FixedIdMessage(session, mail.messageId());
    message.setFrom(new InternetAddress(settings.from()));
    message.setRecipient(MimeMessage.RecipientType.TO, recipient(mail));
    message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
    message.setText(mail.text(), StandardCharsets.UTF_8.name());
    message.setSentDate(new Date());
    return message;
  }

  /** The address with the name as its (encoded) display name: a name cannot inject headers. */
  private static InternetAddress recipient(OrderMail mail) throws MessagingException {
    try {
      return new InternetAddress(mail.toAddress(), mail.toName(), StandardCharsets.UTF_8.name());
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("every JVM has UTF-8", e);
    }
  }

  /** A message whose Message-ID is the one given, where Jakarta Mail would make a random one. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String messageId;

    FixedIdMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
