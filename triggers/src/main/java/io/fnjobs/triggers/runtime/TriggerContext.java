package io.fnjobs.triggers.runtime;

import io.fnjobs.triggers.TriggerLayerOptions;
import io.fnjobs.triggers.control.PauseSwitch;
import io.fnjobs.triggers.runs.RunLog;
import java.time.Clock;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the service hands every trigger module: settings, the state store's S3 client, the clients the
 * types share ({@link SharedClients}: each type asks there for those it needs, e.g. an SQS client),
 * the invoker, the run log, the clock, and whether an operator paused a trigger.
 */
public record TriggerContext(
    TriggerLayerOptions options, S3Client s3, SharedClients clients, Invoker invoker, RunLog runs, Clock clock,
    PauseSwitch pauses) {

  /** A context whose triggers are never paused. */
  public TriggerContext(TriggerLayerOptions options, S3Client s3, SharedClients clients, Invoker invoker, RunLog runs,
      Clock clock) {
    this(options, s3, clients, invoker, runs, clock, PauseSwitch.NEVER);
  }
}
