package io.fnjobs.common.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only view of a function's configuration (Fn passes app and function config as environment
 * variables) with typed accessors that fail fast and name the key. A setting that was renamed is still
 * read under its old name for one release, with a warning naming the new one.
 */
public final class Settings {

  private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
  // new name -> the old name still accepted for it; remove an entry one release after it was added
  private static final Map<String, String> DEPRECATED_NAMES = Map.of(
      Bucket.THUMBNAILS.setting(), "THUMBNAIL_OUTPUT_BUCKET",
      Bucket.ORDERS.setting(), "ORDERS_BUCKET");

  private final Function<String, String> source;

  private Settings(Function<String, String> source) {
    this.source = source;
  }

  /** Settings read from a lookup function, such as {@code RuntimeContext::getConfigurationByKey}. */
  public static Settings from(Function<String, Optional<String>> lookup) {
    return new Settings(key -> lookup.apply(key).orElse(null));
  }

  public static Settings of(Map<String, String> values) {
    return new Settings(values::get);
  }

  public Optional<String> find(String key) {
    return value(key).or(() -> underOldName(key));
  }

  private Optional<String> underOldName(String key) {
    String old = DEPRECATED_NAMES.get(key);
    Optional<String> value = old == null ? Optional.empty() : value(old);
    value.ifPresent(v -> LOG.warn("setting {} is deprecated and will be ignored in the next release: set {} instead",
        old, key));
    return value;
  }

  private Optional<String> value(String key) {
    String value = source.apply(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public String require(String key, String purpose) {
    return find(key).orElseThrow(() -> new MissingSettingException(key, purpose));
  }

  public String get(String key, String fallback) {
    return find(key).orElse(fallback);
  }

  public int getInt(String key, int fallback) {
    return find(key).map(value -> parseInt(key, value)).orElse(fallback);
  }

  public long getLong(String key, long fallback) {
    return find(key).map(value -> parseLong(key, value)).orElse(fallback);
  }

  public boolean getBoolean(String key, boolean fallback) {
    return find(key).map(value -> parseBoolean(key, value)).orElse(fallback);
  }

  /** A duration in ISO-8601 ({@code PT30S}) or as a number of seconds ({@code 30}). */
  public Duration getDuration(String key, Duration fallback) {
    return find(key).map(value -> parseDuration(key, value)).orElse(fallback);
  }

  private static int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new InvalidSettingException(key, value, "a whole number");
    }
  }

  private static long parseLong(String key, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new InvalidSettingException(key, value, "a whole number");
    }
  }

  private static boolean parseBoolean(String key, String value) {
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new InvalidSettingException(key, value, "true or false");
    };
  }

  private static Duration parseDuration(String key, String value) {
    try {
      if (value.chars().allMatch(Character::isDigit)) {
        return Duration.ofSeconds(Long.parseLong(value));
      }
      return Duration.parse(value);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new InvalidSettingException(key, value, "an ISO-8601 duration such as PT30S, or seconds");
    }
  }
}
