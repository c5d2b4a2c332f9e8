/**
 * The wire format of an invocation: the {@code TriggerEvent} the trigger layer sends and the {@code JobReply}
 * a function answers with. Module {@code functions/contract}: uses {@code failure} and {@code json}; no
 * storage, no AWS SDK, no FDK.
 */
package io.fnjobs.common.event;
