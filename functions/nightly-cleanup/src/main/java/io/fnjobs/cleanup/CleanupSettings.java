package io.fnjobs.cleanup;

import io.fnjobs.common.config.Bucket;
import io.fnjobs.common.config.InvalidSettingException;
import io.fnjobs.common.config.Settings;
import io.fnjobs.common.layout.JobNames;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules and limits of the cleanup; immutable, with the defaults below. {@link #from(Settings)}
 * reads them from the function's config (func.yaml, app.yaml, {@code fn config}), failing on a bad
 * value with the setting's name.
 *
 * <pre>
 * CLEANUP_UPLOAD_RETENTION      P30D   originals under CLEANUP_UPLOAD_PREFIX (images/) older than this go,
 *                                      with their thumbnails and thumbnail flags
 * CLEANUP_ORDER_RETENTION       P90D   confirmed and cancelled orders older than this move to archive/
 * CLEANUP_RECEIPT_RETENTION     upload retention + P1D; receipts older than this go. Longer than the
 *                                      upload retention, or the sweep would take live originals again
 * CLEANUP_MULTIPART_MAX_AGE     P1D    incomplete multipart uploads older than this are aborted
 * CLEANUP_REPAIR_AFTER          PT1H   originals older than this without a succeeded flag are handed back
 * CLEANUP_RUNNING_FLAG_TIMEOUT  PT1H   a running flag without an idempotency record is past its deadline after this
 * CLEANUP_FLAG_JOBS             orders,cleanup   the flag folders checked for running flags past their deadline
 *                                      (thumbnail flags are checked with their originals)
 * CLEANUP_THUMBNAIL_TRIGGER     thumbnail-on-upload   whose receipts a repair deletes
 * CLEANUP_TIME_BUDGET           PT4M   the run stops cleanly after this, checkpointed (keep it under the timeout)
 * CLEANUP_DRY_RUN               false  report what would be done, change nothing
 * CLEANUP_BATCH_SIZE            1000   changes per batch (and keys per delete request), 1 to 1000
 * CLEANUP_READ_PARALLELISM      8      objects read at once, 1 to 64
 * FNJOBS_UPLOADS_BUCKET, FNJOBS_THUMBNAILS_BUCKET, FNJOBS_ORDERS_BUCKET, FNJOBS_STATE_BUCKET
 * </pre>
 */
public final class CleanupSettings {

  private final String uploadsBucket;
  private final String thumbnailsBucket;
  private final String ordersBucket;
  private final String stateBucket;
  private final String uploadPrefix;
  private final Duration uploadRetention;
  private final Duration orderRetention;
  private final Duration receiptRetention;
  private final Duration multipartMaxAge;
  private final Duration repairAfter;
  private final Duration runningFlagTimeout;
  private final List<String> flagJobs;
  private final String thumbnailTrigger;
  private final Duration timeBudget;
  private final boolean dryRun;
  private final int batchSize;
  private final int readParallelism;

  private CleanupSettings(Builder b) {
    this.uploadsBucket = b.uploadsBucket;
    this.thumbnailsBucket = b.thumbnailsBucket;
    this.ordersBucket = b.ordersBucket;
    this.stateBucket = b.stateBucket;
    this.uploadPrefix = b.uploadPrefix;
    this.uploadRetention = positive("CLEANUP_UPLOAD_RETENTION", b.uploadRetention);
    this.orderRetention = positive("CLEANUP_ORDER_RETENTION", b.orderRetention);
    this.receiptRetention = positive("CLEANUP_RECEIPT_RETENTION",
        b.receiptRetention != null ? b.receiptRetention : uploadRetention.plusDays(1));
    if (receiptRetention.compareTo(uploadRetention) <= 0) {
      throw new InvalidSettingException("CLEANUP_RECEIPT_RETENTION", receiptRetention.toString(),
          "a duration longer than CLEANUP_UPLOAD_RETENTION (" + uploadRetention + "): a receipt that goes before"
              + " its original makes the blob trigger's sweep process the original again");
    }
    this.multipartMaxAge = positive("CLEANUP_MULTIPART_MAX_AGE", b.multipartMaxAge);
    this.repairAfter = positive("CLEANUP_REPAIR_AFTER", b.repairAfter);
    this.runningFlagTimeout = positive("CLEANUP_RUNNING_FLAG_TIMEOUT", b.runningFlagTimeout);
    this.flagJobs = List.copyOf(b.flagJobs);
    this.thumbnailTrigger = b.thumbnailTrigger;
    this.timeBudget = positive("CLEANUP_TIME_BUDGET", b.timeBudget);
    this.dryRun = b.dryRun;
    this.batchSize = within("CLEANUP_BATCH_SIZE", b.batchSize, 1, 1000);
    this.readParallelism = within("CLEANUP_READ_PARALLELISM", b.readParallelism, 1, 64);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * @throws InvalidSettingException naming the setting whose value cannot be used
   */
  public static CleanupSettings from(Settings settings) {
    Builder b = builder();
    return b.uploadsBucket(Bucket.UPLOADS.nameIn(settings))
        .thumbnailsBucket(Bucket.THUMBNAILS.nameIn(settings))
        .ordersBucket(Bucket.ORDERS.nameIn(settings))
        .stateBucket(Bucket.STATE.nameIn(settings))
        .uploadPrefix(settings.get("CLEANUP_UPLOAD_PREFIX", b.uploadPrefix))
        .uploadRetention(settings.getDuration("CLEANUP_UPLOAD_RETENTION", b.uploadRetention))
        .orderRetention(settings.getDuration("CLEANUP_ORDER_RETENTION", b.orderRetention))
        .receiptRetention(settings.getDuration("CLEANUP_RECEIPT_RETENTION", null))
        .multipartMaxAge(settings.getDuration("CLEANUP_MULTIPART_MAX_AGE", b.multipartMaxAge))
        .repairAfter(settings.getDuration("CLEANUP_REPAIR_AFTER", b.repairAfter))
        .runningFlagTimeout(settings.getDuration("CLEANUP_RUNNING_FLAG_TIMEOUT", b.runningFlagTimeout))
        .flagJobs(settings.find("CLEANUP_FLAG_JOBS").map(CleanupSettings::list).orElse(b.flagJobs))
        .thumbnailTrigger(settings.get("CLEANUP_THUMBNAIL_TRIGGER", b.thumbnailTrigger))
        .timeBudget(settings.getDuration("CLEANUP_TIME_BUDGET", b.timeBudget))
        .dryRun(settings.getBoolean("CLEANUP_DRY_RUN", b.dryRun))
        .batchSize(settings.getInt("CLEANUP_BATCH_SIZE", b.batchSize))
        .readParallelism(settings.getInt("CLEANUP_READ_PARALLELISM", b.readParallelism))
        .build();
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(job -> !job.isEmpty()).toList();
  }

  private static Duration positive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new InvalidSettingException(key, value.toString(), "a positive duration such as P30D or PT10S");
    }
    return value;
  }

  private static int within(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidSettingException(key, String.valueOf(value), "a whole number from " + min + " to " + max);
    }
    return value;
  }

  public String uploadsBucket() {
    return uploadsBucket;
  }

  public String thumbnailsBucket() {
    return thumbnailsBucket;
  }

  public String ordersBucket() {
    return ordersBucket;
  }

  public String stateBucket() {
    return stateBucket;
  }

  public String uploadPrefix() {
    return uploadPrefix;
  }

  public Duration uploadRetention() {
    return uploadRetention;
  }

  public Duration orderRetention() {
    return orderRetention;
  }

  public Duration receiptRetention() {
    return receiptRetention;
  }

  public Duration multipartMaxAge() {
    return multipartMaxAge;
  }

  public Duration repairAfter() {
    return repairAfter;
  }

  public Duration runningFlagTimeout() {
    return runningFlagTimeout;
  }

  public List<String> flagJobs() {
    return flagJobs;
  }

  public String thumbnailTrigger() {
    return thumbnailTrigger;
  }

  public Duration timeBudget() {
    return timeBudget;
  }

  public boolean dryRun() {
    return dryRun;
  }

  public int batchSize() {
    return batchSize;
  }

  public int readParallelism() {
    return readParallelism;
  }

  /** The rules as the report shows them. */
  public Map<String, String> describe() {
    Map<String, String> rules = new LinkedHashMap<>();
    rules.put("uploadRetention", uploadRetention.toString());
    rules.put("orderRetention", orderRetention.toString());
    rules.put("receiptRetention", receiptRetention.toString());
    rules.put("multipartMaxAge", multipartMaxAge.toString());
    rules.put("repairAfter", repairAfter.toString());
    rules.put("timeBudget", timeBudget.toString());
    rules.put("batchSize", String.valueOf(batchSize));
    return rules;
  }

  /** Builder with the defaults above. */
  public static final class Builder {
    private String uploadsBucket = Bucket.UPLOADS.defaultName();
    private String thumbnailsBucket = Bucket.THUMBNAILS.defaultName();
    private String ordersBucket = Bucket.ORDERS.defaultName();
    private String stateBucket = Bucket.STATE.defaultName();
    private String uploadPrefix = "images/";
    private Duration uploadRetention = Duration.ofDays(30);
    private Duration orderRetention = Duration.ofDays(90);
    private Duration receiptRetention;
    private Duration multipartMaxAge = Duration.ofDays(1);
    private Duration repairAfter = Duration.ofHours(1);
    private Duration runningFlagTimeout = Duration.ofHours(1);
    private List<String> flagJobs = List.of(JobNames.ORDERS, JobNames.CLEANUP);
    private String thumbnailTrigger = "thumbnail-on-upload";
    private Duration timeBudget = Duration.ofMinutes(4);
    private boolean dryRun;
    private int batchSize = 1000;
    private int readParallelism = 8;

    private Builder() {}

    public Builder uploadsBucket(String value) {
      uploadsBucket = value;
      return this;
    }

    public Builder thumbnailsBucket(String value) {
      thumbnailsBucket = value;
      return this;
    }

    public Builder ordersBucket(String value) {
      ordersBucket = value;
      return this;
    }

    public Builder stateBucket(String value) {
      stateBucket = value;
      return this;
    }

    public Builder uploadPrefix(String value) {
      uploadPrefix = value;
      return this;
    }

    public Builder uploadRetention(Duration value) {
      uploadRetention = value;
      return this;
    }

    public Builder orderRetention(Duration value) {
      orderRetention = value;
      return this;
    }

    /** Null: one day longer than the upload retention. */
    public Builder receiptRetention(Duration value) {
      receiptRetention = value;
      return this;
    }

    public Builder multipartMaxAge(Duration value) {
      multipartMaxAge = value;
      return this;
    }

    public Builder repairAfter(Duration value) {
      repairAfter = value;
      return this;
    }

    public Builder runningFlagTimeout(Duration value) {
      runningFlagTimeout = value;
      return this;
    }

    public Builder flagJobs(List<String> value) {
      flagJobs = value;
      return this;
    }

    public Builder thumbnailTrigger(String value) {
      thumbnailTrigger = value;
      return this;
    }

    public Builder timeBudget(Duration value) {
      timeBudget = value;
      return this;
    }

    public Builder dryRun(boolean value) {
      dryRun = value;
      return this;
    }

    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    public Builder readParallelism(int value) {
      readParallelism = value;
      return this;
    }

    public CleanupSettings build() {
      return new CleanupSettings(this);
    }
  }
}
