package io.fnjobs.common.config;

/**
 * The buckets the functions use, each with the one setting that names it and the name it has when
 * that setting is not set (the embedded stack's and the deployment files' default).
 */
public enum Bucket {
  UPLOADS("FNJOBS_UPLOADS_BUCKET", "uploads"),
  THUMBNAILS("FNJOBS_THUMBNAILS_BUCKET", "thumbnails"),
  ORDERS("FNJOBS_ORDERS_BUCKET", "orders"),
  STATE("FNJOBS_STATE_BUCKET", "state");

  private final String setting;
  private final String defaultName;

  Bucket(String setting, String defaultName) {
    this.setting = setting;
    this.defaultName = defaultName;
  }

  /** The setting that names this bucket. */
  public String setting() {
    return setting;
  }

  public String defaultName() {
    return defaultName;
  }

  /** The bucket's name as {@code settings} set it, or its default name. */
  public String nameIn(Settings settings) {
    return settings.get(setting, defaultName);
  }
}
