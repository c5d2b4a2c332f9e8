package io.fnjobs.orders.inventory;

/**
 * A stock record kept changing under every attempt to update it: so many orders for one SKU at once
 * that this one lost every race. Transient: the invocation fails and the queue retries it later.
 */
public final class StockContentionException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public StockContentionException(String key, int races) {
    super("the stock record " + key + " changed under " + races + " updates in a row; the order will be retried"
        + " (lower the queue trigger's source.concurrency if this persists)");
  }
}
