package io.fnjobs.orders.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Map;
import java.util.Objects;

/**
 * The stock of one SKU, as kept at {@code inventory/<sku>.json} in the orders bucket (the embedded
 * stack seeds these from {@code infra/sample-data/orders/inventory/}): how many can still be sold, and
 * what each order holds. {@code available} plus the holds is the stock on hand; a hold stays until the
 * order is cancelled (fulfilment, which would take it for good, is outside fnjobs).
 *
 * <p>The holds make reserving and releasing idempotent: a retried reservation finds its hold and takes
 * nothing more; a retried release finds none and gives nothing back twice.
 *
 * <p>The holds are kept sorted by order id, as they are stored, in {@link Holds}: a record read, changed
 * and written again is neither hashed nor sorted once more, which counts where one SKU holds many orders.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StockRecord(String sku, String name, int available,
    @JsonDeserialize(using = Holds.Reader.class) @JsonSerialize(using = Holds.Writer.class)
    Map<String, Integer> holds) {

  public StockRecord {
    Objects.requireNonNull(sku, "sku");
    holds = Holds.of(holds);
  }

  public boolean holds(String orderId) {
    return holds.containsKey(orderId);
  }

  public StockRecord withHold(String orderId, int quantity) {
    return new StockRecord(sku, name, available - quantity, held().with(orderId, quantity));
  }

  public StockRecord withoutHold(String orderId) {
    Integer quantity = holds.get(orderId);
    return new StockRecord(sku, name, available + (quantity == null ? 0 : quantity), held().without(orderId));
  }

  /** The holds as the compact constructor made them. */
  private Holds held() {
    return (Holds) holds;
  }
}
