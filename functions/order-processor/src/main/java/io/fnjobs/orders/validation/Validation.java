package io.fnjobs.orders.validation;

import io.fnjobs.orders.model.OrderMessage;
import java.util.List;
import java.util.Optional;

/** What the validator made of a message body: an order, or every violation it found. */
public sealed interface Validation {

  /** The order id when the body had a usable one, so that its flag lands at the order's place. */
  Optional<String> orderId();

  /** The message's sequence when the body had a usable one, so that its flag is ordered among the order's. */
  Optional<Long> sequence();

  /** The body was a valid order. */
  record Valid(OrderMessage order) implements Validation {
    @Override
    public Optional<String> orderId() {
      return Optional.of(order.orderId());
    }

    @Override
    public Optional<Long> sequence() {
      return Optional.of(order.sequence());
    }
  }

  /** The body was not a valid order; {@code violations} lists every reason, in the order of the fields. */
  record Invalid(Optional<String> orderId, Optional<Long> sequence, List<Violation> violations) implements Validation {
    public Invalid {
      violations = List.copyOf(violations);
    }

    /** {@code 2 problems: field 'currency' = 'XYZ': ...; field 'items[0].quantity' = '0': ...}. */
    public String summary() {
      String reasons = String.join("; ", violations.stream().map(Violation::toString).toList());
      return violations.size() == 1 ? reasons : violations.size() + " problems: " + reasons;
    }
  }
}
