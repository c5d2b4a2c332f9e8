package io.fnjobs.cli;

import static io.fnjobs.cli.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code fnjobs runs}: the run history, newest first, filtered ({@code GET /runs}). */
@Command(name = "runs", description = "Lists runs newest first; the filters combine.")
final class RunsCommand implements Callable<Integer> {

  @ParentCommand
  Fnjobs root;

  @Option(names = "--trigger", paramLabel = "NAME", description = "Only this trigger's runs.")
  String trigger;

  @Option(names = "--outcome", paramLabel = "OUTCOME",
      description = "Only runs that ended so: succeeded, rejected, skipped, failed or deferred.")
  String outcome;

  @Option(names = "--subject", paramLabel = "SUBJECT",
      description = "Only runs about this unit of work: an object key, an order id, a slot.")
  String subject;

  @Option(names = "--key", paramLabel = "KEY",
      description = "Only runs of this idempotency key: one event across attempts, deferrals, replays and redrives.")
  String key;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most this many runs (1 to 1000).")
  int limit;

  @Option(names = "--before", paramLabel = "CURSOR",
      description = "Runs older than this: the 'more' of a page, or an ISO-8601 instant.")
  String before;

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("trigger", trigger);
    query.put("outcome", outcome);
    query.put("subject", subject);
    query.put("key", key);
    query.put("limit", String.valueOf(limit));
    query.put("before", before);
    JsonNode page = root.client().get("/runs", query);
    root.show(page, out -> {
      print(out, page.path("runs"));
      if (page.hasNonNull("next")) {
        out.println("more: fnjobs runs ... --before " + page.path("next").asText()
            + " (" + page.path("scanned").asInt() + " runs read for this page)");
      }
    });
    return 0;
  }

  /** Runs as a table, or a line saying there are none. */
  static void print(PrintWriter out, JsonNode runs) {
    if (runs.isEmpty()) {
      out.println("no runs");
      return;
    }
    Table table = new Table("STARTED", "TRIGGER", "OUTCOME", "ATTEMPT", "SUBJECT", "ID", "DETAIL");
    for (JsonNode run : runs) {
      table.row(text(run, "startedAt"), text(run, "trigger"), text(run, "outcome"), text(run, "attempt"),
          text(run, "subject"), text(run, "id"), text(run, "detail"));
    }
    table.print(out);
  }
}
