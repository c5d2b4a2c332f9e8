package io.fnjobs.orders.records;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A mail of an order: its Message-ID, chosen (and stored) before it is sent. {@code sentAt}, when the
 * mail server accepted it, is kept only by orders written while each send was recorded in the order;
 * now the job's outcome records it (see the order-processor's {@code Mailing}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MailRecord(String messageId, String sentAt) {

  public static MailRecord planned(String messageId) {
    return new MailRecord(messageId, null);
  }

  public boolean sent() {
    return sentAt != null;
  }
}
