package io.fnjobs.orders.mail;

import java.util.Objects;

/** A mail to a customer about an order: plain text, with the Message-ID it must carry. */
public record OrderMail(String messageId, String toAddress, String toName, String subject, String text) {

  public OrderMail {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(toAddress, "toAddress");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(text, "text");
  }
}
