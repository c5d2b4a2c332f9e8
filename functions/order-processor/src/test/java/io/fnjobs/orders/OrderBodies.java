package io.fnjobs.orders;

import io.fnjobs.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Order message bodies as an application sends them. */
final class OrderBodies {

  private OrderBodies() {}

  /** A place of {@code quantity} of one SKU at 12.50 EUR each. */
  static String place(String orderId, long sequence, String email, String sku, int quantity) {
    return place(orderId, sequence, email, List.of(item(sku, quantity, "12.50")));
  }

  static String place(String orderId, long sequence, String email, List<Map<String, Object>> items) {
    Map<String, Object> body = base(orderId, sequence, "place", email);
    body.put("items", items);
    body.put("currency", "EUR");
    return json(body);
  }

  static String cancel(String orderId, long sequence, String email) {
    return json(base(orderId, sequence, "cancel", email));
  }

  static Map<String, Object> item(String sku, int quantity, String unitPrice) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("sku", sku);
    item.put("quantity", quantity);
    item.put("unitPrice", unitPrice);
    return item;
  }

  private static Map<String, Object> base(String orderId, long sequence, String type, String email) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("orderId", orderId);
    body.put("sequence", sequence);
    body.put("type", type);
    body.put("customer", Map.of("email", email, "name", "Ann Example"));
    return body;
  }

  private static String json(Map<String, Object> body) {
    return new String(Json.write(body), StandardCharsets.UTF_8);
  }
}
