package io.fnjobs.fnhost.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;

/**
 * The functions folder cannot be served: app.yaml or a func.yaml is missing, unreadable or holds a
 * field Fn would refuse, or a function has not been built. The host does not start; every problem
 * names the file, the field and the value, and says what to change.
 */
public final class InvalidCatalogException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public InvalidCatalogException(List<Problem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String render(List<Problem> problems) {
    StringJoiner text =
        new StringJoiner(
            "\n  ", "cannot serve the functions, " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":\n  ", "");
    problems.forEach(problem -> text.add(problem.toString()));
    return text.toString();
  }

  /**
   * One problem: {@code field} as written in the file (empty for the whole file), {@code value} what
   * the file holds there (null when absent), {@code reason} what is expected or what to do.
   */
  public record Problem(Path file, String field, Object value, String reason) {

    @Override
    public String toString() {
      String where = field.isEmpty() ? file.toString() : file + ": field '" + field + "'";
      String what = value == null ? "" : " = '" + value + "'";
      return where + what + ": " + reason;
    }
  }
}
