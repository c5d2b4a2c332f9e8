package io.fnjobs.triggers.http;

import io.fnjobs.triggers.http.AdminServer.Content;
import io.fnjobs.triggers.http.AdminServer.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web console: {@code GET /} is its page, {@code GET /console/<file>} its scripts and style sheets,
 * read from the class path ({@value #ROOT}) and kept in memory once read. The page reads the admin API
 * of the same endpoint; it has no build step and fetches nothing from elsewhere.
 *
 * <p>Every file goes out with a content security policy that lets the page load only its own files
 * and talk only to its own origin, and that refuses HTML put into the page as a string
 * ({@code require-trusted-types-for}): the console builds its DOM from text nodes, so a value that
 * looks like markup (an object key such as {@code <script>}) stays text.
 */
public final class ConsoleRoutes {

  static final String ROOT = "console/";
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none';"
      + " require-trusted-types-for 'script'";

  // names only: no '..', no leading '/', so a request cannot leave the console's folder
  private static final Pattern FILE = Pattern.compile("[a-z0-9-]+(/[a-z0-9-]+)*\\.(html|js|css|svg|ico)");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "ico", "image/x-icon");
  private static final Map<String, String> HEADERS = Map.of(
      "Content-Security-Policy", CONTENT_SECURITY_POLICY,
      "Referrer-Policy", "no-referrer",
      "X-Frame-Options", "DENY",
      // the files change with the trigger layer's version: asked again each load, cheap on loopback
      "Cache-Control", "no-cache");

  private final ClassLoader loader;
  private final Map<String, Optional<byte[]>> files = new ConcurrentHashMap<>();

  public ConsoleRoutes() {
    this(ConsoleRoutes.class.getClassLoader());
  }

  ConsoleRoutes(ClassLoader loader) {
    this.loader = loader;
  }

  public void addTo(AdminServer admin) {
    admin.route("GET", "/", request -> file("index.html"));
    admin.route("GET", "/console/{file...}", request -> file(request.path().get("file")));
  }

  private Reply file(String name) {
    if (!FILE.matcher(name).matches()) {
      return Reply.error(404, "no console file '" + name + "'");
    }
    Optional<byte[]> bytes = files.computeIfAbsent(name, this::read);
    if (bytes.isEmpty()) {
      return Reply.error(404, "no console file '" + name + "'");
    }
    String extension = name.substring(name.lastIndexOf('.') + 1);
    return Reply.ok(new Content(TYPES.get(extension), bytes.get(), HEADERS));
  }

  private Optional<byte[]> read(String name) {
    try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the console's " + name + " from the class path", e);
    }
  }
}
