package io.fnjobs.orders.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fnjobs.orders.model.OrderLine;
import io.fnjobs.orders.model.OrderMessage;
import io.fnjobs.orders.model.OrderType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderValidatorTest {

  private final OrderValidator validator = new OrderValidator(OrderLimits.DEFAULTS);

  @Test
  void validate_shouldReadTheOrder_withTotalsAtTheCurrencysScale() {
    OrderMessage order = valid(fixture("place-valid.json"));

    assertThat(order.orderId()).isEqualTo("A-1001");
    assertThat(order.type()).isEqualTo(OrderType.place);
    assertThat(order.lines()).extracting(OrderLine::sku, OrderLine::quantity)
        .containsExactly(tuple("MUG-1", 2), tuple("TEA-7", 1), tuple("MUG-1", 1));
    assertThat(order.total()).isEqualTo(new BigDecimal("41.70"));
    assertThat(order.quantitiesBySku()).isEqualTo(Map.of("MUG-1", 3, "TEA-7", 1));
  }

  @Test
  void validate_shouldListEveryViolationWithFieldAndValue_whenManyFieldsAreWrong() {
    Validation.Invalid invalid = invalid(fixture("place-everything-wrong.json"));

    assertThat(invalid.violations()).extracting(Violation::field, Violation::value).containsExactly(
        tuple("orderId", ""),
        tuple("sequence", "3"),
        tuple("type", "order"),
        tuple("customer.email", "Ann <ann@example.com>"),
        tuple("customer.name", "  "),
        tuple("currency", "XYZ"),
        tuple("items[0].sku", "a/b"),
        tuple("items[0].quantity", "0"),
        tuple("items[0].unitPrice", "-1.00"),
        tuple("items[1].quantity", "2.5"),
        tuple("items[1].unitPrice", "12,50"),
        tuple("items[2].sku", null),
        tuple("items[2].quantity", "1000001"),
        tuple("items[2].unitPrice", "1e3"),
        tuple("items[3]", "not an item"));
    assertThat(invalid.orderId()).isEmpty();
    assertThat(invalid.summary()).startsWith("15 problems: field 'orderId' = '': must be text of 1 to 128 characters");
  }

  @Test
  void validate_shouldNameEachMissingField_whenTheyAreAbsent() {
    assertThat(invalid(fixture("place-missing-fields.json")).violations())
        .extracting(Violation::field, Violation::problem).containsExactly(
            tuple("orderId", "is required"),
            tuple("sequence", "is required"),
            tuple("customer.email", "is required"),
            tuple("customer.name", "is required"),
            tuple("currency", "is required"),
            tuple("items", "is required"));
  }

  @Test
  void validate_shouldCheckTheCurrencyAgainstIso4217() {
    String eur = fixture("place-valid.json");

    assertThat(invalid(eur.replace("\"EUR\"", "\"XYZ\"")).violations()).extracting(Violation::problem)
        .containsExactly("is not an ISO 4217 currency code such as EUR");
    assertThat(invalid(eur.replace("\"EUR\"", "\"eur\"")).violations()).extracting(Violation::field).containsExactly("currency");
    assertThat(invalid(eur.replace("\"EUR\"", "\"XAU\"")).violations()).extracting(Violation::problem)
        .containsExactly("has no minor unit: prices cannot be written in it");
    assertThat(valid(eur.replace("\"EUR\"", "\"KWD\"")).total()).isEqualTo(new BigDecimal("41.700"));
  }

  @Test
  void validate_shouldRefuseAPriceThatTheCurrencyCannotWrite_orThatIsMalformed() {
    assertThat(invalid(fixture("place-prices.json")).violations()).extracting(Violation::field, Violation::problem)
        .containsExactly(
            tuple("items[0].unitPrice", "has more decimals than EUR has (2)"),
            tuple("items[1].unitPrice", "must be a decimal number such as 12.50"),
            tuple("items[2].unitPrice", "has more than 15 digits before the point"),
            tuple("items[3].unitPrice", "must be a decimal number such as 12.50"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"nope", "ann@", "@example.com", "ann@example", "ann example@example.com", "a@b.c, d@e.f",
      "Ann <ann@example.com>"})
  void validate_shouldRefuseTheEmail_whenItIsNotABareAddress(String email) {
    String body = fixture("cancel-valid.json").replace("ann@example.com", email.replace("\"", "\\\""));

    assertThat(invalid(body).violations()).extracting(Violation::field).containsExactly("customer.email");
  }

  @Test
  void validate_shouldAcceptACancel_withoutItemsOrCurrency() {
    OrderMessage cancel = valid(fixture("cancel-valid.json"));

    assertThat(cancel.type()).isEqualTo(OrderType.cancel);
    assertThat(cancel.lines()).isEmpty();
    assertThat(cancel.currency()).isNull();
  }

  @Test
  void validate_shouldAcceptIdsWithSpacesUnicodeAndPercent_andAZeroPriceInYen() {
    OrderMessage order = valid(fixture("place-hostile-ids.json"));

    assertThat(order.orderId()).isEqualTo("Bestellung Ö-1 +50% (mañana)");
    assertThat(order.lines().get(0).sku()).isEqualTo("Ä 1+2%");
    assertThat(order.sequence()).isEqualTo(9007199254740993L);
    assertThat(order.total()).isEqualTo(new BigDecimal("0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b", "..", ".", " A-1", "A-1 ", "A\\u0000B", "A\\u202eB", "A\\nB", "\\ud800"})
  void validate_shouldRefuseAnOrderId_thatCannotBeAnObjectKey(String orderId) {
    String body = fixture("cancel-valid.json").replace("\"A-1001\"", "\"" + orderId + "\"");

    Validation.Invalid invalid = invalid(body);

    assertThat(invalid.violations()).extracting(Violation::field).containsExactly("orderId");
    assertThat(invalid.orderId()).isEmpty();
  }

  @Test
  void validate_shouldRefuseTooManyItems_andTooLargeABody_namingTheSettings() {
    OrderValidator strict = new OrderValidator(new OrderLimits(200, 2));

    Validation.Invalid invalid = (Validation.Invalid) strict.validate(fixture("place-valid.json"));

    assertThat(invalid.violations()).extracting(Violation::field).containsExactly("body", "items");
    assertThat(invalid.violations().get(0).problem()).contains("ORDERS_MAX_BODY_BYTES");
    assertThat(invalid.violations().get(1).problem()).contains("ORDERS_MAX_ITEMS");
    assertThat(invalid.orderId()).contains("A-1001");
  }

  @Test
  void validate_shouldRefuseTheBody_whenItIsNotAJsonObjectOrRepeatsAField() {
    assertThat(invalid("[1,2]").violations()).extracting(Violation::problem).containsExactly("must be a JSON object");
    assertThat(invalid("{\"orderId\": ").violations().get(0).problem()).startsWith("is not JSON");
    assertThat(invalid("{\"orderId\":\"A\",\"orderId\":\"B\"}").violations().get(0).problem())
        .startsWith("is not JSON: Duplicate field 'orderId'");
  }

  private OrderMessage valid(String body) {
    Validation validation = validator.validate(body);
    assertThat(validation).isInstanceOf(Validation.Valid.class);
    return ((Validation.Valid) validation).order();
  }

  private Validation.Invalid invalid(String body) {
    Validation validation = validator.validate(body);
    assertThat(validation).isInstanceOf(Validation.Invalid.class);
    return (Validation.Invalid) validation;
  }

  private static String fixture(String name) {
    try (InputStream in = OrderValidatorTest.class.getResourceAsStream("/orders/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
