package io.fnjobs.orders.inventory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;

/**
 * The holds of a {@link StockRecord}, order id to quantity, immutable and in order id order, kept in
 * two arrays. A hot SKU's record carries one hold per order ever placed and every reserve reads and
 * writes it whole: read in the stored order, the holds are appended, neither hashed nor sorted nor
 * put into a tree one by one, and written back as they are; a lookup is a binary search.
 */
final class Holds extends AbstractMap<String, Integer> {

  static final Holds NONE = new Holds(new String[0], new int[0]);

  private final String[] orderIds;
  private final int[] quantities;

  private Holds(String[] orderIds, int[] quantities) {
    this.orderIds = orderIds;
    this.quantities = quantities;
  }

  /** The holds of {@code map}, sorted by order id; {@code map} itself when it is holds already. */
  static Holds of(Map<String, Integer> map) {
    if (map == null) {
      return NONE;
    }
    if (map instanceof Holds holds) {
      return holds;
    }
    Map<String, Integer> sorted = new TreeMap<>(map);
    String[] ids = sorted.keySet().toArray(new String[0]);
    int[] quantities = sorted.values().stream().mapToInt(Integer::intValue).toArray();
    return new Holds(ids, quantities);
  }

  Holds with(String orderId, int quantity) {
    int at = Arrays.binarySearch(orderIds, orderId);
    if (at >= 0) {
      int[] changed = quantities.clone();
      changed[at] = quantity;
      return new Holds(orderIds, changed);
    }
    int insert = -at - 1;
    String[] ids = new String[orderIds.length + 1];
    int[] amounts = new int[ids.length];
    System.arraycopy(orderIds, 0, ids, 0, insert);
    System.arraycopy(quantities, 0, amounts, 0, insert);
    ids[insert] = orderId;
    amounts[insert] = quantity;
    System.arraycopy(orderIds, insert, ids, insert + 1, orderIds.length - insert);
    System.arraycopy(quantities, insert, amounts, insert + 1, orderIds.length - insert);
    return new Holds(ids, amounts);
  }

  Holds without(String orderId) {
    int at = Arrays.binarySearch(orderIds, orderId);
    if (at < 0) {
      return this;
    }
    String[] ids = new String[orderIds.length - 1];
    int[] amounts = new int[ids.length];
    System.arraycopy(orderIds, 0, ids, 0, at);
    System.arraycopy(quantities, 0, amounts, 0, at);
    System.arraycopy(orderIds, at + 1, ids, at, ids.length - at);
    System.arraycopy(quantities, at + 1, amounts, at, ids.length - at);
    return new Holds(ids, amounts);
  }

  @Override
  public Integer get(Object orderId) {
    int at = orderId instanceof String id ? Arrays.binarySearch(orderIds, id) : -1;
    return at >= 0 ? quantities[at] : null;
  }

  @Override
  public boolean containsKey(Object orderId) {
    return orderId instanceof String id && Arrays.binarySearch(orderIds, id) >= 0;
  }

  @Override
  public int size() {
    return orderIds.length;
  }

  @Override
  public Set<Entry<String, Integer>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Integer>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < orderIds.length;
          }

          @Override
          public Entry<String, Integer> next() {
            if (next >= orderIds.length) {
              throw new NoSuchElementException();
            }
            Entry<String, Integer> entry = new SimpleImmutableEntry<>(orderIds[next], quantities[next]);
            next++;
            return entry;
          }
        };
      }

      @Override
      public int size() {
        return orderIds.length;
      }
    };
  }

  /** The entries as read, keys possibly repeated, put into a map one after the other. */
  private Map<String, Integer> asPutInOrder() {
    Map<String, Integer> map = new TreeMap<>();
    for (int i = 0; i < orderIds.length; i++) {
      map.put(orderIds[i], quantities[i]);
    }
    return map;
  }

  /** Reads the holds' JSON object; entries out of order (a record written by hand) are sorted once. */
  static final class Reader extends StdDeserializer<Holds> {

    Reader() {
      super(Holds.class);
    }

    @Override
    public Holds deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (!parser.isExpectedStartObjectToken()) {
        return (Holds) context.handleUnexpectedToken(Holds.class, parser);
      }
      String[] ids = new String[16];
      int[] amounts = new int[16];
      int count = 0;
      boolean ascending = true;
      for (String id = parser.nextFieldName(); id != null; id = parser.nextFieldName()) {
        if (parser.nextToken() != JsonToken.VALUE_NUMBER_INT) {
          throw InvalidFormatException.from(parser, "the hold of order " + id + " is not a whole number: "
              + parser.getText(), parser.getText(), int.class);
        }
        if (count == ids.length) {
          ids = Arrays.copyOf(ids, count * 2);
          amounts = Arrays.copyOf(amounts, count * 2);
        }
        ascending &= count == 0 || ids[count - 1].compareTo(id) < 0;
        ids[count] = id;
        amounts[count] = parser.getIntValue();
        count++;
      }
      Holds read = new Holds(Arrays.copyOf(ids, count), Arrays.copyOf(amounts, count));
      // out of order or a key twice: as a map would have them, the last of a key winning
      return ascending ? read : of(read.asPutInOrder());
    }

    @Override
    public Holds getNullValue(DeserializationContext context) {
      return NONE;
    }
  }

  /** Writes the holds as a JSON object, in their order. */
  static final class Writer extends StdSerializer<Holds> {

    Writer() {
      super(Holds.class);
    }

    @Override
    public void serialize(Holds holds, JsonGenerator generator, SerializerProvider provider) throws IOException {
      generator.writeStartObject(holds, holds.orderIds.length);
      for (int i = 0; i < holds.orderIds.length; i++) {
        generator.writeFieldName(holds.orderIds[i]);
        generator.writeNumber(holds.quantities[i]);
      }
      generator.writeEndObject();
    }
  }
}
