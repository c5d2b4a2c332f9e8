package io.fnjobs.cli;

import static io.fnjobs.cli.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fnjobs dlq list|replay|redrive}: dead letters of blob triggers (kept in the state bucket,
 * replayed one by one) and of queue triggers (in their dead-letter queues, redriven to the queue).
 */
@Command(name = "dlq", description = "Dead letters: list them, replay a blob trigger's, redrive a queue's.",
    subcommands = {DlqCommand.Listing.class, DlqCommand.Replay.class, DlqCommand.Redrive.class})
final class DlqCommand {

  @ParentCommand
  Fnjobs root;

  /** {@code fnjobs dlq list [--trigger T] [--queue Q]}: without either, every blob trigger's and every queue's. */
  @Command(name = "list", description = "Lists dead letters without consuming them: every blob trigger's and every"
      + " queue trigger's queue, or those named.")
  static final class Listing implements Callable<Integer> {

    @ParentCommand
    DlqCommand dlq;

    @Option(names = "--trigger", paramLabel = "NAME", description = "Only this blob trigger's dead letters.")
    String trigger;

    @Option(names = "--queue", paramLabel = "QUEUE", description = "Only this queue's dead-letter queue.")
    String queue;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most this many per trigger or queue.")
    int limit;

    @Override
    public Integer call() {
      Fnjobs root = dlq.root;
      AdminClient client = root.client();
      ObjectNode answer = JsonNodeFactory.instance.objectNode();
      if (queue == null) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("trigger", trigger);
        query.put("limit", String.valueOf(limit));
        answer.set("blob", client.get("/dead-letters", query).path("deadLetters"));
      }
      if (trigger == null) {
        ObjectNode queues = answer.putObject("queues");
        for (String name : queue != null ? List.of(queue) : queuesOf(client)) {
          queues.set(name, client.get("/dead-letters/queues/" + AdminClient.segment(name),
              Map.of("max", String.valueOf(limit))));
        }
      }
      root.show(answer, out -> print(out, answer));
      return 0;
    }

    /** The source queues of every queue trigger. */
    private static List<String> queuesOf(AdminClient client) {
      List<String> queues = new ArrayList<>();
      for (JsonNode trigger : client.get("/triggers", Map.of()).path("triggers")) {
        if ("queue".equals(trigger.path("type").asText())) {
          trigger.path("queues").forEach(queue -> queues.add(queue.asText()));
        }
      }
      return queues;
    }

    private static void print(PrintWriter out, JsonNode answer) {
      answer.path("blob").fields().forEachRemaining(entry -> {
        out.println("blob trigger " + entry.getKey() + ": " + entry.getValue().size() + " dead letter(s)");
        if (!entry.getValue().isEmpty()) {
          Table table = new Table("ID", "EVENT", "ATTEMPTS", "DEAD-LETTERED", "LAST ERROR");
          for (JsonNode letter : entry.getValue()) {
            table.row(text(letter, "id"), text(letter, "eventId"), text(letter, "attempts"), text(letter, "deadLetteredAt"),
                text(letter, "lastError"));
          }
          table.print(out);
          out.println("replay one: fnjobs dlq replay " + entry.getKey() + " <ID>");
        }
      });
      answer.path("queues").fields().forEachRemaining(entry -> {
        JsonNode listing = entry.getValue();
        out.println("queue " + entry.getKey() + " (dead letters in " + text(listing, "deadLetterQueue") + "): "
            + listing.path("count").asInt() + " message(s)" + (listing.path("truncated").asBoolean() ? " or more" : ""));
        if (!listing.path("messages").isEmpty()) {
          Table table = new Table("MESSAGE ID", "RECEIVES", "SENT", "REASON", "BODY");
          for (JsonNode letter : listing.path("messages")) {
            table.row(text(letter, "originalMessageId"), text(letter, "receiveCount"), text(letter, "sentAt"),
                text(letter, "reason"), text(letter, "body"));
          }
          table.print(out);
          out.println("redrive: fnjobs dlq redrive " + entry.getKey() + " [--message-id <MESSAGE ID>]");
        }
      });
    }
  }

  /** {@code fnjobs dlq replay <trigger> <id>}: invokes a blob trigger's dead letter again. */
  @Command(name = "replay", description = "Invokes a blob trigger's dead letter again, with fresh attempts.")
  static final class Replay implements Callable<Integer> {

    @ParentCommand
    DlqCommand dlq;

    @Parameters(index = "0", paramLabel = "TRIGGER", description = "The blob trigger.")
    String trigger;

    @Parameters(index = "1", paramLabel = "ID", description = "The dead letter's id (see fnjobs dlq list).")
    String id;

    @Override
    public Integer call() {
      JsonNode answer = dlq.root.client().post("/dead-letters/" + AdminClient.segment(trigger) + "/"
          + AdminClient.segment(id) + "/replay", Map.of());
      dlq.root.show(answer, out -> out.println("replaying dead letter " + text(answer, "replaying") + " of " + trigger
          + " (event " + text(answer, "eventId") + "); follow it: fnjobs runs --trigger " + trigger));
      return 0;
    }
  }

  /** {@code fnjobs dlq redrive <queue> [--message-id ID] [--max N]}: sends a queue's dead letters back. */
  @Command(name = "redrive", description = "Sends a queue's dead letters (or one) back to the queue.")
  static final class Redrive implements Callable<Integer> {

    @ParentCommand
    DlqCommand dlq;

    @Parameters(index = "0", paramLabel = "QUEUE", description = "The source queue (or its dead-letter queue).")
    String queue;

    @Option(names = "--message-id", paramLabel = "ID", description = "Only this message (its first id, see fnjobs dlq list).")
    String messageId;

    @Option(names = "--max", paramLabel = "N", defaultValue = "1000", description = "At most this many messages.")
    int max;

    @Override
    public Integer call() {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("max", String.valueOf(max));
      query.put("messageId", messageId);
      JsonNode answer = dlq.root.client().post("/dead-letters/queues/" + AdminClient.segment(queue) + "/redrive", query);
      dlq.root.show(answer, out -> out.println("redrove " + answer.path("moved").asInt() + " message(s) from "
          + text(answer, "deadLetterQueue") + " to " + text(answer, "queue") + dropped(answer)));
      return 0;
    }

    private static String dropped(JsonNode answer) {
      int copies = answer.path("duplicatesDropped").asInt();
      int redriven = answer.path("alreadyRedrivenDropped").asInt();
      return copies + redriven == 0 ? ""
          : "; dropped " + copies + " extra copies and " + redriven + " redriven before";
    }
  }
}
