package io.fnjobs.triggers.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fnjobs.triggers.definition.InvalidTriggerDefinitionException.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads every {@code *.yaml} file of a folder as one trigger definition, strictly: an unknown field, a
 * missing field, a bad value, an unset variable, two triggers of one name, a type none of the given
 * {@link SourceType}s names or a definition its source refuses ({@link SourceSpec#check}: a blob trigger
 * whose outputs it would watch itself) fail the whole load, with every problem named by file, field and value.
 */
public final class TriggerDefinitionLoader {

  private static final String NAME_PATTERN = "[a-z0-9][a-z0-9-]{0,62}";

  private final ObjectMapper yaml;
  private final Interpolation interpolation;
  private final String stateBucket;
  private final SortedMap<String, Class<? extends SourceSpec>> specs;

  /**
   * A loader whose state bucket is FNJOBS_STATE_BUCKET of {@code environment}, else {@code state}.
   *
   * @param types the trigger types a file may name, e.g. the installed trigger modules
   */
  public TriggerDefinitionLoader(Map<String, String> environment, Collection<? extends SourceType> types) {
    this(environment, environment.getOrDefault("FNJOBS_STATE_BUCKET", "state"), types);
  }

  /**
   * @param stateBucket where flags, records and leases are written: a blob trigger may not watch it
   * @param types the trigger types a file may name, e.g. the installed trigger modules
   */
  public TriggerDefinitionLoader(
      Map<String, String> environment, String stateBucket, Collection<? extends SourceType> types) {
    this.yaml =
        new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    this.interpolation = new Interpolation(environment);
    this.stateBucket = stateBucket;
    this.specs = new TreeMap<>();
    types.forEach(type -> specs.put(type.type().name(), type.sourceSpec()));
  }

  /** Loads the folder, or throws {@link InvalidTriggerDefinitionException} listing every problem. */
  public List<TriggerDefinition> load(Path folder) {
    List<Path> files = definitionFiles(folder);
    List<Problem> problems = new ArrayList<>();
    List<TriggerDefinition> definitions = new ArrayList<>();
    for (Path file : files) {
      try {
        definitions.add(loadFile(file));
      } catch (FileProblem e) {
        problems.add(e.problem);
      } catch (RuntimeException e) {
        problems.add(new Problem(file, "", null, "cannot be read as a trigger definition: " + e));
      }
    }
    problems.addAll(duplicateNames(definitions));
    if (!problems.isEmpty()) {
      throw new InvalidTriggerDefinitionException(problems);
    }
    return List.copyOf(definitions);
  }

  private static List<Path> definitionFiles(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new InvalidTriggerDefinitionException(
          List.of(new Problem(folder, "", null, "is not a folder of trigger definitions (set FNJOBS_TRIGGERS_DIR)")));
    }
    try (Stream<Path> entries = Files.list(folder)) {
      List<Path> files =
          entries
              .filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
              .sorted()
              .toList();
      if (files.isEmpty()) {
        throw new InvalidTriggerDefinitionException(
            List.of(new Problem(folder, "", null, "holds no *.yaml trigger definitions")));
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list trigger definitions in " + folder, e);
    }
  }

  TriggerDefinition loadFile(Path file) {
    JsonNode tree = readTree(file);
    interpolate(file, "", tree);
    Document document = bind(file, "", tree, Document.class);
    Class<? extends SourceSpec> spec = specs.get(document.type);
    if (spec == null) {
      throw new FileProblem(file, "type", document.type, "must be one of " + String.join(", ", specs.keySet()));
    }
    SourceSpec source = bind(file, "source", document.source, spec);
    TriggerDefinition definition =
        new TriggerDefinition(
            file,
            document.name,
            document.description,
            document.app,
            document.function,
            source,
            document.outputs,
            document.delivery,
            document.flag);
    try {
      definition.flagSpec().ifPresent(source::checkFlag);
      source.check(definition, stateBucket);
    } catch (DefinitionProblem e) {
      throw new FileProblem(file, e.field(), e.value(), e.getMessage());
    }
    return definition;
  }

  private JsonNode readTree(Path file) {
    try {
      List<JsonNode> documents;
      try (MappingIterator<JsonNode> values = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
        documents = values.readAll();
      }
      if (documents.size() > 1) {
        throw new FileProblem(file, "", null, "holds " + documents.size()
            + " YAML documents; one trigger per file: move each into a file of its own");
      }
      JsonNode tree = documents.isEmpty() ? null : documents.get(0);
      if (tree == null || !tree.isObject()) {
        throw new FileProblem(file, "", null, "must hold one trigger definition (a YAML mapping)");
      }
      return tree;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new FileProblem(file, "", null, "is not valid YAML" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new FileProblem(file, "", null, "cannot be read: " + e.getMessage());
    }
  }

  private void interpolate(Path file, String path, JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String fieldPath = join(path, field.getKey());
        if (field.getValue().isTextual()) {
          field.setValue(TextNode.valueOf(resolve(file, fieldPath, field.getValue().asText())));
        } else {
          interpolate(file, fieldPath, field.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String itemPath = path + "[" + i + "]";
        if (array.get(i).isTextual()) {
          array.set(i, TextNode.valueOf(resolve(file, itemPath, array.get(i).asText())));
        } else {
          interpolate(file, itemPath, array.get(i));
        }
      }
    }
  }

  private String resolve(Path file, String path, String text) {
    try {
      return interpolation.resolve(path, text);
    } catch (DefinitionProblem e) {
      throw new FileProblem(file, path, e.value(), e.getMessage());
    }
  }

  private <T> T bind(Path file, String path, JsonNode node, Class<T> type) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      throw new FileProblem(file, path, null, "is required");
    }
    try {
      return yaml.treeToValue(node, type);
    } catch (UnrecognizedPropertyException e) {
      String known =
          e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
      throw new FileProblem(
          file, join(path, pathOf(e)), null, "is not a known field (known here: " + known + ")");
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof DefinitionProblem problem) {
        throw new FileProblem(file, join(join(path, pathOf(e)), problem.field()), problem.value(), problem.getMessage());
      }
      throw new FileProblem(file, join(path, pathOf(e)), null, rootMessage(e));
    } catch (InvalidFormatException e) {
      throw new FileProblem(file, join(path, pathOf(e)), e.getValue(), expectation(e.getTargetType()));
    } catch (JsonMappingException e) {
      throw new FileProblem(file, join(path, pathOf(e)), null, e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new FileProblem(file, path, null, e.getOriginalMessage());
    }
  }

  private static String expectation(Class<?> type) {
    if (type.isEnum()) {
      return "must be one of "
          + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
    }
    if (type == java.time.Duration.class) {
      return "must be an ISO-8601 duration such as PT30S, PT5M or PT24H";
    }
    if (type == Integer.class || type == int.class) {
      return "must be a whole number";
    }
    if (type == Double.class || type == double.class) {
      return "must be a number";
    }
    return "is not a valid " + type.getSimpleName();
  }

  private static String rootMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return Optional.ofNullable(cause.getMessage()).orElse(cause.getClass().getSimpleName());
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String join(String path, String field) {
    if (path.isEmpty()) {
      return field;
    }
    return field.isEmpty() || field.startsWith("[") ? path + field : path + "." + field;
  }

  private static List<Problem> duplicateNames(List<TriggerDefinition> definitions) {
    return definitions.stream()
        .collect(Collectors.groupingBy(TriggerDefinition::name))
        .values()
        .stream()
        .filter(same -> same.size() > 1)
        .flatMap(same -> same.stream().skip(1).map(later -> new Problem(
            later.file(), "name", later.name(), "is also the name of the trigger in " + same.get(0).file())))
        .toList();
  }

  /** The common part of every definition file; the source is bound once its type is known. */
  private static final class Document {
    final String name;
    final String description;
    final String type;
    final String app;
    final String function;
    final JsonNode source;
    final List<OutputLocation> outputs;
    final DeliveryOptions delivery;
    final FlagSpec flag;

    @JsonCreator
    Document(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("type") String type,
        @JsonProperty("app") String app,
        @JsonProperty("function") String function,
        @JsonProperty("source") JsonNode source,
        @JsonProperty("outputs") List<OutputLocation> outputs,
        @JsonProperty("delivery") DeliveryOptions delivery,
        @JsonProperty("flag") FlagSpec flag) {
      this.name = DefinitionProblem.required("name", name);
      if (!name.matches(NAME_PATTERN)) {
        throw new DefinitionProblem(
            "name", name, "must be lower-case letters, digits and '-', starting with a letter or digit, at most 63");
      }
      this.description = description == null ? "" : description;
      this.type = DefinitionProblem.required("type", type);
      this.app = DefinitionProblem.required("app", app);
      this.function = DefinitionProblem.required("function", function);
      this.source = DefinitionProblem.required("source", source);
      this.outputs = outputs == null ? List.of() : outputs;
      this.delivery = delivery == null ? DeliveryOptions.DEFAULTS : delivery;
      this.flag = flag;
    }
  }

  /** A problem already tied to its file, carried out of the binding code. */
  private static final class FileProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    FileProblem(Path file, String field, Object value, String reason) {
      super(reason, null, false, false);
      this.problem = new Problem(file, field, value, reason);
    }
  }
}
