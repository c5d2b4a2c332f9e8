/**
 * Run records, one per invocation, kept in the state bucket and served to the admin API and the console. Uses
 * {@code http} and {@code io.fnjobs.common}.
 */
package io.fnjobs.triggers.runs;
