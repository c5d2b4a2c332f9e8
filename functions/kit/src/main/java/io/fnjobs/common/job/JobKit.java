package io.fnjobs.common.job;

import io.fnjobs.common.config.Bucket;
import io.fnjobs.common.config.InvalidSettingException;
import io.fnjobs.common.config.Settings;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.common.idempotency.Idempotent;
import io.fnjobs.common.idempotency.ObjectStoreIdempotencyStore;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.S3ConditionalStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What every function's job runs on, wired once per container: the S3 client, the state bucket's
 * conditional store, the status flags and idempotency records on it, and the {@link JobRunner} over
 * both. A function takes it from its settings in one line ({@code JobKit.from(settings, clock)}) and
 * builds its own job from the parts it needs.
 *
 * <p>Settings: {@code FNJOBS_S3_*} (the store, see {@link EndpointSettings}), {@code FNJOBS_STATE_BUCKET}
 * (default {@code state}) and {@value #RETENTION} (how long a finished unit of work answers duplicates,
 * default {@code P7D}). A bad value fails here, naming the setting, before any client is built.
 */
public final class JobKit {

  /** The setting that says how long an idempotency record answers duplicates. */
  public static final String RETENTION = "FNJOBS_IDEMPOTENCY_RETENTION";
  /** The retention when {@value #RETENTION} is not set. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  private final S3Client s3;
  private final String stateBucket;
  private final S3ConditionalStore state;
  private final ObjectStoreStatusFlags flags;
  private final Idempotent idempotent;
  private final JobRunner runner;
  private final Clock clock;

  private JobKit(S3Client s3, String stateBucket, Duration retention, Clock clock) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.stateBucket = Objects.requireNonNull(stateBucket, "stateBucket");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.state = new S3ConditionalStore(s3, stateBucket);
    this.flags = new ObjectStoreStatusFlags(state, clock);
    this.idempotent = new Idempotent(new ObjectStoreIdempotencyStore(state, clock, retention));
    this.runner = new JobRunner(flags, idempotent, clock);
  }

  /** The kit of a function: reads every setting it needs first, then builds the client and the rest. */
  public static JobKit from(Settings settings, Clock clock) {
    Duration retention = retention(settings);
    String stateBucket = Bucket.STATE.nameIn(settings);
    EndpointSettings endpoint = EndpointSettings.from(settings, "S3");
    return new JobKit(StorageClients.s3(endpoint), stateBucket, retention, clock);
  }

  /** A kit on a client the caller already has (a test's, a benchmark's), with the given retention. */
  public static JobKit on(S3Client s3, String stateBucket, Duration retention, Clock clock) {
    if (!positive(retention)) {
      throw new IllegalArgumentException("the idempotency retention must be positive, not " + retention);
    }
    return new JobKit(s3, stateBucket, retention, clock);
  }

  /** {@value #RETENTION}, a positive duration; {@link #DEFAULT_RETENTION} when not set. */
  static Duration retention(Settings settings) {
    Duration retention = settings.getDuration(RETENTION, DEFAULT_RETENTION);
    if (!positive(retention)) {
      throw new InvalidSettingException(RETENTION, settings.get(RETENTION, ""), "a positive duration such as P7D");
    }
    return retention;
  }

  private static boolean positive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  /** The S3 client, for the job's own buckets too. */
  public S3Client s3() {
    return s3;
  }

  /** The state bucket's name ({@code FNJOBS_STATE_BUCKET}). */
  public String stateBucket() {
    return stateBucket;
  }

  /** The state bucket as a conditional store: flags, idempotency records, a job's own state documents. */
  public ConditionalStore state() {
    return state;
  }

  public StatusFlags flags() {
    return flags;
  }

  public Idempotent idempotent() {
    return idempotent;
  }

  /** Runs a unit of work under its flag and idempotency record. */
  public JobRunner runner() {
    return runner;
  }

  public Clock clock() {
    return clock;
  }
}
