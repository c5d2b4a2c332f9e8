/**
 * The queue trigger: long polling with priorities, heartbeats, signed message attributes, dead-letter queues
 * and their redrive. Uses {@code runtime}, {@code definition}, {@code runs} and {@code io.fnjobs.common}.
 */
package io.fnjobs.triggers.queue;
