package io.fnjobs.fnhost.store;

import io.fnjobs.fnhost.container.FunctionSpec;

/**
 * What a call of a function runs. Fn runs the function's image; the host has no images and runs, for
 * an image, the function of its functions folder of the image's name ({@code thumbnail:0.0.2} and
 * {@code registry/me/thumbnail:1} both run the folder's {@code thumbnail}), with the function's
 * current config and timeout.
 */
public sealed interface CallTarget {

  /** The function can be called: its containers run {@code spec}. */
  record Ready(FunctionSpec spec) implements CallTarget {}

  /** Fn accepts the function, but the host has no code for its image; {@code reason} says why, for the caller. */
  record NoCode(String appName, String fnName, String reason) implements CallTarget {}
}
