package io.fnjobs.orders.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.fnjobs.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StockRecordTest {

  private static final String STORED =
      "{\"available\":7,\"holds\":{\"o-1\":1,\"o-10\":2,\"o-2\":3},\"name\":\"Mug\",\"sku\":\"MUG\"}";

  @Test
  void read_shouldKeepTheHoldsSortedByOrderId_whenReadFromTheStore() {
    StockRecord stock = Json.read(STORED.getBytes(StandardCharsets.UTF_8), StockRecord.class, "stock record");

    assertThat(stock.holds().keySet()).containsExactly("o-1", "o-10", "o-2");
    assertThat(stock.withHold("o-0", 4).holds().keySet()).containsExactly("o-0", "o-1", "o-10", "o-2");
    assertThat(stock.withHold("o-3", 1).withHold("o-10", 5).holds())
        .containsExactly(entry("o-1", 1), entry("o-10", 5), entry("o-2", 3), entry("o-3", 1));
    assertThat(stock.withoutHold("o-10").holds()).containsExactly(entry("o-1", 1), entry("o-2", 3));
    assertThat(stock.withoutHold("o-9")).isEqualTo(stock);
  }

  @Test
  void read_shouldSortTheHoldsAndKeepTheLastOfAnOrderId_whenARecordWrittenByHandHasThemOutOfOrder() {
    String byHand = "{\"sku\":\"MUG\",\"available\":7,\"holds\":{\"o-2\":3,\"o-1\":1,\"o-2\":4}}";

    StockRecord stock = Json.read(byHand.getBytes(StandardCharsets.UTF_8), StockRecord.class, "stock record");

    assertThat(stock.holds()).containsExactly(entry("o-1", 1), entry("o-2", 4));
    assertThat(stock.holds("o-2")).isTrue();
    assertThat(stock.holds("o-3")).isFalse();
  }

  @Test
  void read_shouldNameTheHold_whenAQuantityIsNotANumber() {
    byte[] stored = "{\"sku\":\"MUG\",\"available\":7,\"holds\":{\"o-1\":\"many\"}}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Json.read(stored, StockRecord.class, "inventory/MUG.json"))
        .hasMessageContaining("inventory/MUG.json").hasMessageContaining("many").hasMessageContaining("o-1");
  }

  @Test
  void write_shouldStoreTheSameJson_whenTheRecordWasReadAndChanged() {
    StockRecord stock = Json.read(STORED.getBytes(StandardCharsets.UTF_8), StockRecord.class, "stock record");

    String changed = new String(Json.write(stock.withHold("o-0", 4).withoutHold("o-0")), StandardCharsets.UTF_8);

    assertThat(changed).isEqualTo(STORED);
    assertThat(new String(Json.write(stock.withHold("o-3", 2)), StandardCharsets.UTF_8)).isEqualTo(
        "{\"available\":5,\"holds\":{\"o-1\":1,\"o-10\":2,\"o-2\":3,\"o-3\":2},\"name\":\"Mug\",\"sku\":\"MUG\"}");
  }

  @Test
  void holds_shouldNotChange_whenTheMapGivenIsChangedOrTheHoldsAreWrittenTo() {
    Map<String, Integer> given = new HashMap<>(Map.of("o-1", 1));
    StockRecord stock = new StockRecord("MUG", "Mug", 3, given);

    given.put("o-2", 2);

    assertThat(stock.holds()).isEqualTo(Map.of("o-1", 1));
    assertThatThrownBy(() -> stock.holds().put("o-3", 3)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(new StockRecord("MUG", "Mug", 3, null).holds()).isEmpty();
  }
}
