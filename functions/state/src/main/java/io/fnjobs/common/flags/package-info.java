/**
 * Status flags, one JSON object per unit of work in the state bucket, behind the {@code StatusFlags} port,
 * with the event order that keeps an older event from overwriting a newer one. Module
 * {@code functions/state}: uses {@code store}, {@code layout}, {@code failure} and {@code json}; no FDK.
 */
package io.fnjobs.common.flags;
