package io.fnjobs.common.config;

/** A setting a function or service needs is absent or blank. */
public final class MissingSettingException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final String key;

  public MissingSettingException(String key, String purpose) {
    super(
        "setting "
            + key
            + " is not set ("
            + purpose
            + "): set it in the function's config (func.yaml or `fn config function`), the app's"
            + " config (app.yaml or `fn config app`) or the environment");
    this.key = key;
  }

  public String key() {
    return key;
  }
}
