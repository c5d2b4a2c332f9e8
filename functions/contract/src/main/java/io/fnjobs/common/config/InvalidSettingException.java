package io.fnjobs.common.config;

/** A setting is present but its value cannot be used. */
public final class InvalidSettingException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final String key;

  public InvalidSettingException(String key, String value, String expected) {
    super("setting " + key + " has the value '" + value + "', expected " + expected);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
