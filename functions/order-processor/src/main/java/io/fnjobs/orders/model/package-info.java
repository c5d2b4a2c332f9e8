/**
 * The order message as it comes off the queue: plain values, no behaviour beyond their own checks. Uses
 * nothing of the project.
 */
package io.fnjobs.orders.model;
