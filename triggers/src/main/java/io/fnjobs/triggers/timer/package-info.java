/**
 * The timer trigger: a lease per trigger, one record per scheduled slot, past-due slots and runs on demand.
 * Uses {@code runtime}, {@code definition}, {@code schedule}, {@code runs} and {@code io.fnjobs.common}.
 */
package io.fnjobs.triggers.timer;
