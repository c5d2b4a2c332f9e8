package io.fnjobs.triggers.definition;

import java.util.Map;

/**
 * Resolves {@code ${VAR}} and {@code ${VAR:-default}} in a definition's text values, as a shell does:
 * the default applies when the variable is unset or empty. {@code $$} stands for a literal {@code $}.
 */
final class Interpolation {

  private final Map<String, String> environment;

  Interpolation(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /**
   * @throws DefinitionProblem for an unterminated reference, a bad variable name, or a variable that
   *     is unset and has no default; {@code field} names where the text stands
   */
  String resolve(String field, String text) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c == '$' && at + 1 < text.length() && text.charAt(at + 1) == '$') {
        out.append('$');
        at += 2;
      } else if (c == '$' && at + 1 < text.length() && text.charAt(at + 1) == '{') {
        int end = text.indexOf('}', at);
        if (end < 0) {
          throw new DefinitionProblem(field, text, "has a '${' without its closing '}'");
        }
        out.append(lookup(field, text, text.substring(at + 2, end)));
        at = end + 1;
      } else {
        out.append(c);
        at++;
      }
    }
    return out.toString();
  }

  private String lookup(String field, String text, String reference) {
    int separator = reference.indexOf(":-");
    String name = separator < 0 ? reference : reference.substring(0, separator);
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new DefinitionProblem(field, text, "refers to '" + name + "', which is not a variable name");
    }
    String value = environment.get(name);
    if (value != null && !value.isEmpty()) {
      return value;
    }
    if (separator >= 0) {
      return reference.substring(separator + 2);
    }
    throw new DefinitionProblem(
        field, text, "needs the environment variable " + name + ", which is not set (or give a default: ${" + name + ":-value})");
  }
}
