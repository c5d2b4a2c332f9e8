package io.fnjobs.example.filedrop.fn;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The function the file-drop test binds, run by the real function host. It reads the event's
 * {@code source} object as a file-drop function does: {@code source.file} and {@code source.size};
 * a file named {@code boom*} makes it crash (Fn's 502), any other is done, its reply naming the file.
 * Plain string matching, because the host packs only this package into the function's jar.
 */
public class DropFunction {

  private static final Pattern FILE = Pattern.compile("\"source\":\\{[^}]*\"file\":\"([^\"]*)\"");
  private static final Pattern SIZE = Pattern.compile("\"source\":\\{[^}]*\"size\":(\\d+)");

  public String handleRequest(String event) {
    if (!event.contains("\"kind\":\"file-drop\"")) {
      throw new IllegalArgumentException("not a file-drop event: " + event);
    }
    String file = find(FILE, event);
    if (file.startsWith("boom")) {
      throw new IllegalStateException("cannot read " + file);
    }
    return "{\"job\":\"drops\",\"subject\":\"" + file + "\",\"state\":\"succeeded\",\"detail\":\"read "
        + find(SIZE, event) + " bytes\"}";
  }

  private static String find(Pattern pattern, String event) {
    Matcher matcher = pattern.matcher(event);
    if (!matcher.find()) {
      throw new IllegalArgumentException("the event's source has no " + pattern + ": " + event);
    }
    return matcher.group(1);
  }
}
