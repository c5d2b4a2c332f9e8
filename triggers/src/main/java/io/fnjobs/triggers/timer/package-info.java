/**
 * The timer trigger: a lease per trigger, one record per scheduled slot, past-due slots and runs on demand.
 * Uses {@code runtime}, {@code definition}, {@code runs}, {@code io.fnjobs.common} and, for its six-field CRON
 * schedules, cron-utils.
 */
package io.fnjobs.triggers.timer;
