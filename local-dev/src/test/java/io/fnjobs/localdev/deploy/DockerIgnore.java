package io.fnjobs.localdev.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore} read as Docker reads it: lines in order, {@code #} comments, {@code !} lets a
 * path back in, the last pattern that matches a path or one of its parent folders decides; {@code *}
 * and {@code ?} stay within one path segment, {@code **} spans any number. Character classes are not
 * needed here and are refused rather than matched wrongly.
 */
final class DockerIgnore {

  private record Rule(Pattern pattern, boolean include) {}

  private final List<Rule> rules;

  private DockerIgnore(List<Rule> rules) {
    this.rules = rules;
  }

  static DockerIgnore parse(String text) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean include = line.startsWith("!");
      String pattern = clean(include ? line.substring(1).strip() : line);
      if (pattern.contains("[")) {
        throw new IllegalArgumentException("character classes are not supported by this reader: " + line);
      }
      rules.add(new Rule(Pattern.compile(regex(pattern)), include));
    }
    return new DockerIgnore(rules);
  }

  /** Whether the file at {@code path} (relative, with {@code /}) is sent to the build. */
  boolean sends(String path) {
    boolean excluded = false;
    for (Rule rule : rules) {
      if (matchesOrParentMatches(rule.pattern(), path)) {
        excluded = !rule.include();
      }
    }
    return !excluded;
  }

  private static boolean matchesOrParentMatches(Pattern pattern, String path) {
    String candidate = path;
    while (true) {
      if (pattern.matcher(candidate).matches()) {
        return true;
      }
      int slash = candidate.lastIndexOf('/');
      if (slash < 0) {
        return false;
      }
      candidate = candidate.substring(0, slash);
    }
  }

  /** As Go's filepath.Clean would leave it for these patterns: no leading ./ or /, no trailing /. */
  private static String clean(String pattern) {
    String cleaned = pattern.replaceAll("/+", "/").replaceFirst("^(\\./)+", "").replaceFirst("^/", "");
    return cleaned.length() > 1 && cleaned.endsWith("/") ? cleaned.substring(0, cleaned.length() - 1) : cleaned;
  }

  private static String regex(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
        boolean slashFollows = i + 2 < pattern.length() && pattern.charAt(i + 2) == '/';
        regex.append(slashFollows ? "(.*/)?" : ".*");
        i += slashFollows ? 2 : 1;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }
}
