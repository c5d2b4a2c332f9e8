package io.fnjobs.cleanup.rules;

import java.util.List;

/** The phases of a run, in the order they go. */
public final class Phases {

  /** The phase a run starts with. */
  public static final String FIRST = "uploads";

  private Phases() {}

  /**
   * Running flags are judged by their idempotency records, so they go before the expired records do.
   */
  public static List<Phase> all(Scope scope) {
    return List.of(new UploadsPhase(scope), new RunningFlagsPhase(scope), new OrdersPhase(scope),
        new IdempotencyPhase(scope), new ReceiptsPhase(scope), new MultipartPhase(scope));
  }
}
