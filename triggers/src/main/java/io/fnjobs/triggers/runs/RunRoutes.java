package io.fnjobs.triggers.runs;

import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.triggers.http.AdminServer;
import io.fnjobs.triggers.http.AdminServer.Reply;
import io.fnjobs.triggers.http.AdminServer.Request;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The run history and the status flags, read through the admin endpoint; every answer is one bounded
 * page ({@link RunHistory}):
 *
 * <ul>
 *   <li>{@code GET /runs?trigger=&outcome=&subject=&key=&limit=&before=}: runs newest first, with
 *       {@code next} to pass as {@code before} for the next page (an ISO-8601 instant works too);
 *       {@code key} follows one event across attempts, deferrals, replays and redrives;
 *   <li>{@code GET /runs/{trigger}/{id}}: one run, with the status flag of its subject;
 *   <li>{@code GET /flags/{job}/{subject...}}: a flag ({@code thumbnail} + the original's key,
 *       {@code orders} + the order id, {@code cleanup} + the slot) with the recent runs of its subject.
 * </ul>
 */
public final class RunRoutes {

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 1000;
  /** Records read at most for one filtered page; the rest is the next page's. */
  static final int MAX_READS = 500;
  static final int FLAG_RUNS = 10;
  private static final int JOB_LOOKUP_READS = 50;

  private final RunHistory history;
  private final StatusFlags flags;
  private final List<String> triggers;
  private final Map<String, String> jobOfTrigger = new ConcurrentHashMap<>();

  public RunRoutes(RunHistory history, StatusFlags flags, List<String> triggers) {
    this.history = history;
    this.flags = flags;
    this.triggers = List.copyOf(triggers);
  }

  public void addTo(AdminServer admin) {
    admin.route("GET", "/runs", this::runs);
    admin.route("GET", "/runs/{trigger}/{id}", this::run);
    admin.route("GET", "/flags/{job}/{subject...}", this::flag);
  }

  private Reply runs(Request request) {
    Map<String, String> query = request.query();
    String trigger = query.get("trigger");
    if (trigger != null && !triggers.contains(trigger)) {
      return unknownTrigger(trigger);
    }
    int limit;
    Outcome outcome;
    String before;
    try {
      limit = limit(query, DEFAULT_LIMIT, MAX_LIMIT);
      outcome = outcome(query.get("outcome"));
      before = cursor(query.get("before"));
    } catch (IllegalArgumentException e) {
      return Reply.error(400, e.getMessage());
    }
    RunFilter filter = RunFilter.of(outcome, blankToNull(query.get("subject")), blankToNull(query.get("key")));
    return Reply.ok(history.find(trigger == null ? triggers : List.of(trigger), filter, before, limit, MAX_READS));
  }

  private Reply run(Request request) {
    String trigger = request.path().get("trigger");
    String id = request.path().get("id");
    if (!triggers.contains(trigger)) {
      return unknownTrigger(trigger);
    }
    Optional<StoredRun> found = history.get(trigger, id);
    if (found.isEmpty()) {
      return Reply.error(404, "no run " + id + " of trigger " + trigger + ": ids come from GET /runs?trigger=" + trigger);
    }
    RunRecord run = found.get().run();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run", found.get());
    String job = run.job() != null ? run.job() : jobOf(trigger);
    if (run.subject() == null || job == null) {
      body.put("flagUnknown", run.subject() == null
          ? "the run names no subject: its function did not answer, and a queue message's subject is in its body;"
              + " GET /runs?key=<its idempotencyKey> follows its event"
          : "no run of trigger " + trigger + " names its job yet");
      return Reply.ok(body);
    }
    body.put("flagAt", StateLayout.flag(job, run.subject()));
    body.put("flag", flags.get(job, run.subject()).orElse(null));
    return Reply.ok(body);
  }

  private Reply flag(Request request) {
    String job = request.path().get("job");
    String subject = request.path().get("subject");
    int limit;
    String before;
    try {
      limit = limit(request.query(), FLAG_RUNS, MAX_LIMIT);
      before = cursor(request.query().get("before"));
    } catch (IllegalArgumentException e) {
      return Reply.error(400, e.getMessage());
    }
    Optional<StatusFlag> flag = flags.get(job, subject);
    if (flag.isEmpty()) {
      return Reply.error(404, "no flag " + StateLayout.flag(job, subject) + " in the state bucket: flags are"
          + " thumbnail/<original key>, orders/<order id>, cleanup/<slot>");
    }
    RunPage runs = history.find(triggers, RunFilter.of(flag.get()), before, limit, MAX_READS);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("flag", flag.get());
    body.put("runs", runs.runs());
    if (runs.next() != null) {
      body.put("next", runs.next());
    }
    body.put("scanned", runs.scanned());
    return Reply.ok(body);
  }

  /**
   * The job a trigger's function names in its replies, for a run without a reply: from the newest
   * run of the trigger that has one; remembered, since a trigger's function keeps its job.
   */
  private String jobOf(String trigger) {
    String known = jobOfTrigger.get(trigger);
    if (known != null) {
      return known;
    }
    List<StoredRun> named = history.find(List.of(trigger), RunFilter.namingAJob(), null, 1, JOB_LOOKUP_READS).runs();
    if (named.isEmpty()) {
      return null;
    }
    jobOfTrigger.put(trigger, named.get(0).run().job());
    return named.get(0).run().job();
  }

  private static int limit(Map<String, String> query, int fallback, int max) {
    String text = query.get("limit");
    int limit;
    try {
      limit = text == null ? fallback : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit '" + text + "' is not a whole number");
    }
    if (limit < 1 || limit > max) {
      throw new IllegalArgumentException("limit must be from 1 to " + max + ", was " + limit);
    }
    return limit;
  }

  private static Outcome outcome(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Outcome.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("outcome '" + text + "' is not one of "
          + Arrays.stream(Outcome.values()).map(Outcome::name).collect(Collectors.joining(", ")));
    }
  }

  /** A run id as it is, an ISO-8601 instant as the cursor of that time, nothing as null. */
  private static String cursor(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    if (RunIds.isCursor(text)) {
      return text;
    }
    try {
      return RunIds.cursorAt(Instant.parse(text));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("before '" + text + "' is neither a run id (the 'next' of a page) nor an"
          + " ISO-8601 instant such as 2026-03-01T12:00:00Z");
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  private Reply unknownTrigger(String trigger) {
    return Reply.noSuch("trigger", trigger, triggers);
  }
}
