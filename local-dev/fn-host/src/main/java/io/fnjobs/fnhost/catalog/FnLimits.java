package io.fnjobs.fnhost.catalog;

/** Fn server's defaults and limits for a function (its {@code models.DefaultMemory}, {@code MaxTimeout}...). */
public final class FnLimits {

  public static final int DEFAULT_MEMORY_MB = 128;
  public static final int MAX_MEMORY_MB = 8 * 1024;
  public static final int DEFAULT_TIMEOUT_SECONDS = 30;
  public static final int MAX_TIMEOUT_SECONDS = 300;
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 30;
  public static final int MAX_IDLE_TIMEOUT_SECONDS = 3600;

  private FnLimits() {}
}
