package io.fnjobs.localdev.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The {@code FNJOBS_*} variables of the checkout: which ones the software reads (Java sources and
 * resources, trigger definitions, scripts) and which ones the deployment files set or name (the compose
 * file, infra/, the functions' app.yaml and func.yaml). Found by reading the files as text, the way a
 * person greps them; compose files are parsed with SnakeYAML, which merges {@code <<} keys as Compose does.
 */
final class VariableScan {

  private static final Pattern NAME = Pattern.compile("FNJOBS_[A-Z0-9_]*");
  /** {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code $VAR}: group 2 holds any default. */
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{?(FNJOBS_[A-Z0-9_]*[A-Z0-9])(:?[-=?+][^}]*)?\\}?");
  /** {@code EndpointSettings.from(settings, "S3")}: the service part of FNJOBS_<SERVICE>_ENDPOINT & co. */
  private static final Pattern ENDPOINT_SERVICE = Pattern.compile("EndpointSettings\\.from\\([^,()]+,\\s*\"([A-Z0-9]+)\"\\)");
  /** {@code prefix + "ENDPOINT"} in EndpointSettings: the setting part of those names. */
  private static final Pattern ENDPOINT_SETTING = Pattern.compile("prefix \\+ \"([A-Z_]+)\"");

  private VariableScan() {}

  /** Where the software reads the variables: name, or prefix ending in {@code _}, to the files. */
  static Map<String, Set<String>> reads() {
    Map<String, Set<String>> reads = new TreeMap<>();
    for (Path file : sources()) {
      String text = Repo.read(file);
      for (String name : tokens(text)) {
        // a name ending in _ is a prefix the code builds names from when it ends a string literal
        // ("FNJOBS_FN_CONFIG_"), and a wildcard in prose otherwise (FNJOBS_S3_*); the bare "FNJOBS_"
        // is EndpointSettings', whose names are expanded below
        if (!name.endsWith("_") || (!name.equals("FNJOBS_") && text.contains(name + "\""))) {
          add(reads, name, file);
        }
      }
    }
    for (String name : endpointSettingNames()) {
      add(reads, name, Repo.path("functions/state/src/main/java/io/fnjobs/common/storage/EndpointSettings.java"));
    }
    for (Path file : triggerDefinitions()) {
      references(Repo.read(file)).keySet().forEach(name -> add(reads, name, file));
    }
    for (Path file : scripts()) {
      references(code(Repo.read(file))).keySet().forEach(name -> add(reads, name, file));
    }
    return reads;
  }

  /** Variables a trigger definition refers to without a default: the trigger layer refuses to start without them. */
  static Set<String> requiredByTriggerDefinitions() {
    Set<String> required = new TreeSet<>();
    for (Path file : triggerDefinitions()) {
      references(Repo.read(file)).forEach((name, hasDefault) -> {
        if (!hasDefault) {
          required.add(name);
        }
      });
    }
    return required;
  }

  /** Variables a script reads without a default (it runs under {@code set -u}). */
  static Set<String> requiredByScript(Path script) {
    Set<String> required = new TreeSet<>();
    references(code(Repo.read(script))).forEach((name, hasDefault) -> {
      if (!hasDefault) {
        required.add(name);
      }
    });
    return required;
  }

  /**
   * What the deployment files set or name: keys of every {@code environment} in the compose file, names
   * outside {@code $...} references in scripts (app config keys, hints in messages), names in the AWS and
   * MinIO files, config keys of app.yaml and func.yaml.
   */
  static Map<String, Set<String>> setsAndNames() {
    Map<String, Set<String>> named = new TreeMap<>();
    Path compose = Repo.path("local-dev/compose.yaml");
    Compose.load(compose).environments().values().forEach(env -> env.keySet().stream()
        .filter(name -> name.startsWith("FNJOBS_")).forEach(name -> add(named, name, compose)));
    for (Path file : scripts()) {
      String code = REFERENCE.matcher(code(Repo.read(file))).replaceAll("");
      tokens(code).forEach(name -> add(named, name, file));
    }
    for (Path file : Repo.files(Repo.path("infra"), VariableScan::isAwsOrMinioFile)) {
      tokens(Repo.read(file)).forEach(name -> add(named, name, file));
    }
    for (Path file : Repo.files(Repo.path("functions"), VariableScan::isFnFile)) {
      Object config = ((Map<?, ?>) new Yaml().load(Repo.read(file))).get("config");
      if (config instanceof Map<?, ?> keys) {
        keys.keySet().stream().map(String::valueOf).filter(name -> name.startsWith("FNJOBS_"))
            .forEach(name -> add(named, name, file));
      }
    }
    return named;
  }

  /** Whether {@code reads} covers {@code name}: the name itself, or a prefix the software builds names from. */
  static boolean isRead(Map<String, Set<String>> reads, String name) {
    return reads.containsKey(name)
        || reads.keySet().stream().anyMatch(read -> read.endsWith("_") && name.startsWith(read));
  }

  static List<Path> scripts() {
    List<Path> scripts = new ArrayList<>(Repo.files(Repo.path("infra"), file -> file.toString().endsWith(".sh")));
    scripts.add(Repo.path("local-dev/up"));
    return scripts;
  }

  private static List<Path> sources() {
    List<Path> sources = new ArrayList<>();
    for (String module : List.of("functions", "triggers", "local-dev")) {
      sources.addAll(Repo.files(Repo.path(module), file -> file.toString().contains("/src/main/")));
    }
    return sources;
  }

  private static List<Path> triggerDefinitions() {
    return Repo.files(Repo.path("infra/triggers"), file -> file.toString().endsWith(".yaml"));
  }

  private static boolean isAwsOrMinioFile(Path file) {
    String relative = Repo.relative(file);
    return (relative.startsWith("infra/aws/") || relative.startsWith("infra/minio/")) && !relative.endsWith(".sh");
  }

  private static boolean isFnFile(Path file) {
    String name = file.getFileName().toString();
    return name.equals("app.yaml") || name.equals("func.yaml");
  }

  private static Set<String> endpointSettingNames() {
    Set<String> services = new TreeSet<>();
    for (Path file : sources()) {
      Matcher call = ENDPOINT_SERVICE.matcher(Repo.read(file));
      while (call.find()) {
        services.add(call.group(1));
      }
    }
    Matcher setting = ENDPOINT_SETTING.matcher(
        Repo.read(Repo.path("functions/state/src/main/java/io/fnjobs/common/storage/EndpointSettings.java")));
    Set<String> settings = new TreeSet<>();
    while (setting.find()) {
      settings.add(setting.group(1));
    }
    Set<String> names = new TreeSet<>();
    services.forEach(service -> settings.forEach(suffix -> names.add("FNJOBS_" + service + "_" + suffix)));
    return names;
  }

  /** Each referenced name, and whether every one of its references has a default. */
  private static Map<String, Boolean> references(String text) {
    Map<String, Boolean> references = new TreeMap<>();
    Matcher reference = REFERENCE.matcher(text);
    while (reference.find()) {
      boolean hasDefault = reference.group(2) != null;
      references.merge(reference.group(1), hasDefault, Boolean::logicalAnd);
    }
    return references;
  }

  /** The script without its comment lines: a name in a comment neither sets nor reads anything. */
  private static String code(String script) {
    StringBuilder code = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.strip().startsWith("#")) {
        code.append(line).append('\n');
      }
    }
    return code.toString();
  }

  private static Set<String> tokens(String text) {
    Set<String> tokens = new TreeSet<>();
    Matcher name = NAME.matcher(text);
    while (name.find()) {
      tokens.add(name.group());
    }
    return tokens;
  }

  private static void add(Map<String, Set<String>> map, String name, Path file) {
    map.computeIfAbsent(name, key -> new TreeSet<>()).add(Repo.relative(file));
  }
}
