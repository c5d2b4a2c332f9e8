package io.fnjobs.cli;

import static io.fnjobs.cli.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code fnjobs flag <job> <subject>}: a status flag and the runs of its subject ({@code GET /flags/...}). */
@Command(name = "flag", description = "Shows a status flag and the recent runs of its subject.")
final class FlagCommand implements Callable<Integer> {

  @ParentCommand
  Fnjobs root;

  @Parameters(index = "0", paramLabel = "JOB", description = "thumbnail, orders or cleanup.")
  String job;

  @Parameters(index = "1", paramLabel = "SUBJECT",
      description = "The original's key (thumbnail), the order id (orders), the slot (cleanup).")
  String subject;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "At most this many runs.")
  int limit;

  @Override
  public Integer call() {
    JsonNode answer = root.client().get("/flags/" + AdminClient.segment(job) + "/" + AdminClient.segments(subject),
        Map.of("limit", String.valueOf(limit)));
    root.show(answer, out -> {
      JsonNode flag = answer.path("flag");
      Table fields = new Table("FLAG", text(flag, "job") + "/" + text(flag, "subject"));
      fields.row("state", text(flag, "state"));
      fields.row("attempt", text(flag, "attempt"));
      fields.row("updated", text(flag, "updatedAt"));
      fields.row("key", text(flag, "idempotencyKey"));
      if (flag.hasNonNull("result")) {
        fields.row("result", flag.path("result").toString());
      }
      if (flag.hasNonNull("error")) {
        fields.row("error", text(flag.path("error"), "code") + ": " + text(flag.path("error"), "message"));
      }
      fields.print(out);
      out.println();
      RunsCommand.print(out, answer.path("runs"));
    });
    return 0;
  }
}
