package io.fnjobs.localdev.smtp;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.util.StreamProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mail server in this JVM for the confirmation mail: GreenMail with SMTP and IMAP. Mail to any
 * address is accepted; its mailbox is created on the first delivery, readable over IMAP with the
 * lower-cased address as both login and password. The mailboxes are kept in the data folder between
 * runs ({@link MailArchive}): each message written as it is delivered, the mailboxes written again when
 * the server is closed, read back when it starts; so mail survives a process that is killed.
 */
public final class EmbeddedMail implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMail.class);

  private final GreenMail greenMail;
  private final MailArchive archive;
  private final String host;
  private final int smtpPort;
  private final int imapPort;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedMail(GreenMail greenMail, MailArchive archive, String host) {
    this.greenMail = greenMail;
    this.archive = archive;
    this.host = host;
    this.smtpPort = greenMail.getSmtp().getPort();
    this.imapPort = greenMail.getImap().getPort();
  }

  /**
   * Starts SMTP and IMAP, restores the saved mailboxes and returns once both accept connections.
   *
   * @throws MailPortInUseException when another process holds the SMTP or the IMAP port
   * @throws UncheckedIOException when the data folder cannot be created or its mail not read
   */
  public static EmbeddedMail start(MailServerOptions options) {
    try {
      Files.createDirectories(options.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the mail data folder " + options.dataDir(), e);
    }
    // GreenMail binds in its own threads and reports a taken port only as a generic failure
    checkFree("smtp", options.host(), options.smtpPort());
    checkFree("imap", options.host(), options.imapPort());
    nameTheMailStreamProvider();
    GreenMail greenMail =
        new GreenMail(
                new ServerSetup[] {
                  new ServerSetup(options.smtpPort(), options.host(), ServerSetup.PROTOCOL_SMTP),
                  new ServerSetup(options.imapPort(), options.host(), ServerSetup.PROTOCOL_IMAP)
                })
            .withConfiguration(GreenMailConfiguration.aConfig());
    MailArchive archive = new MailArchive(options.dataDir());
    try {
      greenMail.start();
      // after start: GreenMail makes a new user manager on every start
      UserManager users = greenMail.getUserManager();
      users.setMessageDeliveryHandler((message, address) -> {
        GreenMailUser user = mailbox(users, address.getEmail());
        archive(archive, user.getEmail(), message.getMessage());
        return user;
      });
      int restored = archive.load(greenMail);
      EmbeddedMail mail = new EmbeddedMail(greenMail, archive, options.host());
      LOG.info("SMTP on {}:{}, IMAP on {}:{} ({} mailboxes restored from {})", mail.host, mail.smtpPort, mail.host,
          mail.imapPort, restored, options.dataDir());
      return mail;
    } catch (IOException e) {
      greenMail.stop();
      throw new UncheckedIOException("cannot restore the mail kept in " + options.dataDir(), e);
    } catch (Exception e) {
      greenMail.stop();
      throw new IllegalStateException("the mail server did not start: " + e.getMessage(), e);
    }
  }

  /** Keeps the message on disk before GreenMail takes it: a failure here fails its delivery. */
  private static void archive(MailArchive archive, String address, jakarta.mail.internet.MimeMessage message)
      throws jakarta.mail.MessagingException {
    try {
      archive.append(address, message);
    } catch (IOException e) {
      throw new jakarta.mail.MessagingException("cannot keep the message for " + address + " on disk: " + e.getMessage(), e);
    }
  }

  /**
   * Jakarta Mail looks its stream provider up with a {@code ServiceLoader} scan of the class path for every
   * message and header block it parses or writes, unless a system property names it. Naming Angus Mail's
   * own provider, the one the scan finds, spares the scan: about 5% of the embedded stack's CPU per order
   * (the server parsing each mail, a function in the same JVM writing it). The property is the JVM's, so
   * one already set is left as it is.
   */
  static void nameTheMailStreamProvider() {
    System.getProperties().putIfAbsent(StreamProvider.class.getName(), MailStreamProvider.class.getName());
  }

  private static void checkFree(String protocol, String host, int port) {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      // as GreenMail binds: a port whose last connections linger in TIME_WAIT is free
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      throw new MailPortInUseException(protocol, host, port, e);
    }
  }

  /**
   * The mailbox of an address, created on first use with the lower-cased address as login and password,
   * so that {@code Carol@Example.COM} reads her mail as {@code carol@example.com}. Synchronised: two
   * messages to a new address may arrive at once.
   */
  static GreenMailUser mailbox(UserManager users, String address) throws UserException {
    String normalised = address.trim().toLowerCase(Locale.ROOT);
    synchronized (users) {
      GreenMailUser user = users.getUserByEmail(normalised);
      return user != null ? user : users.createUser(normalised, normalised, normalised);
    }
  }

  public String host() {
    return host;
  }

  /** The SMTP port, the real one if 0 was asked. */
  public int smtpPort() {
    return smtpPort;
  }

  /** The IMAP port, the real one if 0 was asked. */
  public int imapPort() {
    return imapPort;
  }

  /** Stops taking mail, saves the mailboxes to the data folder and frees both ports. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // no new mail between the snapshot and the stop; the snapshot must precede the stop, which drops all mail
    greenMail.getSmtp().stopService();
    try {
      int saved = archive.save(greenMail);
      LOG.info("mail server stopped; {} mailboxes saved", saved);
    } catch (Exception e) {
      LOG.error("saving the mailboxes failed, their mail is lost: {}", e.toString());
    } finally {
      greenMail.stop();
    }
  }
}
