package io.fnjobs.fnhost.container;

/**
 * The host cannot give functions the FDK runtime: a jar Fn's Java image would provide is not on the
 * host's class path. The host does not start.
 */
public final class FdkRuntimeNotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public FdkRuntimeNotFoundException(String className, String artifact, String why) {
    super(
        "the function host needs "
            + className
            + " for the FDK runtime, but "
            + why
            + ": add "
            + artifact
            + " to the class path of the process that runs the host (fnjobs-fn-host depends on it)");
  }
}
