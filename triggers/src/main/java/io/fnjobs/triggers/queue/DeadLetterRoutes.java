package io.fnjobs.triggers.queue;

import io.fnjobs.triggers.http.AdminServer;
import io.fnjobs.triggers.http.AdminServer.Reply;
import io.fnjobs.triggers.http.AdminServer.Request;
import io.fnjobs.triggers.metrics.TriggerMetrics;
import io.fnjobs.triggers.queue.SourceQueue.DeadLetterTarget;
import java.util.List;

/**
 * The dead-letter tooling of the admin endpoint, for every queue of a queue trigger:
 *
 * <ul>
 *   <li>{@code GET /dead-letters/queues/{queue}?max=100}: what the queue's dead-letter queue holds,
 *       without consuming it (see {@link DeadLetterQueues}).
 *   <li>{@code GET /dead-letters/queues/{queue}/count}: how many messages the dead-letter queue holds,
 *       as the queue counts them, receiving none (for a display that asks every second).
 *   <li>{@code POST /dead-letters/queues/{queue}/redrive?max=1000&messageId=...}: sends the dead
 *       letters (or only one) back to {@code queue}.
 * </ul>
 *
 * {@code queue} is a trigger's source queue ({@code orders}), or its dead-letter queue
 * ({@code orders-dlq}) when only one source queue dead-letters there.
 */
final class DeadLetterRoutes {

  private static final int DEFAULT_LIST = 100;
  private static final int DEFAULT_REDRIVE = 1000;
  private static final int MAX = 10_000;

  private final List<QueueListener> listeners;
  private final TriggerMetrics metrics;

  DeadLetterRoutes(List<QueueListener> listeners, TriggerMetrics metrics) {
    this.metrics = metrics;
    this.listeners = listeners;
  }

  /**
   * The dead-letter tooling, the same for every queue trigger: asked for once a queue matched, so
   * there is a listener; a layer without queue triggers makes none, nor its SQS client.
   */
  private DeadLetterQueues deadLetters() {
    return listeners.get(0).deadLetters();
  }

  void addTo(AdminServer admin) {
    admin.route("GET", "/dead-letters/queues/{queue}", this::list);
    admin.route("GET", "/dead-letters/queues/{queue}/count", this::count);
    admin.route("POST", "/dead-letters/queues/{queue}/redrive", this::redrive);
  }

  private Reply list(Request request) {
    return withQueue(request, DEFAULT_LIST, (queue, max) -> Reply.ok(deadLetters().list(queue, queue.deadLetter(), max)));
  }

  private Reply count(Request request) {
    return withQueue(request, DEFAULT_LIST, (queue, max) -> Reply.ok(deadLetters().depth(queue, queue.deadLetter())));
  }

  private Reply redrive(Request request) {
    String messageId = request.query().get("messageId");
    return withQueue(request, DEFAULT_REDRIVE,
        (queue, max) -> {
          DeadLetterQueues.RedriveReport report = deadLetters().redrive(queue, queue.deadLetter(), max, messageId);
          metrics.redriven(queue.name(), report.moved());
          return Reply.ok(report);
        });
  }

  private Reply withQueue(Request request, int defaultMax, Action action) {
    int max;
    try {
      max = Integer.parseInt(request.query().getOrDefault("max", String.valueOf(defaultMax)));
    } catch (NumberFormatException e) {
      return Reply.error(400, "max '" + request.query().get("max") + "' is not a whole number");
    }
    if (max < 1 || max > MAX) {
      return Reply.error(400, "max must be from 1 to " + MAX + ", was " + max);
    }
    String name = request.path().get("queue");
    List<SourceQueue> known = listeners.stream().flatMap(listener -> listener.queues().stream()).toList();
    if (known.isEmpty() && !listeners.isEmpty()) {
      return Reply.error(503, "the queue triggers have not reached their queues yet: see /triggers");
    }
    List<SourceQueue> matching = known.stream().filter(queue -> queue.name().equals(name)).toList();
    if (matching.isEmpty()) {
      matching = known.stream()
          .filter(queue -> queue.deadLetters().map(DeadLetterTarget::name).filter(name::equals).isPresent()).toList();
    }
    if (matching.isEmpty()) {
      return Reply.error(404, "no queue trigger reads '" + name + "' or dead-letters to it; the queues are "
          + String.join(", ", known.stream().map(SourceQueue::name).toList()));
    }
    if (matching.stream().map(SourceQueue::name).distinct().count() > 1) {
      return Reply.error(409, "'" + name + "' is the dead-letter queue of " + String.join(", ",
          matching.stream().map(SourceQueue::name).distinct().toList()) + ": name the source queue to redrive to");
    }
    SourceQueue queue = matching.get(0);
    if (queue.deadLetters().isEmpty()) {
      return Reply.error(404, "queue " + queue.name() + " has no redrive policy, so no dead-letter queue");
    }
    return action.run(queue, max);
  }

  @FunctionalInterface
  private interface Action {
    Reply run(SourceQueue queue, int max);
  }
}
