package io.fnjobs.common.layout;

import io.fnjobs.common.json.Json;

/**
 * Where things live in the {@code state} bucket: the one place the functions, the trigger layer and the
 * nightly cleanup agree on. No watched prefix is ever among these.
 *
 * <pre>
 * thumbnail/&lt;original key&gt;.json, orders/&lt;orderId&gt;.json, cleanup/&lt;slot&gt;.json   status flags
 * idempotency/&lt;sha-256 of the key&gt;.json                                     idempotency records
 * receipts/&lt;trigger&gt;/&lt;sha-256 of bucket/key&gt;/&lt;sha-256 of version&gt;.json   blob receipts
 * receipts/.holds/&lt;instance&gt;/&lt;trigger&gt;/…/&lt;sha-256 of version&gt;.json     receipts an instance holds
 * dead-letters/&lt;trigger&gt;/&lt;id&gt;.json                                         blob dead letters
 * redrives/&lt;dead-letter queue&gt;/&lt;sha-256 of the message id&gt;.json               queue messages redriven
 * runs/&lt;trigger&gt;/&lt;inverted start millis&gt;-&lt;id&gt;.json                        run records
 * timers/&lt;trigger&gt;/lease.json, timers/&lt;trigger&gt;/slots/&lt;slot&gt;.json,
 * timers/&lt;trigger&gt;/status.json                                            timer state
 * checkpoints/&lt;job&gt;/&lt;run&gt;.json                                           progress of long jobs
 * keys/attribute-key.json                                                 the trigger layer's message-attribute key
 * control/pauses.json                                                         the paused triggers
 * </pre>
 */
public final class StateLayout {

  public static final String IDEMPOTENCY = "idempotency/";
  public static final String RECEIPTS = "receipts/";
  /** Not a trigger's name (those have no dot), and under {@link #RECEIPTS}, whose retention clears it. */
  public static final String RECEIPT_HOLDS = RECEIPTS + ".holds/";
  public static final String DEAD_LETTERS = "dead-letters/";
  public static final String REDRIVES = "redrives/";
  public static final String RUNS = "runs/";
  public static final String TIMERS = "timers/";
  public static final String CHECKPOINTS = "checkpoints/";
  public static final String KEYS = "keys/";
  /** The key the trigger layer signs its message attributes with, when FNJOBS_ATTRIBUTE_KEY sets none. */
  public static final String ATTRIBUTE_KEY = KEYS + "attribute-key.json";
  /** The triggers paused by an operator, shared by every trigger-layer instance. */
  public static final String PAUSES = "control/pauses.json";

  private StateLayout() {}

  /** The flag of a unit of work: {@code <job>/<subject>.json}. */
  public static String flag(String job, String subject) {
    return flags(job) + subject + ".json";
  }

  /** Where every flag of one job is: a prefix. */
  public static String flags(String job) {
    return job + "/";
  }

  /** The record of an idempotency key. */
  public static String idempotencyRecord(String key) {
    return IDEMPOTENCY + Json.sha256(key) + ".json";
  }

  /** The receipt of one object version for one blob trigger. */
  public static String receipt(String trigger, String bucket, String key, String version) {
    return receipts(trigger, bucket, key) + Json.sha256(version) + ".json";
  }

  /** Where every receipt of one blob trigger is: a prefix. */
  public static String triggerReceipts(String trigger) {
    return RECEIPTS + trigger + "/";
  }

  /** Where the receipts of every version of one object are, for one blob trigger: a prefix. */
  public static String receipts(String trigger, String bucket, String key) {
    return triggerReceipts(trigger) + Json.sha256(bucket + "/" + key) + "/";
  }

  /**
   * The note an instance of the trigger layer keeps of a receipt it holds, beside the receipt's key, so
   * that after a restart it finds the work it had claimed and not finished without reading every
   * receipt. The receipt retention also clears the notes of an instance that never came back.
   */
  public static String receiptHold(String instance, String receiptKey) {
    if (!receiptKey.startsWith(RECEIPTS)) {
      throw new IllegalArgumentException("not a receipt's key: " + receiptKey);
    }
    return RECEIPT_HOLDS + instance + "/" + receiptKey.substring(RECEIPTS.length());
  }

  /** Where the notes of the receipts an instance holds for one trigger are: a prefix. */
  public static String receiptHolds(String instance, String trigger) {
    return RECEIPT_HOLDS + instance + "/" + trigger + "/";
  }

  public static String deadLetter(String trigger, String id) {
    return DEAD_LETTERS + trigger + "/" + id + ".json";
  }

  /** The record that a dead-letter queue's message was sent back to its source queue. */
  public static String redrive(String deadLetterQueue, String messageId) {
    return REDRIVES + deadLetterQueue + "/" + Json.sha256(messageId) + ".json";
  }

  public static String timer(String trigger, String name) {
    return TIMERS + trigger + "/" + name;
  }

  public static String checkpoint(String job, String run) {
    return CHECKPOINTS + job + "/" + run + ".json";
  }
}
