package io.fnjobs.localdev.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** A compose file as Docker Compose reads it: services with their merged ({@code <<}) environments. */
record Compose(Map<String, Object> services) {

  /** {@code ${NAME}}, {@code ${NAME:-default}} or {@code ${NAME-default}}: Compose's interpolation. */
  private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

  @SuppressWarnings("unchecked")
  static Compose load(Path file) {
    Map<String, Object> document = new Yaml().load(Repo.read(file));
    return new Compose((Map<String, Object>) document.get("services"));
  }

  /** Every service's environment, by service name; list-form environments are refused. */
  Map<String, Map<String, String>> environments() {
    Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    services.keySet().forEach(name -> environments.put(name, environment(name)));
    return environments;
  }

  Map<String, String> environment(String service) {
    Object environment = service(service).get("environment");
    if (environment == null) {
      return Map.of();
    }
    if (!(environment instanceof Map<?, ?> map)) {
      throw new IllegalStateException("service " + service + ": environment must be a mapping, not " + environment);
    }
    Map<String, String> values = new LinkedHashMap<>();
    map.forEach((key, value) -> values.put(String.valueOf(key), value == null ? null : String.valueOf(value)));
    return values;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> service(String name) {
    Object service = services.get(name);
    if (!(service instanceof Map<?, ?>)) {
      throw new IllegalStateException("no service " + name + " in the compose file");
    }
    return (Map<String, Object>) service;
  }

  /** The value with every interpolation replaced by its default, as Compose does with nothing set. */
  static String withDefaults(String value) {
    Matcher interpolation = INTERPOLATION.matcher(value);
    return interpolation.replaceAll(match -> Matcher.quoteReplacement(Optional.ofNullable(match.group(2)).orElse("")));
  }
}
