package io.fnjobs.fnhost.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fnjobs.fnhost.catalog.InvalidCatalogException.Problem;
import io.fnjobs.fnhost.ids.FnIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a functions folder laid out for {@code fn deploy --all}: {@code app.yaml} at the top and one
 * sub-folder per function holding a {@code func.yaml} (schema 20180708) and, for the local host, the
 * Maven build output {@code target/fn/app/*.jar}. Sub-folders without func.yaml (shared libraries,
 * test support) are skipped.
 *
 * <p>Strict: a field Fn does not know, a missing {@code cmd}, a timeout Fn would refuse, two functions
 * of one name or a function that was not built fail the whole load with one {@link
 * InvalidCatalogException} that lists every problem.
 */
public final class CatalogLoader {

  static final String SCHEMA_VERSION = "20180708";

  private static final Set<String> APP_FIELDS = Set.of("name", "config", "annotations", "syslog_url");
  private static final Set<String> FUNC_FIELDS =
      Set.of(
          "schema_version", "name", "version", "runtime", "cmd", "memory", "timeout", "idle_timeout",
          "config", "annotations", "content_type", "entrypoint", "build_image", "run_image", "triggers",
          "type", "build", "expects");
  private static final Pattern ENTRY_POINT =
      Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.]*::[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,255}");

  private final ObjectMapper yaml =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  /** Loads {@code functionsDir}, or throws {@link InvalidCatalogException} naming every problem. */
  public Catalog load(Path functionsDir) {
    Path folder = functionsDir.toAbsolutePath().normalize();
    List<Problem> problems = new ArrayList<>();
    Optional<AppDefinition> app = readApp(folder.resolve("app.yaml"), problems);
    List<FunctionDefinition> functions = new ArrayList<>();
    if (app.isPresent()) {
      for (Path file : funcFiles(folder, problems)) {
        readFunction(file, app.get(), problems).ifPresent(functions::add);
      }
      rejectDuplicateNames(functions, problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidCatalogException(problems);
    }
    return new Catalog(app.orElseThrow(), functions);
  }

  private Optional<AppDefinition> readApp(Path file, List<Problem> problems) {
    Optional<YamlDocument> read = read(file, problems, "set the host's functionsDir to the repository's functions folder");
    if (read.isEmpty()) {
      return Optional.empty();
    }
    YamlDocument doc = read.get();
    int before = problems.size();
    doc.rejectUnknownFields(APP_FIELDS, "an Fn app.yaml");
    String name = doc.requiredText("name", "the app's name, e.g. name: fnjobs");
    checkName(doc, name);
    AppDefinition app =
        new AppDefinition(
            FnIds.appId(name),
            name,
            doc.textMap("config"),
            doc.objectMap("annotations"),
            doc.text("syslog_url"),
            file,
            modified(file));
    return problems.size() == before ? Optional.of(app) : Optional.empty();
  }

  private Optional<FunctionDefinition> readFunction(Path file, AppDefinition app, List<Problem> problems) {
    Optional<YamlDocument> read = read(file, problems, "fix or remove the function folder");
    if (read.isEmpty()) {
      return Optional.empty();
    }
    YamlDocument doc = read.get();
    int before = problems.size();
    doc.rejectUnknownFields(FUNC_FIELDS, "an Fn func.yaml (schema " + SCHEMA_VERSION + ")");
    String schema = doc.requiredText("schema_version", "add schema_version: " + SCHEMA_VERSION);
    if (!schema.isEmpty() && !schema.equals(SCHEMA_VERSION)) {
      doc.problem("schema_version", schema, "expected " + SCHEMA_VERSION + ", the schema `fn init` writes");
    }
    String name = doc.requiredText("name", "the function's name, e.g. name: " + file.getParent().getFileName());
    checkName(doc, name);
    String cmd = doc.requiredText("cmd", "the FDK entry point, e.g. cmd: com.example.MyFunction::handleRequest");
    if (!cmd.isEmpty() && !ENTRY_POINT.matcher(cmd).matches()) {
      doc.problem("cmd", cmd, "expected the FDK entry point as pkg.Class::method");
    }
    for (String field : List.of("runtime", "content_type", "entrypoint", "build_image", "run_image", "type")) {
      doc.text(field);
    }
    doc.optionalList("triggers");
    doc.optionalList("build");
    FunctionDefinition function =
        new FunctionDefinition(
            FnIds.functionId(app.name(), name),
            app.id(),
            name,
            doc.text("version").orElse("0.0.1"),
            cmd,
            doc.wholeNumber("memory", FnLimits.DEFAULT_MEMORY_MB, 1, FnLimits.MAX_MEMORY_MB, "MB"),
            Duration.ofSeconds(doc.wholeNumber(
                "timeout", FnLimits.DEFAULT_TIMEOUT_SECONDS, 1, FnLimits.MAX_TIMEOUT_SECONDS, "seconds")),
            Duration.ofSeconds(doc.wholeNumber(
                "idle_timeout", FnLimits.DEFAULT_IDLE_TIMEOUT_SECONDS, 1, FnLimits.MAX_IDLE_TIMEOUT_SECONDS, "seconds")),
            doc.textMap("config"),
            doc.objectMap("annotations"),
            buildOutput(file, problems),
            file,
            modified(file));
    return problems.size() == before ? Optional.of(function) : Optional.empty();
  }

  /** The jars of {@code target/fn/app} next to func.yaml, the function's own jar first. */
  private static List<Path> buildOutput(Path funcFile, List<Problem> problems) {
    Path folder = funcFile.getParent();
    Path output = folder.resolve("target").resolve("fn").resolve("app");
    List<Path> jars = List.of();
    if (Files.isDirectory(output)) {
      try (Stream<Path> entries = Files.list(output)) {
        String ownJar = folder.getFileName() + ".jar";
        jars =
            entries
                .filter(path -> path.getFileName().toString().endsWith(".jar"))
                .sorted(
                    Comparator.comparing((Path path) -> !path.getFileName().toString().equals(ownJar))
                        .thenComparing(path -> path.getFileName().toString()))
                .toList();
      } catch (IOException e) {
        problems.add(new Problem(output, "", null, "cannot be listed: " + e.getMessage()));
        return List.of();
      }
    }
    if (jars.isEmpty()) {
      Path repository = folder.getParent().getParent();
      problems.add(
          new Problem(
              output,
              "",
              null,
              "holds no jars: the function is not built; run `mvn -DskipTests package` in " + repository));
    }
    return jars;
  }

  private static void checkName(YamlDocument doc, String name) {
    if (!name.isEmpty() && !NAME.matcher(name).matches()) {
      doc.problem("name", name, "expected letters, digits, '-', '_' or '.', at most 255 of them");
    }
  }

  private static void rejectDuplicateNames(List<FunctionDefinition> functions, List<Problem> problems) {
    Set<String> seen = new HashSet<>();
    for (FunctionDefinition function : functions) {
      if (!seen.add(function.name())) {
        problems.add(
            new Problem(function.file(), "name", function.name(), "another func.yaml of this app has the same name"));
      }
    }
  }

  private static List<Path> funcFiles(Path folder, List<Problem> problems) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .filter(Files::isDirectory)
          .sorted()
          .flatMap(dir -> Stream.of(dir.resolve("func.yaml"), dir.resolve("func.yml")).filter(Files::isRegularFile).limit(1))
          .toList();
    } catch (IOException e) {
      problems.add(new Problem(folder, "", null, "cannot be listed: " + e.getMessage()));
      return List.of();
    }
  }

  private Optional<YamlDocument> read(Path file, List<Problem> problems, String hint) {
    if (!Files.isRegularFile(file)) {
      problems.add(new Problem(file, "", null, "does not exist: " + hint));
      return Optional.empty();
    }
    try {
      JsonNode tree = yaml.readTree(file.toFile());
      if (tree instanceof ObjectNode root) {
        return Optional.of(new YamlDocument(file, root, problems));
      }
      problems.add(new Problem(file, "", null, "is not a YAML mapping of fields"));
    } catch (JsonProcessingException e) {
      problems.add(new Problem(file, "", null, "is not valid YAML: " + e.getOriginalMessage()));
    } catch (IOException e) {
      problems.add(new Problem(file, "", null, "cannot be read: " + e.getMessage()));
    }
    return Optional.empty();
  }

  private static Instant modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }
}
