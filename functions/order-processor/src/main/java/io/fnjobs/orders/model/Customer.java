package io.fnjobs.orders.model;

import java.util.Objects;

/** Who placed the order: where the mail goes, and the name it greets. */
public record Customer(String email, String name) {

  public Customer {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(name, "name");
  }
}
