package io.fnjobs.orders.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.fnjobs.common.json.Json;
import io.fnjobs.orders.model.Customer;
import io.fnjobs.orders.model.Money;
import io.fnjobs.orders.model.OrderLine;
import io.fnjobs.orders.model.OrderMessage;
import io.fnjobs.orders.model.OrderType;
import io.fnjobs.orders.validation.Validation.Invalid;
import io.fnjobs.orders.validation.Validation.Valid;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks an order message body and collects every violation, each with its field and value, instead
 * of stopping at the first: the customer learns everything that is wrong at once.
 *
 * <p>Every message needs {@code orderId}, {@code sequence} (1 or more), {@code type} ({@code place} or
 * {@code cancel}) and {@code customer} ({@code email}, {@code name}); a {@code place} (and a message of
 * no or an unknown type) also needs {@code currency} (ISO 4217, with a minor unit) and {@code items}
 * (1 to {@link OrderLimits#maxItems()}, each with {@code sku}, {@code quantity} from 1 to 1,000,000 and
 * {@code unitPrice}, a plain decimal number or string, not negative, with no more decimals than the
 * currency has). Order ids and SKUs
 * become object keys: they may hold letters of any script, digits, spaces and punctuation, but no
 * {@code /}, {@code \}, control characters, or leading or trailing space. Unknown fields are ignored.
 */
public final class OrderValidator {

  static final int MAX_ORDER_ID = 128;
  static final int MAX_SKU = 64;
  static final int MAX_QUANTITY = 1_000_000;
  static final int MAX_NAME = 200;
  static final int MAX_EMAIL = 254;
  static final int MAX_PRICE_DIGITS = 15;

  private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
  // numbers read exactly, and a field given twice is an error rather than silently the last value
  private static final ObjectReader READER =
      Json.MAPPER.reader()
          .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final OrderLimits limits;

  public OrderValidator(OrderLimits limits) {
    this.limits = limits;
  }

  public Validation validate(String body) {
    List<Violation> violations = new ArrayList<>();
    int size = body.getBytes(StandardCharsets.UTF_8).length;
    if (size > limits.maxBodyBytes()) {
      violations.add(new Violation("body", size + " bytes",
          "is larger than " + limits.maxBodyBytes() + " bytes (" + OrderLimits.MAX_BODY_BYTES + ")"));
    }
    JsonNode root;
    try {
      root = READER.readTree(body);
    } catch (JsonProcessingException e) {
      violations.add(new Violation("body", null, "is not JSON: " + e.getOriginalMessage()));
      return new Invalid(Optional.empty(), Optional.empty(), violations);
    }
    if (root == null || !root.isObject()) {
      violations.add(new Violation("body", root == null ? null : text(root), "must be a JSON object"));
      return new Invalid(Optional.empty(), Optional.empty(), violations);
    }
    return validate(root, violations);
  }

  private Validation validate(JsonNode root, List<Violation> violations) {
    String orderId = identifier(root, "orderId", "orderId", MAX_ORDER_ID, violations);
    Long sequence = sequence(root, violations);
    OrderType type = type(root, violations);
    Customer customer = customer(root, violations);
    Currency currency = null;
    List<OrderLine> lines = List.of();
    // an unknown type is checked as a place, so that every problem is named at once
    if (type != OrderType.cancel) {
      currency = currency(root, violations);
      lines = items(root, currency, violations);
    }
    if (!violations.isEmpty()) {
      return new Invalid(Optional.ofNullable(orderId), Optional.ofNullable(sequence), violations);
    }
    return new Valid(new OrderMessage(orderId, sequence, type, customer, lines, currency));
  }

  private static Long sequence(JsonNode root, List<Violation> violations) {
    JsonNode node = required(root, "sequence", "sequence", violations);
    if (node == null) {
      return null;
    }
    if (!node.isIntegralNumber()) {
      violations.add(new Violation("sequence", text(node), "must be a whole number"));
      return null;
    }
    if (node.bigIntegerValue().signum() < 1 || node.bigIntegerValue().bitLength() > 62) {
      violations.add(new Violation("sequence", text(node), "must be from 1 to " + (1L << 62)));
      return null;
    }
    return node.longValue();
  }

  private static OrderType type(JsonNode root, List<Violation> violations) {
    JsonNode node = required(root, "type", "type", violations);
    if (node == null) {
      return null;
    }
    for (OrderType type : OrderType.values()) {
      if (node.isTextual() && type.name().equals(node.asText())) {
        return type;
      }
    }
    violations.add(new Violation("type", text(node), "must be place or cancel"));
    return null;
  }

  private static Customer customer(JsonNode root, List<Violation> violations) {
    JsonNode node = required(root, "customer", "customer", violations);
    if (node == null) {
      return null;
    }
    if (!node.isObject()) {
      violations.add(new Violation("customer", text(node), "must be an object with email and name"));
      return null;
    }
    String email = email(node, violations);
    String name = name(node, violations);
    return email == null || name == null ? null : new Customer(email, name);
  }

  private static String email(JsonNode customer, List<Violation> violations) {
    JsonNode node = required(customer, "email", "customer.email", violations);
    if (node == null) {
      return null;
    }
    String text = node.asText();
    if (!node.isTextual() || text.length() > MAX_EMAIL || !isMailbox(text)) {
      violations.add(new Violation("customer.email", text(node), "is not an email address such as ann@example.com"));
      return null;
    }
    return text;
  }

  /** A bare address (no display name, no group) with a local part and a domain. */
  private static boolean isMailbox(String text) {
    try {
      InternetAddress address = new InternetAddress(text, true);
      address.validate();
      return address.getAddress().equals(text) && !address.isGroup() && text.indexOf('@') > 0
          && text.substring(text.indexOf('@') + 1).contains(".");
    } catch (AddressException e) {
      return false;
    }
  }

  private static String name(JsonNode customer, List<Violation> violations) {
    JsonNode node = required(customer, "name", "customer.name", violations);
    if (node == null) {
      return null;
    }
    if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > MAX_NAME || !printable(node.asText())) {
      violations.add(new Violation("customer.name", text(node),
          "must be text of 1 to " + MAX_NAME + " characters, without control characters"));
      return null;
    }
    return node.asText().strip();
  }

  private static Currency currency(JsonNode root, List<Violation> violations) {
    JsonNode node = required(root, "currency", "currency", violations);
    if (node == null) {
      return null;
    }
    Currency currency;
    try {
      currency = Currency.getInstance(node.isTextual() ? node.asText() : "");
    } catch (IllegalArgumentException e) {
      violations.add(new Violation("currency", text(node), "is not an ISO 4217 currency code such as EUR"));
      return null;
    }
    if (currency.getDefaultFractionDigits() < 0) {
      violations.add(new Violation("currency", text(node), "has no minor unit: prices cannot be written in it"));
      return null;
    }
    return currency;
  }

  private List<OrderLine> items(JsonNode root, Currency currency, List<Violation> violations) {
    JsonNode node = required(root, "items", "items", violations);
    if (node == null) {
      return List.of();
    }
    if (!node.isArray() || node.isEmpty()) {
      violations.add(new Violation("items", text(node), "must be a list of one or more items"));
      return List.of();
    }
    if (node.size() > limits.maxItems()) {
      violations.add(new Violation("items", node.size() + " items",
          "has more than " + limits.maxItems() + " items (" + OrderLimits.MAX_ITEMS + ")"));
    }
    List<OrderLine> lines = new ArrayList<>();
    for (int i = 0; i < Math.min(node.size(), limits.maxItems()); i++) {
      OrderLine line = item(node.get(i), "items[" + i + "]", currency, violations);
      if (line != null) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static OrderLine item(JsonNode item, String path, Currency currency, List<Violation> violations) {
    if (!item.isObject()) {
      violations.add(new Violation(path, text(item), "must be an object with sku, quantity and unitPrice"));
      return null;
    }
    String sku = identifier(item, "sku", path + ".sku", MAX_SKU, violations);
    Integer quantity = quantity(item, path + ".quantity", violations);
    BigDecimal unitPrice = price(item, path + ".unitPrice", currency, violations);
    return sku == null || quantity == null || unitPrice == null ? null : new OrderLine(sku, quantity, unitPrice);
  }

  private static Integer quantity(JsonNode item, String path, List<Violation> violations) {
    JsonNode node = required(item, "quantity", path, violations);
    if (node == null) {
      return null;
    }
    if (!node.isIntegralNumber()) {
      violations.add(new Violation(path, text(node), "must be a whole number"));
      return null;
    }
    if (node.bigIntegerValue().signum() < 1) {
      violations.add(new Violation(path, text(node), "must be 1 or more"));
      return null;
    }
    if (node.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(MAX_QUANTITY)) > 0) {
      violations.add(new Violation(path, text(node), "must be at most " + MAX_QUANTITY));
      return null;
    }
    return node.intValue();
  }

  private static BigDecimal price(JsonNode item, String path, Currency currency, List<Violation> violations) {
    JsonNode node = required(item, "unitPrice", path, violations);
    if (node == null) {
      return null;
    }
    BigDecimal price = decimal(node);
    if (price == null) {
      violations.add(new Violation(path, text(node), "must be a decimal number such as 12.50"));
    } else if (price.signum() < 0) {
      violations.add(new Violation(path, text(node), "must not be negative"));
    } else if (price.precision() - price.scale() > MAX_PRICE_DIGITS) {
      violations.add(new Violation(path, text(node), "has more than " + MAX_PRICE_DIGITS + " digits before the point"));
    } else if (currency != null && !Money.fits(price, currency)) {
      violations.add(new Violation(path, text(node), "has more decimals than " + currency.getCurrencyCode()
          + " has (" + currency.getDefaultFractionDigits() + ")"));
    } else {
      return price;
    }
    return null;
  }

  /** A JSON number, or a string holding a plain decimal ({@code 12.50}, {@code -3}); null otherwise. */
  private static BigDecimal decimal(JsonNode node) {
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (!node.isTextual()) {
      return null;
    }
    String text = node.asText();
    String digits = text.startsWith("-") ? text.substring(1) : text;
    return PLAIN_DECIMAL.matcher(digits).matches() ? new BigDecimal(text) : null;
  }

  /** Text that becomes part of an object key: see the class comment for what it may hold. */
  private static String identifier(JsonNode parent, String name, String path, int max, List<Violation> violations) {
    JsonNode node = required(parent, name, path, violations);
    if (node == null) {
      return null;
    }
    String text = node.asText();
    boolean usable = node.isTextual() && !text.isEmpty() && text.length() <= max && text.strip().equals(text)
        && !text.equals(".") && !text.equals("..") && text.indexOf('/') < 0 && text.indexOf('\\') < 0
        && printable(text);
    if (!usable) {
      violations.add(new Violation(path, text(node), "must be text of 1 to " + max
          + " characters without '/', '\\', control characters or leading or trailing space"));
      return null;
    }
    return text;
  }

  /** No control, format or separator characters, no unpaired surrogates. */
  private static boolean printable(String text) {
    return text.codePoints().noneMatch(c -> switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE -> true;
      default -> false;
    });
  }

  private static JsonNode required(JsonNode parent, String name, String path, List<Violation> violations) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      violations.add(new Violation(path, null, "is required"));
      return null;
    }
    return node;
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : node.toString();
  }
}
