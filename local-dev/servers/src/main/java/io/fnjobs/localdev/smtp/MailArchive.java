package io.fnjobs.localdev.smtp;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Keeps GreenMail's mailboxes, which live in memory only, in a folder between runs: {@code
 * <folder>/<address, URL-encoded>/INBOX/000001.eml}, one file per message in mailbox order, the file's
 * time being the message's received time. Only INBOX is kept, and no flags (a read message is unread
 * again after a restart): enough for confirmation mail that tests and developers look at.
 *
 * <p>Each delivered message is written as it arrives ({@link #append}), so mail survives a process
 * that is killed; a clean stop then writes the mailboxes as they are ({@link #save}), which also keeps
 * what was deleted over IMAP deleted.
 */
final class MailArchive {

  /** A hidden folder (which {@link #load} skips) where a snapshot is written before it replaces the last. */
  private static final String STAGING = ".saving";

  private final Path folder;

  // the last file number per mailbox folder, found on the first append to it
  private final Map<Path, Integer> lastNumber = new HashMap<>();

  MailArchive(Path folder) {
    this.folder = folder;
  }

  /**
   * Writes one delivered message after the mailbox's last one: to a hidden file first, then moved to
   * its name, so a kill part-way leaves no half-written message for the next start to trip over.
   */
  synchronized void append(String address, MimeMessage message) throws IOException, MessagingException {
    Path inbox = Files.createDirectories(folder.resolve(folderName(address)).resolve("INBOX"));
    int number = lastNumber.computeIfAbsent(inbox, MailArchive::lastNumberIn) + 1;
    Path partial = inbox.resolve(".partial.eml.tmp");
    try (OutputStream out = Files.newOutputStream(partial)) {
      message.writeTo(out);
    }
    Files.move(partial, inbox.resolve(String.format("%06d.eml", number)), StandardCopyOption.ATOMIC_MOVE);
    lastNumber.put(inbox, number);
  }

  private static int lastNumberIn(Path inbox) {
    try (Stream<Path> files = Files.list(inbox)) {
      return files.map(path -> path.getFileName().toString())
          .filter(name -> name.matches("\\d+\\.eml"))
          .mapToInt(name -> Integer.parseInt(name.substring(0, name.length() - 4)))
          .max().orElse(0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the mailbox folder " + inbox, e);
    }
  }

  /** Writes every mailbox's INBOX, replacing what the folder held; returns the number of mailboxes. */
  synchronized int save(GreenMail mail) throws IOException, FolderException, MessagingException {
    lastNumber.clear();
    Path staging = folder.resolve(STAGING);
    deleteTree(staging);
    Files.createDirectories(staging);
    ImapHostManager imap = mail.getManagers().getImapHostManager();
    List<GreenMailUser> users = List.copyOf(mail.getUserManager().listUser());
    for (GreenMailUser user : users) {
      Path inbox = Files.createDirectories(staging.resolve(folderName(user.getEmail())).resolve("INBOX"));
      List<StoredMessage> messages = imap.getInbox(user).getMessages();
      for (int i = 0; i < messages.size(); i++) {
        Path file = inbox.resolve(String.format("%06d.eml", i + 1));
        try (OutputStream out = Files.newOutputStream(file)) {
          messages.get(i).getMimeMessage().writeTo(out);
        }
        Files.setLastModifiedTime(file, FileTime.from(messages.get(i).getReceivedDate().toInstant()));
      }
    }
    // a crash from here on leaves the staging folder, which the next save starts over
    try (Stream<Path> previous = Files.list(folder)) {
      for (Path mailbox : previous.filter(MailArchive::isVisible).toList()) {
        deleteTree(mailbox);
      }
    }
    try (Stream<Path> next = Files.list(staging)) {
      for (Path mailbox : next.toList()) {
        Files.move(mailbox, folder.resolve(mailbox.getFileName()));
      }
    }
    deleteTree(staging);
    return users.size();
  }

  /** Recreates the saved mailboxes (login and password the address) with their INBOX; returns how many. */
  int load(GreenMail mail) throws IOException, FolderException, UserException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    Session session = Session.getInstance(new Properties());
    ImapHostManager imap = mail.getManagers().getImapHostManager();
    List<Path> mailboxes;
    try (Stream<Path> listed = Files.list(folder)) {
      mailboxes = listed.filter(path -> isVisible(path) && Files.isDirectory(path)).sorted().toList();
    }
    for (Path mailbox : mailboxes) {
      String address = URLDecoder.decode(mailbox.getFileName().toString(), StandardCharsets.UTF_8);
      GreenMailUser user = EmbeddedMail.mailbox(mail.getUserManager(), address);
      Path inbox = mailbox.resolve("INBOX");
      if (!Files.isDirectory(inbox)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> listed = Files.list(inbox)) {
        files = listed.filter(path -> path.toString().endsWith(".eml")).sorted().toList();
      }
      for (Path file : files) {
        appendTo(imap, user, session, file);
      }
    }
    return mailboxes.size();
  }

  private static void appendTo(ImapHostManager imap, GreenMailUser user, Session session, Path file)
      throws IOException, FolderException {
    try (InputStream in = Files.newInputStream(file)) {
      MimeMessage message = new MimeMessage(session, in);
      Date received = new Date(Files.getLastModifiedTime(file).toMillis());
      imap.getInbox(user).appendMessage(message, new Flags(), received);
    } catch (MessagingException e) {
      throw new IOException("cannot read the saved message " + file + ": " + e.getMessage(), e);
    }
  }

  /** The address as a folder name on any file system ({@code @} and all); decoding gives it back. */
  private static String folderName(String address) {
    return URLEncoder.encode(address, StandardCharsets.UTF_8);
  }

  private static boolean isVisible(Path path) {
    return !path.getFileName().toString().startsWith(".");
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
