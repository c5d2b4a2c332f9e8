package io.fnjobs.fnhost.store;

/** The app or function a request names does not exist; Fn answers 404 with Fn's message. */
public final class ResourceNotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private ResourceNotFoundException(String message) {
    super(message);
  }

  public static ResourceNotFoundException app() {
    return new ResourceNotFoundException("App not found");
  }

  public static ResourceNotFoundException fn() {
    return new ResourceNotFoundException("Fn not found");
  }
}
