package io.fnjobs.triggers.runtime;

/**
 * The codes of the causes the trigger layer gives a failure itself, where the function gave none: in
 * run records, dead letters and the {@code failed} flags of given-up events. A function's own causes
 * keep the function's codes.
 */
public final class CauseCodes {

  /** Fn could not be reached, or did not answer in time. */
  public static final String FN_UNREACHABLE = "fn-unreachable";
  /** The function failed and neither it nor Fn said why. */
  public static final String FUNCTION_ERROR = "function-error";
  /** The function ran past its timeout: Fn answered 504. */
  public static final String FUNCTION_TIMEOUT = "function-timeout";
  /** The function answered deferred once more than the trigger allows: counted as a failed attempt. */
  public static final String DEFERRED_TOO_OFTEN = "deferred-too-often";
  /** The event came back after its last attempt, which failed or never ended. */
  public static final String ATTEMPTS_USED_UP = "attempts-used-up";
  /** The trigger layer stopped before the run began. */
  public static final String STOPPED = "stopped";
  /** The function answered 200 with a JSON object that is no {@code JobReply} (a field of the wrong type). */
  public static final String INVALID_REPLY = "invalid-reply";
  /** The function found the event poison but said no more. */
  public static final String POISON = "poison";

  private CauseCodes() {}
}
