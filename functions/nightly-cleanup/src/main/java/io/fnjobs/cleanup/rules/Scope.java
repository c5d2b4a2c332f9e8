package io.fnjobs.cleanup.rules;

import io.fnjobs.cleanup.CleanupSettings;
import io.fnjobs.cleanup.storage.Reads;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What every rule works with: the store, the settings, the run's reference time (what is expired is
 * decided as of {@code asOf}, the same after a resume) and the parallel reader.
 */
public record Scope(S3Client s3, CleanupSettings settings, Instant asOf, Reads reads) {

  /** Whether something last changed at {@code time} is older than {@code age} as of the run's time. */
  public boolean olderThan(Instant time, Duration age) {
    return time.isBefore(asOf.minus(age));
  }
}
