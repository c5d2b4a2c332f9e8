/**
 * The wire format of an invocation: the {@code TriggerEvent} the trigger layer sends and the {@code JobReply}
 * a function answers with. Uses the flag's error type and the failure texts of {@code job}; no storage.
 */
package io.fnjobs.common.event;
