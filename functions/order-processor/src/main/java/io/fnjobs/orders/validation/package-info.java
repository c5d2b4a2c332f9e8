/**
 * Checks of an order message against its limits, naming each violation's field and value. Uses {@code model}
 * and {@code common.json}.
 */
package io.fnjobs.orders.validation;
