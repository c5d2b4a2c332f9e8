package io.fnjobs.triggers.runtime;

import io.fnjobs.triggers.TriggerLayerOptions;
import io.fnjobs.triggers.control.PauseSwitch;
import io.fnjobs.triggers.runs.RunLog;
import java.time.Clock;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the service hands every trigger module: settings, clients, the invoker, the run log, the clock,
 * and whether an operator paused a trigger.
 */
public record TriggerContext(
    TriggerLayerOptions options, S3Client s3, SqsClient sqs, Invoker invoker, RunLog runs, Clock clock,
    PauseSwitch pauses) {

  /** A context whose triggers are never paused. */
  public TriggerContext(TriggerLayerOptions options, S3Client s3, SqsClient sqs, Invoker invoker, RunLog runs,
      Clock clock) {
    this(options, s3, sqs, invoker, runs, clock, PauseSwitch.NEVER);
  }
}
