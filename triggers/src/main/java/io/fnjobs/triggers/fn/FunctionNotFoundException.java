package io.fnjobs.triggers.fn;

/** The Fn server has no such app ({@code field} "app"), or no such function in the app ("function"). */
public final class FunctionNotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final String value;

  public FunctionNotFoundException(String field, String value, String message) {
    super(message);
    this.field = field;
    this.value = value;
  }

  public String field() {
    return field;
  }

  public String value() {
    return value;
  }
}
