package io.fnjobs.cli;

import java.net.URI;

/** Nothing answers at the trigger layer's address. */
final class NoTriggerLayerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  NoTriggerLayerException(URI url) {
    super(message(url));
  }

  NoTriggerLayerException(URI url, Throwable cause) {
    super(message(url) + " (" + cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")", cause);
  }

  private static String message(URI url) {
    return "no trigger layer at " + url + ": start ./local-dev/up or set --url/FNJOBS_URL";
  }
}
