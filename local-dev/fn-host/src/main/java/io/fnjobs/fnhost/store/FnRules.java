package io.fnjobs.fnhost.store;

import static io.fnjobs.fnhost.catalog.FnLimits.DEFAULT_IDLE_TIMEOUT_SECONDS;
import static io.fnjobs.fnhost.catalog.FnLimits.DEFAULT_MEMORY_MB;
import static io.fnjobs.fnhost.catalog.FnLimits.DEFAULT_TIMEOUT_SECONDS;
import static io.fnjobs.fnhost.catalog.FnLimits.MAX_IDLE_TIMEOUT_SECONDS;
import static io.fnjobs.fnhost.catalog.FnLimits.MAX_MEMORY_MB;
import static io.fnjobs.fnhost.catalog.FnLimits.MAX_TIMEOUT_SECONDS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnjobs.fnhost.ids.FnIds;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Fn server's rules for creating and updating apps and functions ({@code models.App.Validate},
 * {@code Fn.Update}...), with Fn's messages; where Fn's message does not name the value, the value is
 * appended. An update merges: config and annotation entries set to {@code ""} are removed, absent
 * fields are kept, and {@code updated_at} moves only when something changed.
 */
final class FnRules {

  private static final int MAX_NAME_LENGTH = 255;
  private static final int MAX_ANNOTATION_KEYS = 100;
  private static final int MAX_ANNOTATION_KEY_BYTES = 128;
  private static final int MAX_ANNOTATION_VALUE_BYTES = 512;
  private static final Pattern APP_NAME = Pattern.compile("[\\p{L}\\p{N}_-]+");
  /** What Go's url.PathEscape leaves as it is: Fn refuses a function name it would change. */
  private static final Pattern FN_NAME = Pattern.compile("[A-Za-z0-9\\-_.~$&+:=@]+");
  private static final Pattern ANNOTATION_KEY = Pattern.compile("[\\x21-\\x7E]+");
  private static final Set<String> SYSLOG_SCHEMES = Set.of("tcp", "udp", "unix", "unixgram", "tcp+tls");
  private static final ObjectMapper JSON = new ObjectMapper();

  private FnRules() {}

  /** The app {@code change} creates, at {@code now}. */
  static App newApp(AppChange change, Instant now) {
    if (change.id().filter(id -> !id.isEmpty()).isPresent()) {
      throw invalid("App ID cannot be supplied on create");
    }
    String name = checkedName(change.name(), "Missing Name", "App", APP_NAME,
        "Invalid app name: '%s' (letters, digits, '_' and '-' only)");
    App empty = new App(FnIds.appId(name), name, Map.of(), Map.of(), Optional.empty(), now, now);
    return merged(empty, change, true);
  }

  /** {@code app} with {@code change} applied; the same app when nothing changed. */
  static App updatedApp(App app, AppChange change, Instant now) {
    if (change.id().filter(id -> !id.isEmpty() && !id.equals(app.id())).isPresent()) {
      throw invalid("App ID in path does not match ID in body");
    }
    if (change.name().filter(name -> !name.isEmpty() && !name.equals(app.name())).isPresent()) {
      throw new ResourceConflictException("Could not update - name is immutable");
    }
    App merged = merged(app, change, false);
    return merged.equals(app)
        ? app
        : new App(app.id(), app.name(), merged.config(), merged.annotations(), merged.syslogUrl(), app.createdAt(), now);
  }

  private static App merged(App app, AppChange change, boolean creating) {
    Optional<String> syslogUrl = app.syslogUrl();
    if (change.syslogUrl().isPresent()) {
      String url = change.syslogUrl().get();
      syslogUrl = url.isEmpty() ? Optional.empty() : Optional.of(checkedSyslogUrl(url));
    }
    return new App(
        app.id(), app.name(), merged(app.config(), change.config()),
        mergedAnnotations(app.annotations(), change.annotations(), creating), syslogUrl, app.createdAt(),
        app.updatedAt());
  }

