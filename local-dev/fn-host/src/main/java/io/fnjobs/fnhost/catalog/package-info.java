/**
 * The functions to host, read from {@code app.yaml} and each {@code func.yaml}, frozen once loaded. Uses
 * {@code ids}.
 */
package io.fnjobs.fnhost.catalog;
