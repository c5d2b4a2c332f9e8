package io.fnjobs.orders.records;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A mail of an order: its Message-ID, chosen (and stored) before it is sent, and when the mail server
 * accepted it ({@code sentAt}, null until then).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MailRecord(String messageId, String sentAt) {

  public static MailRecord planned(String messageId) {
    return new MailRecord(messageId, null);
  }

  public boolean sent() {
    return sentAt != null;
  }

  public MailRecord sentAt(String at) {
    return new MailRecord(messageId, at);
  }
}
