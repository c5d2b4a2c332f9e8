package io.fnjobs.fnhost.container;

/**
 * A container broke before answering a call: the FDK runtime could not start, threw past its own error
 * handling (e.g. a failing {@code @FnFeature}), or the host was closing (Fn answers 502 "error receiving
 * function response"). The container was dropped.
 */
public final class ContainerFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ContainerFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
