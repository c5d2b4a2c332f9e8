package io.fnjobs.common.layout;

/**
 * The names of the three jobs. A job's name is the folder of its status flags in the state bucket
 * ({@link StateLayout#flag}) and the {@code job} of its replies, so a function that writes a flag and the
 * cleanup that reads it must spell it alike: both take it from here.
 */
public final class JobNames {

  /** The thumbnail function: one flag per original, {@code thumbnail/<original key>.json}. */
  public static final String THUMBNAIL = "thumbnail";
  /** The order processor: one flag per order, {@code orders/<orderId>.json}. */
  public static final String ORDERS = "orders";
  /** The nightly cleanup: one flag per scheduled slot, {@code cleanup/<slot>.json}. */
  public static final String CLEANUP = "cleanup";

  private JobNames() {}
}
