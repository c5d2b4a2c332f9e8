package io.fnjobs.cleanup.rules;

import io.fnjobs.cleanup.progress.BatchSink;
import io.fnjobs.cleanup.progress.Op;
import io.fnjobs.cleanup.progress.Problem;
import io.fnjobs.cleanup.progress.Rule;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.layout.OutputLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Completed orders ({@code orders/<orderId>.json} whose {@code status} is confirmed or cancelled) older
 * than the order retention move to {@code archive/orders/<orderId>.json} in the same bucket. Only
 * orders old enough are read.
 */
final class OrdersPhase extends ListingPhase {

  static final String ARCHIVE = "archive/";
  private static final Set<String> COMPLETED = Set.of("confirmed", "cancelled");

  OrdersPhase(Scope scope) {
    super(scope);
  }

  @Override
  public String name() {
    return "orders";
  }

  @Override
  List<Step> steps() {
    return List.of(new Step(scope.settings().ordersBucket(), OutputLayout.ORDERS));
  }

  @Override
  List<Op> decide(Step step, List<S3Object> page, BatchSink sink) {
    List<S3Object> old = page.stream()
        .filter(order -> order.key().endsWith(".json") && scope.olderThan(order.lastModified(), scope.settings().orderRetention()))
        .toList();
    List<Optional<byte[]>> orders = scope.reads().get(step.bucket(), old.stream().map(S3Object::key).toList());
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < old.size(); i++) {
      S3Object order = old.get(i);
      Optional<String> status = orders.get(i).flatMap(bytes -> status(bytes, step.bucket() + "/" + order.key(), sink));
      if (status.isPresent() && COMPLETED.contains(status.get())) {
        ops.add(new Op(Op.Kind.archive, Rule.archivedOrders, step.bucket(), order.key(), order.size(), ARCHIVE + order.key()));
      }
    }
    return ops;
  }

  private static Optional<String> status(byte[] bytes, String where, BatchSink sink) {
    try {
      return Optional.of(Json.MAPPER.readTree(bytes).path("status").asText("").toLowerCase(Locale.ROOT));
    } catch (IOException e) {
      sink.problem(new Problem(Rule.archivedOrders.name(), where, "is not JSON (" + e.getMessage() + "): left in place"));
      return Optional.empty();
    }
  }
}
