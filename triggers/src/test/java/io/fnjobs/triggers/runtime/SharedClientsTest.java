package io.fnjobs.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedClientsTest {

  private final List<String> closed = new ArrayList<>();

  @Test
  void get_shouldMakeTheClientOnce_whenAskedAgain() {
    SharedClients clients = new SharedClients();
    AtomicInteger made = new AtomicInteger();

    First first = clients.get(First.class, () -> {
      made.incrementAndGet();
      return new First();
    });
    First again = clients.get(First.class, First::new);

    assertThat(again).isSameAs(first);
    assertThat(made).hasValue(1);
    assertThat(clients.made()).containsExactly(First.class);
  }

  @Test
  void close_shouldCloseEveryClientLastMadeFirst_evenWhenOneFailsToClose() {
    SharedClients clients = new SharedClients();
    clients.get(First.class, First::new);
    clients.get(Failing.class, Failing::new);
    clients.with(Second.class, new Second());

    clients.close();

    assertThat(closed).containsExactly("second", "failing", "first");
    assertThatThrownBy(() -> clients.get(First.class, First::new))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no First");
  }

  private final class First implements AutoCloseable {
    @Override
    public void close() {
      closed.add("first");
    }
  }

  private final class Second implements AutoCloseable {
    @Override
    public void close() {
      closed.add("second");
    }
  }

  private final class Failing implements AutoCloseable {
    @Override
    public void close() throws IOException {
      closed.add("failing");
      throw new IOException("cannot close");
    }
  }
}