  /**
   * The function {@code change} creates, at {@code now}, in the app {@code apps} finds for its app_id.
   *
   * @throws ResourceNotFoundException there is no such app
   */
  static Fn newFn(FnChange change, Function<String, Optional<App>> apps, Instant now) {
    if (change.id().filter(id -> !id.isEmpty()).isPresent()) {
      throw invalid("ID cannot be provided for Fn creation");
    }
    String appId = change.appId().orElse("");
    if (appId.isEmpty()) {
      throw invalid("Missing AppID on Fn");
    }
    String name = checkedName(change.name(), "Missing Fn name", "Fn", FN_NAME,
        "name must be a valid string: '%s' is changed by URL path escaping");
    if (change.image().filter(image -> !image.isEmpty()).isEmpty()) {
      throw invalid("Missing image on Fn");
    }
    Fn defaults =
        new Fn(
            "", appId, name, "", DEFAULT_MEMORY_MB, Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS),
            Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS), Map.of(), Map.of(), now, now);
    Fn fn = merged(defaults, change, true);
    App app = apps.apply(appId).orElseThrow(ResourceNotFoundException::app);
    return new Fn(
        FnIds.functionId(app.name(), name), appId, name, fn.image(), fn.memoryMb(), fn.timeout(), fn.idleTimeout(),
        fn.config(), fn.annotations(), now, now);
  }

  /** A new app's or function's name, with Fn's messages for each way it can be wrong. */
  private static String checkedName(
      Optional<String> given, String missing, String kind, Pattern valid, String invalidFormat) {
    String name = given.orElse("");
    if (name.isEmpty()) {
      throw invalid(missing);
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw invalid(kind + " name must be " + MAX_NAME_LENGTH + " characters or less");
    }
    if (!valid.matcher(name).matches()) {
      throw invalid(String.format(invalidFormat, name));
    }
    return name;
  }

  /** {@code fn} with {@code change} applied; the same function when nothing changed. */
  static Fn updatedFn(Fn fn, FnChange change, Instant now) {
    if (change.id().filter(id -> !id.isEmpty() && !id.equals(fn.id())).isPresent()) {
      throw invalid("Fn ID in path does not match that in body");
    }
    if (change.name().filter(name -> !name.isEmpty() && !name.equals(fn.name())).isPresent()) {
      throw new ResourceConflictException("Could not update - name is immutable");
    }
    if (change.appId().filter(appId -> !appId.isEmpty() && !appId.equals(fn.appId())).isPresent()) {
      throw new ResourceConflictException("Could not update - app_id is immutable");
    }
    Fn merged = merged(fn, change, false);
    return merged.equals(fn)
        ? fn
        : new Fn(
            fn.id(), fn.appId(), fn.name(), merged.image(), merged.memoryMb(), merged.timeout(), merged.idleTimeout(),
            merged.config(), merged.annotations(), fn.createdAt(), now);
  }

  private static Fn merged(Fn fn, FnChange change, boolean creating) {
    int memory = inRange(set(change.memoryMb()).orElse(fn.memoryMb()), MAX_MEMORY_MB,
        "memory value is out of range. It should be between 0 and " + MAX_MEMORY_MB);
    int timeout = inRange(set(change.timeoutSeconds()).orElse((int) fn.timeout().toSeconds()), MAX_TIMEOUT_SECONDS,
        "timeout value is out of range, must be between 0 and " + MAX_TIMEOUT_SECONDS);
    int idleTimeout = inRange(
        set(change.idleTimeoutSeconds()).orElse((int) fn.idleTimeout().toSeconds()), MAX_IDLE_TIMEOUT_SECONDS,
        "idle_timeout value is out of range, must be between 0 and " + MAX_IDLE_TIMEOUT_SECONDS);
    return new Fn(
        fn.id(), fn.appId(), fn.name(), change.image().filter(image -> !image.isEmpty()).orElse(fn.image()), memory,
        Duration.ofSeconds(timeout), Duration.ofSeconds(idleTimeout), merged(fn.config(), change.config()),
        mergedAnnotations(fn.annotations(), change.annotations(), creating), fn.createdAt(), fn.updatedAt());
  }

  /** The change that turns {@code from} into {@code to}, name and id aside: what the API wrote. */
  static AppChange appDiff(App from, App to) {
    Optional<String> syslogUrl =
        from.syslogUrl().equals(to.syslogUrl()) ? Optional.empty() : Optional.of(to.syslogUrl().orElse(""));
    return new AppChange(
        Optional.empty(), Optional.empty(), diff(from.config(), to.config()), diff(from.annotations(), to.annotations()),
        syslogUrl);
  }

  /** The change that turns {@code from} into {@code to}, name, app and id aside: what the API wrote. */
  static FnChange fnDiff(Fn from, Fn to) {
    return new FnChange(
        Optional.empty(), Optional.empty(), Optional.empty(),
        from.image().equals(to.image()) ? Optional.empty() : Optional.of(to.image()),
        changed(from.memoryMb(), to.memoryMb()),
        changed((int) from.timeout().toSeconds(), (int) to.timeout().toSeconds()),
        changed((int) from.idleTimeout().toSeconds(), (int) to.idleTimeout().toSeconds()),
        diff(from.config(), to.config()), diff(from.annotations(), to.annotations()));
  }

  private static OptionalInt changed(int from, int to) {
    return from == to ? OptionalInt.empty() : OptionalInt.of(to);
  }

  /** Entries of {@code to} that {@code from} lacks or holds otherwise, and {@code ""} for each it dropped. */
  @SuppressWarnings("unchecked")
  private static <V> Map<String, V> diff(Map<String, V> from, Map<String, V> to) {
    Map<String, V> diff = new LinkedHashMap<>();
    to.forEach((key, value) -> {
      if (!Objects.equals(from.get(key), value)) {
        diff.put(key, value);
      }
    });
    from.keySet().stream().filter(key -> !to.containsKey(key)).forEach(key -> diff.put(key, (V) ""));
    return diff;
  }

  /** Fn treats 0 as "not given": the default on create, the current value on update. */
  private static OptionalInt set(OptionalInt value) {
    return value.isPresent() && value.getAsInt() == 0 ? OptionalInt.empty() : value;
  }

  private static int inRange(int value, int max, String message) {
    if (value < 1 || value > max) {
      throw invalid(message + ": " + value);
    }
    return value;
  }

  private static Map<String, String> merged(Map<String, String> current, Map<String, String> change) {
    Map<String, String> merged = new LinkedHashMap<>(current);
    change.forEach((key, value) -> {
      if (value.isEmpty()) {
        merged.remove(key);
      } else {
        merged.put(key, value);
      }
    });
    return merged;
  }

  private static Map<String, Object> mergedAnnotations(
      Map<String, Object> current, Map<String, Object> change, boolean creating) {
    Map<String, Object> merged = new LinkedHashMap<>(current);
    change.forEach((key, value) -> {
      checkAnnotationKey(key);
      if ("".equals(value) && !creating) {
        merged.remove(key);
      } else {
        merged.put(key, checkedAnnotationValue(key, value));
      }
    });
    if (merged.size() > MAX_ANNOTATION_KEYS) {
      throw invalid("Invalid annotation change, new key(s) exceed maximum permitted number of annotations keys ("
          + MAX_ANNOTATION_KEYS + ")");
    }
    return merged;
  }

  private static void checkAnnotationKey(String key) {
    if (!ANNOTATION_KEY.matcher(key).matches()) {
      throw invalid("Invalid annotation key, annotation keys must be non-empty ascii strings excluding whitespace: '"
          + key + "'");
    }
    if (key.length() > MAX_ANNOTATION_KEY_BYTES) {
      throw invalid("Invalid annotation key length, annotation keys may not be larger than "
          + MAX_ANNOTATION_KEY_BYTES + " bytes: '" + key + "'");
    }
  }

  private static Object checkedAnnotationValue(String key, Object value) {
    boolean allowed = (value instanceof String text && !text.isEmpty()) || value instanceof Number
        || value instanceof Map || value instanceof List;
    if (!allowed) {
      throw invalid("Invalid annotation value, annotation values may only be non-empty strings, numbers, objects,"
          + " or arrays: '" + key + "'");
    }
    try {
      if (JSON.writeValueAsBytes(value).length > MAX_ANNOTATION_VALUE_BYTES) {
        throw invalid("Invalid annotation value length, annotation values may not be larger than "
            + MAX_ANNOTATION_VALUE_BYTES + " bytes when serialized as JSON: '" + key + "'");
      }
    } catch (JsonProcessingException e) {
      throw invalid("Invalid annotation value: '" + key + "': " + e.getOriginalMessage());
    }
    return value;
  }

  private static String checkedSyslogUrl(String url) {
    String scheme;
    try {
      scheme = new URI(url.trim()).getScheme();
    } catch (URISyntaxException e) {
      throw invalid("invalid syslog url: \"" + url + "\" " + e.getReason());
    }
    if (scheme == null || !SYSLOG_SCHEMES.contains(scheme)) {
      throw invalid("invalid syslog url: \"" + url + "\" invalid scheme, only [tcp, udp, unix, unixgram, tcp+tls]"
          + " are supported");
    }
    return url;
  }

  private static InvalidResourceException invalid(String message) {
    return new InvalidResourceException(message);
  }
}
