/**
 * Confirmation mail: the {@code Mailer} port, its SMTP adapter and the mails an order's state calls for. Uses
 * {@code records}, {@code common.config} and Jakarta Mail.
 */
package io.fnjobs.orders.mail;
