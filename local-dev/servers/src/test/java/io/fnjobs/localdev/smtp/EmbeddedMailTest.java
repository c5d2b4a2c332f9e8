package io.fnjobs.localdev.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMailTest {

  @TempDir Path dataDir;

  @Test
  void send_shouldLandInTheRecipientsMailbox_readableWithTheAddressAsLoginAndPassword() throws Exception {
    try (EmbeddedMail mail = start()) {
      send(mail, "alice@example.com", "Order o-1 confirmed");

      assertThat(inbox(mail, "alice@example.com", "alice@example.com")).containsExactly("Order o-1 confirmed");
    }
  }

  @Test
  void start_shouldNameAngusMailsStreamProvider_soThatParsingAMailScansNoClassPath() {
    String property = jakarta.mail.util.StreamProvider.class.getName();
    String before = System.clearProperty(property);
    try {
      try (EmbeddedMail mail = start()) {
        assertThat(System.getProperty(property)).isEqualTo("org.eclipse.angus.mail.util.MailStreamProvider");
        assertThat(jakarta.mail.util.StreamProvider.provider()).isNotNull();
      }
    } finally {
      if (before != null) {
        System.setProperty(property, before);
      }
    }
  }

  @Test
  void send_shouldUseTheLowerCasedAddress_whenTheRecipientIsWrittenInMixedCase() throws Exception {
    try (EmbeddedMail mail = start()) {
      send(mail, "Carol@Example.COM", "Hello Carol");
      send(mail, "carol@example.com", "Hello again");

      assertThat(inbox(mail, "carol@example.com", "carol@example.com")).containsExactly("Hello Carol", "Hello again");
    }
  }

  @Test
  void read_shouldBeRefused_whenThePasswordIsNotTheAddress() throws Exception {
    try (EmbeddedMail mail = start()) {
      send(mail, "bob@example.com", "Hi");

      assertThatThrownBy(() -> inbox(mail, "bob@example.com", "wrong")).isInstanceOf(AuthenticationFailedException.class);
    }
  }

  @Test
  void start_shouldRestoreTheMailboxes_whenStartedAgainOnTheSameDataDir() throws Exception {
    try (EmbeddedMail mail = start()) {
      send(mail, "alice@example.com", "First");
      send(mail, "alice@example.com", "Second");
      send(mail, "bob+orders@example.com", "For Bob");
    }

    try (EmbeddedMail mail = start()) {
      send(mail, "alice@example.com", "Third");

      assertThat(inbox(mail, "alice@example.com", "alice@example.com")).containsExactly("First", "Second", "Third");
      assertThat(inbox(mail, "bob+orders@example.com", "bob+orders@example.com")).containsExactly("For Bob");
    }
  }

  @Test
  void start_shouldRestoreEveryDeliveredMessage_whenTheLastServerWasNeverClosed() throws Exception {
    // the first server is left running unclosed, as a killed process leaves its data folder
    EmbeddedMail killed = start();
    try {
      send(killed, "dave@example.com", "Before the kill");
      send(killed, "dave@example.com", "Also before");

      try (EmbeddedMail next = start()) {
        send(next, "dave@example.com", "After the restart");

        assertThat(inbox(next, "dave@example.com", "dave@example.com"))
            .containsExactly("Before the kill", "Also before", "After the restart");
      }
    } finally {
      killed.close();
    }
  }

  @Test
  void close_shouldFreeBothPorts() throws IOException {
    EmbeddedMail mail = start();

    mail.close();

    new ServerSocket(mail.smtpPort(), 50, InetAddress.getLoopbackAddress()).close();
    new ServerSocket(mail.imapPort(), 50, InetAddress.getLoopbackAddress()).close();
  }

  @Test
  void start_shouldNameTheProtocolAndTheSetting_whenTheImapPortIsTaken() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      MailServerOptions options =
          MailServerOptions.builder().smtpPort(0).imapPort(taken.getLocalPort()).dataDir(dataDir).build();

      assertThatThrownBy(() -> EmbeddedMail.start(options))
          .isInstanceOf(MailPortInUseException.class)
          .hasMessageContaining("IMAP on 127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("--imap-port");
    }
  }

  private EmbeddedMail start() {
    return EmbeddedMail.start(MailServerOptions.builder().smtpPort(0).imapPort(0).dataDir(dataDir).build());
  }

  private static void send(EmbeddedMail mail, String to, String subject) throws MessagingException {
    Properties properties = new Properties();
    properties.put("mail.smtp.host", mail.host());
    properties.put("mail.smtp.port", String.valueOf(mail.smtpPort()));
    MimeMessage message = new MimeMessage(Session.getInstance(properties));
    message.setFrom(new InternetAddress("noreply@fnjobs.test"));
    message.setRecipients(Message.RecipientType.TO, to);
    message.setSubject(subject, "UTF-8");
    message.setText("Thank you ✓", "UTF-8");
    Transport.send(message);
  }

  /** The subjects in the mailbox's INBOX, read over IMAP. */
  private static List<String> inbox(EmbeddedMail mail, String login, String password) throws MessagingException {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect(mail.host(), mail.imapPort(), login, password);
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      List<String> subjects = new ArrayList<>();
      for (Message message : inbox.getMessages()) {
        subjects.add(message.getSubject());
      }
      inbox.close(false);
      return subjects;
    } finally {
      store.close();
    }
  }
}
