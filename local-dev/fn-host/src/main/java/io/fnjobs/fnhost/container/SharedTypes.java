package io.fnjobs.fnhost.container;

import java.util.Set;

/**
 * The FDK types a host's codec and a function's FDK runtime exchange, by binary name. A class loader
 * that runs a function must take exactly these from the host (and everything else of the FDK from the
 * function's own class path), or the codec and the runtime would see two different {@code EventCodec}s.
 */
public final class SharedTypes {

  public static final Set<String> NAMES =
      Set.of(
          "com.fnproject.fn.api.InputEvent",
          "com.fnproject.fn.api.OutputEvent",
          "com.fnproject.fn.api.OutputEvent$Status",
          "com.fnproject.fn.api.Headers",
          "com.fnproject.fn.runtime.EventCodec",
          "com.fnproject.fn.runtime.EventCodec$Handler");

  private SharedTypes() {}
}
