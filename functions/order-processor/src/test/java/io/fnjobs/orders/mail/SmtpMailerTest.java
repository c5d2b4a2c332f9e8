package io.fnjobs.orders.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.localdev.smtp.EmbeddedMail;
import io.fnjobs.localdev.smtp.MailServerOptions;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP mailer against the real embedded mail server, read back over IMAP. */
class SmtpMailerTest {

  @TempDir static Path data;
  private static EmbeddedMail server;
  private static SmtpMailer mailer;

  @BeforeAll
  static void start() {
    server = EmbeddedMail.start(MailServerOptions.builder().smtpPort(0).imapPort(0).dataDir(data).build());
    mailer = new SmtpMailer(new SmtpSettings("127.0.0.1", server.smtpPort(), Duration.ofSeconds(5), "orders@fnjobs.test"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void send_shouldCarryTheGivenMessageId_andTheTextInUtf8() throws Exception {
    String id = MessageIds.of("Ö-1", 1, "confirmation", "orders@fnjobs.test");

    mailer.send(new OrderMail(id, "zoe@example.com", "Zoë 😀", "Order Ö-1 confirmed: 5.00 EUR", "Grüße, Zoë"));

    Message received = only("zoe@example.com");
    assertThat(received.getHeader("Message-ID")).containsExactly(id);
    assertThat(received.getSubject()).isEqualTo("Order Ö-1 confirmed: 5.00 EUR");
    assertThat(received.getContent()).isEqualTo("Grüße, Zoë");
    assertThat(received.getHeader("To")[0]).contains("zoe@example.com");
    assertThat(received.getFrom()[0].toString()).isEqualTo("orders@fnjobs.test");
  }

  @Test
  void send_shouldKeepTheNameInsideTheToHeader_whenItHoldsALineBreak() throws Exception {
    mailer.send(new OrderMail("<id.1@fnjobs.test>", "eve@example.com", "Eve\r\nBcc: mallory@example.com",
        "Order E-1 confirmed: 1.00 EUR", "text"));

    Message received = only("eve@example.com");
    assertThat(received.getHeader("Bcc")).isNull();
    assertThat(received.getAllRecipients()).hasSize(1);
  }

  @Test
  void send_shouldNameTheSettings_whenTheServerCannotBeReached() {
    SmtpMailer nowhere = new SmtpMailer(new SmtpSettings("127.0.0.1", 1, Duration.ofSeconds(2), "orders@fnjobs.test"));

    assertThatThrownBy(() -> nowhere.send(new OrderMail("<id.2@fnjobs.test>", "x@example.com", "X", "s", "t")))
        .isInstanceOf(MailDeliveryException.class)
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageContaining("FNJOBS_SMTP_HOST and FNJOBS_SMTP_PORT");
  }

  @Test
  void send_shouldKeepOneConnection_forSeveralMails() throws Exception {
    try (CountingRelay relay = new CountingRelay(server.smtpPort());
        SmtpMailer kept = new SmtpMailer(new SmtpSettings("127.0.0.1", relay.port(), Duration.ofSeconds(5),
            "orders@fnjobs.test"))) {
      for (int i = 1; i <= 3; i++) {
        kept.send(new OrderMail("<pool." + i + "@fnjobs.test>", "pool@example.com", "Pool", "Order P-" + i, "text"));
      }

      assertThat(relay.connections()).isEqualTo(1);
    }
    assertThat(count("pool@example.com")).isEqualTo(3);
  }

  @Test
  void send_shouldSendOverANewConnection_andLoseNoMail_whenTheKeptOneWasClosed() throws Exception {
    try (CountingRelay relay = new CountingRelay(server.smtpPort());
        SmtpMailer kept = new SmtpMailer(new SmtpSettings("127.0.0.1", relay.port(), Duration.ofSeconds(5),
            "orders@fnjobs.test"))) {
      kept.send(new OrderMail("<dead.1@fnjobs.test>", "dead@example.com", "Dead", "Order D-1", "text"));
      relay.dropAll();

      kept.send(new OrderMail("<dead.2@fnjobs.test>", "dead@example.com", "Dead", "Order D-2", "text"));

      assertThat(relay.connections()).isEqualTo(2);
    }
    assertThat(count("dead@example.com")).isEqualTo(2);
  }

  private static int count(String address) throws Exception {
    return inInbox(address, Folder::getMessageCount);
  }

  private static Message only(String address) throws Exception {
    return inInbox(address, inbox -> {
      assertThat(inbox.getMessageCount()).isEqualTo(1);
      Message message = inbox.getMessage(1);
      message.getContent();
      return new jakarta.mail.internet.MimeMessage((jakarta.mail.internet.MimeMessage) message);
    });
  }

  /** What {@code read} makes of the address's inbox, opened read-only over IMAP. */
  private static <T> T inInbox(String address, InboxRead<T> read) throws Exception {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect("127.0.0.1", server.imapPort(), address, address);
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      return read.from(inbox);
    } finally {
      store.close();
    }
  }

  @FunctionalInterface
  private interface InboxRead<T> {
    T from(Folder inbox) throws Exception;
  }
}
