package io.fnjobs.triggers.definition;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One or more trigger definitions cannot be used. The service refuses to start; every problem names
 * the file, the field and the value.
 */
public final class InvalidTriggerDefinitionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public InvalidTriggerDefinitionException(List<Problem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String render(List<Problem> problems) {
    String header =
        problems.size() == 1
            ? "invalid trigger definition: "
            : problems.size() + " problems in trigger definitions:\n  ";
    return header + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  "));
  }

  /**
   * One problem: {@code field} is a dotted path such as {@code source.bucket} (empty for the whole
   * file), {@code value} what the file holds there (null when absent).
   */
  public record Problem(Path file, String field, Object value, String reason) {

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder().append(file);
      if (!field.isEmpty()) {
        text.append(": field '").append(field).append('\'');
      }
      if (value != null) {
        text.append(" = '").append(value).append('\'');
      }
      return text.append(": ").append(reason).toString();
    }
  }
}
