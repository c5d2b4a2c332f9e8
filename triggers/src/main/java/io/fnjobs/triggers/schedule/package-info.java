/**
 * Six-field CRON schedules, in UTC or a zone. Uses cron-utils.
 */
package io.fnjobs.triggers.schedule;
