/**
 * Stock per SKU behind the {@code Inventory} port, reserved with conditional writes. Uses
 * {@code common.store} and {@code common.json}.
 */
package io.fnjobs.orders.inventory;
