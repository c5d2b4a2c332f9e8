package io.fnjobs.orders.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Mailer} over SMTP with Jakarta Mail (Angus), plain UTF-8 text, over one connection kept open
 * from mail to mail: a hot function saves the connect and greeting of every mail after its first. A
 * kept connection the server has closed meanwhile (idle time-out, restart) fails the next mail on it:
 * that mail goes again at once over a new connection, so no mail is lost to a dead connection (one
 * the server accepted just as the connection died is sent twice, with its one Message-ID).
 */
public final class SmtpMailer implements Mailer, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpMailer.class);

  private final SmtpSettings settings;
  private final Session session;
  // the kept connection; null until the first mail and after a failure. Calls are serial in a hot
  // function, synchronized for any other caller
  private Transport connection;

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
  public synchronized void send(OrderMail mail) {
    try {
      MimeMessage message = message(mail);
      message.saveChanges();
      if (connection != null && sentOnKeptConnection(message, mail)) {
        return;
      }
      connection = session.getTransport("smtp");
      connection.connect();
      connection.sendMessage(message, message.getAllRecipients());
    } catch (MessagingException e) {
      close();
      throw new MailDeliveryException("the mail " + mail.messageId() + " to " + mail.toAddress() + " could not be sent"
          + " through " + settings.host() + ":" + settings.port() + " (" + e.getMessage()
          + "): check that the SMTP server runs, or " + SmtpSettings.HOST + " and " + SmtpSettings.PORT, e);
    }
  }

  /** Sends over the kept connection; false when it has died, closed then, for the caller to send anew. */
  private boolean sentOnKeptConnection(MimeMessage message, OrderMail mail) throws MessagingException {
    try {
      connection.sendMessage(message, message.getAllRecipients());
      return true;
    } catch (MessagingException failed) {
      if (refusedByServer(failed)) {
        throw failed;
      }
      LOG.info("function=order-processor mail={} the kept SMTP connection to {}:{} failed ({}): sending over a new one",
          mail.messageId(), settings.host(), settings.port(), failed.getMessage());
      close();
      return false;
    }
  }

  /**
   * Whether the server itself refused the mail (a 5xx answer, an address it does not take), which a
   * new connection would only hear again; an end of stream or a 4xx (such as 421, closing) is not.
   */
  private static boolean refusedByServer(MessagingException failure) {
    if (failure instanceof SMTPSendFailedException answered && answered.getReturnCode() >= 500) {
      return true;
    }
    return failure instanceof SendFailedException refused && refused.getInvalidAddresses() != null
        && refused.getInvalidAddresses().length > 0;
  }

  /** Closes the kept connection, if any; the next mail opens a new one. */
  @Override
  public synchronized void close() {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (MessagingException alreadyGone) {
      // nothing to give back: the server or the network closed it first
    }
    connection = null;
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
