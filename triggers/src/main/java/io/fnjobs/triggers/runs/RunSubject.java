package io.fnjobs.triggers.runs;

/**
 * The unit of work a run was about: the job and subject of its status flag. The function's reply
 * names both ({@code JobReply}); where there is no reply (the function failed, Fn could not be
 * reached) the trigger's type names the subject its event tells, if any ({@code SourceSpec#subjectOf}):
 * a blob change's object key and a timer's slot, nothing of a queue message, whose subject only the
 * function reads from the body.
 *
 * @param job the flag's job, or null when no reply named it
 * @param subject the flag's subject, or null when neither reply nor event names it
 */
public record RunSubject(String job, String subject) {}
