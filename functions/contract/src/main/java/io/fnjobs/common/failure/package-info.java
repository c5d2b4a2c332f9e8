/**
 * A failure's cause as people read it: the {@code FlagError} (code and message) of a flag, a reply, a run
 * record or a dead letter, and {@code Failures}, which cleans its text (one line, bounded, no paths, no
 * secrets). Module {@code functions/contract}: uses nothing of the project.
 */
package io.fnjobs.common.failure;
