/**
 * The wire format of an invocation: the {@code TriggerEvent} the trigger layer sends, one type per kind
 * ({@code BlobEvent}, {@code QueueEvent}, {@code TimerEvent}, {@code SourceEvent} for a type of its own),
 * and the {@code JobReply} a function answers with. Module {@code functions/contract}: uses {@code failure}
 * and {@code json}; no storage, no AWS SDK, no FDK.
 */
package io.fnjobs.common.event;
