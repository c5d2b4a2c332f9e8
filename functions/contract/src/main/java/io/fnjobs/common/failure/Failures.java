package io.fnjobs.common.failure;

import java.util.regex.Pattern;

/**
 * A failure's cause as people read it, in a status flag's error, a run record or a dead letter: a code
 * and a message, the message on one line and at most {@link #MAX_MESSAGE} characters long. Absolute
 * file paths are replaced by {@code <path>} (they name the machine, not the problem), and what looks
 * like a secret is masked: a URL's password, the value after {@code password=}, {@code token:},
 * {@code secret=} and the like, a bearer token, an AWS access key id. The functions and the trigger
 * layer both clean through here, so a cause reads the same wherever it lands.
 */
public final class Failures {

  /** The longest message kept; longer ones are cut and end with an ellipsis. */
  public static final int MAX_MESSAGE = 500;

  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^/\\s:@]+):[^/\\s@]+@");
  private static final Pattern NAMED_SECRET = Pattern.compile("(?i)\\b((?:[a-z0-9_-]*[_-])?(?:password|passwd|pwd"
      + "|secret|token|api[_-]?key|access[_-]?key|credentials?|signature))(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;&)]+)");
  private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)\\b(bearer|basic)\\s+[a-z0-9._~+/=-]{8,}");
  private static final Pattern AWS_KEY_ID = Pattern.compile("\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b");
  private static final Pattern FILE_URI = Pattern.compile("(?i)\\bfile:/+[^\\s'\"),;]+");
  private static final Pattern WINDOWS_PATH = Pattern.compile("\\b[A-Za-z]:\\\\[^\\s'\"),;]+");
  // two segments at least, and not within a word or URL: "images/cat.jpg" and "http://host/v2/apps" stay
  private static final Pattern UNIX_PATH = Pattern.compile("(?<![\\w.:/~-])/(?:[^\\s/'\"(),;:]+/)+[^\\s/'\"(),;:]*");
  private static final String MASK = "***";

  private Failures() {}

  /**
   * The cause of a failure: its class's simple name as the code (the flag contract's code for
   * unexpected failures), its message, and its root cause's when the message does not tell it already.
   */
  public static FlagError of(Throwable failure) {
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != failure && root.getMessage() != null && !message.contains(root.getMessage())) {
      message = message + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
    return of(failure.getClass().getSimpleName(), message);
  }

  /** A code and a message, cleaned (see the class comment); a blank code becomes {@code error}. */
  public static FlagError of(String code, String message) {
    String cleanCode = code == null || code.isBlank() ? "error" : clean(code);
    return new FlagError(cleanCode, clean(message == null ? "" : message));
  }

  /** {@code text} on one line, at most {@link #MAX_MESSAGE} characters, paths replaced, secrets masked. */
  public static String clean(String text) {
    String cleaned = text.replaceAll("\\s+", " ").trim();
    cleaned = URL_PASSWORD.matcher(cleaned).replaceAll("$1:" + MASK + "@");
    cleaned = NAMED_SECRET.matcher(cleaned).replaceAll("$1$2" + MASK);
    cleaned = AUTH_SCHEME.matcher(cleaned).replaceAll("$1 " + MASK);
    cleaned = AWS_KEY_ID.matcher(cleaned).replaceAll(MASK);
    cleaned = FILE_URI.matcher(cleaned).replaceAll("<path>");
    cleaned = WINDOWS_PATH.matcher(cleaned).replaceAll("<path>");
    cleaned = UNIX_PATH.matcher(cleaned).replaceAll("<path>");
    return cleaned.length() <= MAX_MESSAGE ? cleaned : cleaned.substring(0, MAX_MESSAGE - 1) + "…";
  }

  /** How a cause reads in one line of text: {@code code: message}. */
  public static String text(FlagError error) {
    return error.message().isEmpty() ? error.code() : error.code() + ": " + error.message();
  }
}
