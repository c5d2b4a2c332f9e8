/**
 * The orders kept in the orders bucket ({@code OutputLayout#order}) and the mail sent for each, written
 * conditionally. Uses {@code model} and {@code common.store}.
 */
package io.fnjobs.orders.records;
