/**
 * The wire format of an invocation: the {@code TriggerEvent} the trigger layer sends, one type per kind
 * ({@code BlobEvent}, {@code QueueEvent}, {@code TimerEvent}, {@code SourceEvent} for a type of its own),
 * and the {@code JobReply} a function answers with. Uses the flag's error type and the failure texts of
 * {@code job}; no storage.
 */
package io.fnjobs.common.event;
