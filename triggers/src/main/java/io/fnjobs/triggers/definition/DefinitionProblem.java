package io.fnjobs.triggers.definition;

/**
 * A value in a trigger definition that cannot be used, raised while binding one part of the file (a
 * source spec's creator throws it) or checking it ({@link SourceSpec#check}). The loader adds the file
 * and the path of the part, so the operator sees where to fix it.
 */
public final class DefinitionProblem extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final transient Object value;

  public DefinitionProblem(String field, Object value, String reason) {
    super(reason);
    this.field = field;
    this.value = value;
  }

  String field() {
    return field;
  }

  Object value() {
    return value;
  }

  /** {@code value}, unless it is null or blank: then a problem saying {@code field} is required. */
  public static <T> T required(String field, T value) {
    if (value == null || (value instanceof String text && text.isBlank())) {
      throw new DefinitionProblem(field, null, "is required");
    }
    return value;
  }
}
