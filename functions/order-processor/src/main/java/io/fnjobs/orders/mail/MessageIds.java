package io.fnjobs.orders.mail;

import io.fnjobs.common.json.Json;
import java.util.Locale;

/**
 * Message-IDs derived from the order, the message's sequence and the kind of mail, never random: a
 * mail sent again for the same message has the same Message-ID. The order id is hashed, since it may
 * hold characters a Message-ID cannot; the domain is the sender's.
 */
public final class MessageIds {

  private MessageIds() {}

  /** {@code <order.<24 hex>.<sequence>.<kind>@<domain>>}. */
  public static String of(String orderId, long sequence, String kind, String senderAddress) {
    String domain = senderAddress.substring(senderAddress.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    return "<order." + Json.sha256(orderId).substring(0, 24) + "." + sequence + "." + kind + "@" + domain + ">";
  }
}
