/**
 * The order-processor function: the Fn adapter, the handler that validates, places or cancels an order under
 * its flag, and the mail after it. Uses its own subpackages and {@code io.fnjobs.common}.
 */
package io.fnjobs.orders;
