/**
 * Status flags, one JSON object per unit of work in the state bucket, behind the {@code StatusFlags} port,
 * with the event order that keeps an older event from overwriting a newer one. Uses {@code store},
 * {@code layout} and {@code json}.
 */
package io.fnjobs.common.flags;
