package io.fnjobs.triggers.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients the trigger types share, one per client type, each made the first time a type asks for
 * it and closed with the layer: a layer whose triggers read no queue never makes an SQS client, and a
 * type of one's own asks here for a client of its own kind. The state store's S3 client is not here:
 * it is the layer's own ({@link TriggerContext#s3()}).
 */
public final class SharedClients implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SharedClients.class);

  private final Map<Class<?>, AutoCloseable> made = new LinkedHashMap<>();
  private boolean closed;

  /**
   * The client of {@code type}: the one made before, else the one {@code make} makes now.
   *
   * @throws IllegalStateException once the clients are closed: the layer has stopped
   */
  public synchronized <C extends AutoCloseable> C get(Class<C> type, Supplier<? extends C> make) {
    if (closed) {
      throw new IllegalStateException("the trigger layer has stopped: no " + type.getSimpleName() + " any more");
    }
    AutoCloseable client = made.get(type);
    if (client == null) {
      client = Objects.requireNonNull(make.get(), type.getSimpleName());
      made.put(type, client);
    }
    return type.cast(client);
  }

  /** These clients with {@code client} as the one of {@code type}, given rather than made: a test's, say. */
  public synchronized <C extends AutoCloseable> SharedClients with(Class<C> type, C client) {
    made.put(type, Objects.requireNonNull(client, type.getSimpleName()));
    return this;
  }

  /** The types of the clients made so far. */
  public synchronized Set<Class<?>> made() {
    return Collections.unmodifiableSet(Set.copyOf(made.keySet()));
  }

  /** Closes every client made, the last made first; a client that fails to close is logged, the others still closed. */
  @Override
  public synchronized void close() {
    closed = true;
    List<Map.Entry<Class<?>, AutoCloseable>> clients = new ArrayList<>(made.entrySet());
    Collections.reverse(clients);
    for (Map.Entry<Class<?>, AutoCloseable> client : clients) {
      try {
        client.getValue().close();
      } catch (Exception e) {
        LOG.warn("closing the {} failed: {}", client.getKey().getSimpleName(), e.toString());
      }
    }
    made.clear();
  }
}
