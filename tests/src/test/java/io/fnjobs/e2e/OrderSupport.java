package io.fnjobs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnjobs.localdev.EmbeddedStack;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.eclipse.angus.mail.imap.IMAPFolder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * What an application does with orders, and what it reads back: order messages as JSON, the order's
 * status flag and stored order, the stock of a SKU, and the customer's mailbox over IMAP.
 */
final class OrderSupport {

  static final ObjectMapper JSON = new ObjectMapper();

  private OrderSupport() {}

  /** A place of {@code quantity} of one SKU at 12.50 EUR each. */
  static String place(String orderId, long sequence, String email, String sku, int quantity) {
    ObjectNode body = message(orderId, sequence, "place", email);
    ArrayNode items = body.putArray("items");
    items.addObject().put("sku", sku).put("quantity", quantity).put("unitPrice", "12.50");
    body.put("currency", "EUR");
    return body.toString();
  }

  static String cancel(String orderId, long sequence, String email) {
    return message(orderId, sequence, "cancel", email).toString();
  }

  private static ObjectNode message(String orderId, long sequence, String type, String email) {
    ObjectNode body = JSON.createObjectNode();
    body.put("orderId", orderId).put("sequence", sequence).put("type", type);
    body.putObject("customer").put("email", email).put("name", "Test Customer");
    return body;
  }

  /** Puts the stock record of a SKU, as the order-processor keeps it. */
  static void stock(S3Client s3, String sku, int available) {
    ObjectNode record = JSON.createObjectNode().put("sku", sku).put("available", available);
    record.putObject("holds");
    s3.putObject(r -> r.bucket("orders").key("inventory/" + sku + ".json").contentType("application/json"),
        RequestBody.fromString(record.toString()));
  }

  static JsonNode stockOf(S3Client s3, String sku) {
    return read(s3, "orders", "inventory/" + sku + ".json").orElseThrow();
  }

  static Optional<JsonNode> order(S3Client s3, String orderId) {
    return read(s3, "orders", "orders/" + orderId + ".json");
  }

  static Optional<JsonNode> flag(S3Client s3, String orderId) {
    return read(s3, "state", "orders/" + orderId + ".json");
  }

  /** Waits until the order's flag satisfies {@code until}; fails with the last flag seen. */
  static JsonNode awaitFlag(S3Client s3, String orderId, Predicate<JsonNode> until, Duration timeout) {
    Instant giveUp = Instant.now().plus(timeout);
    Optional<JsonNode> last = Optional.empty();
    while (Instant.now().isBefore(giveUp)) {
      last = flag(s3, orderId);
      if (last.isPresent() && until.test(last.get())) {
        return last.get();
      }
      sleep(50);
    }
    throw new AssertionError("the flag of order " + orderId + " did not get there within " + timeout + "; last: "
        + last.map(JsonNode::toString).orElse("none"));
  }

  static Predicate<JsonNode> state(String state) {
    return flag -> state.equals(flag.path("state").asText());
  }

  static Predicate<JsonNode> settled() {
    return state("succeeded").or(state("rejected"));
  }

  static Optional<JsonNode> read(S3Client s3, String bucket, String key) {
    try {
      return Optional.of(JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A mail as the customer reads it over IMAP. */
  record Mail(String messageId, String subject, String text) {}

  /** The customer's mails, oldest first; none when no mail ever came for the address. */
  static List<Mail> mails(EmbeddedStack stack, String address) throws Exception {
    return mails(stack.options().host(), stack.options().imapPort(), address);
  }

  static List<Mail> mails(String host, int imapPort, String address) throws Exception {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    try {
      store.connect(host, imapPort, address, address);
    } catch (AuthenticationFailedException noMailboxYet) {
      return List.of();
    }
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      Message[] messages = inbox.getMessages();
      // one round trip for every whole message, instead of one per message and part (a mailbox of 50
      // took seconds)
      FetchProfile whole = new FetchProfile();
      whole.add(IMAPFolder.FetchProfileItem.MESSAGE);
      inbox.fetch(messages, whole);
      List<Mail> mails = new ArrayList<>();
      for (Message message : messages) {
        mails.add(new Mail(message.getHeader("Message-ID")[0], message.getSubject(), String.valueOf(message.getContent())));
      }
      return mails;
    } finally {
      store.close();
    }
  }

  /** Waits until the queue holds no message, visible or not. */
  static void awaitEmpty(software.amazon.awssdk.services.sqs.SqsClient sqs, String queueUrl, Duration timeout) {
    Instant giveUp = Instant.now().plus(timeout);
    java.util.Map<software.amazon.awssdk.services.sqs.model.QueueAttributeName, String> last = java.util.Map.of();
    while (Instant.now().isBefore(giveUp)) {
      last = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
          software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
          software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
          software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
          .attributes();
      if (last.values().stream().allMatch("0"::equals)) {
        return;
      }
      sleep(100);
    }
    throw new AssertionError("queue " + queueUrl + " still holds messages after " + timeout + ": " + last);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
