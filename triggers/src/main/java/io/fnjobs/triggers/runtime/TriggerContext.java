package io.fnjobs.triggers.runtime;

import io.fnjobs.triggers.TriggerLayerOptions;
import io.fnjobs.triggers.runs.RunLog;
import java.time.Clock;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** What the service hands every trigger module: settings, clients, the invoker, the run log, the clock. */
public record TriggerContext(
    TriggerLayerOptions options, S3Client s3, SqsClient sqs, Invoker invoker, RunLog runs, Clock clock) {}
