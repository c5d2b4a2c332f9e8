package io.fnjobs.fnhost.container;

import io.fnjobs.fnhost.catalog.FunctionDefinition;

/**
 * Runs calls of functions in hot containers, as Fn's agent does. The HTTP API depends on this port
 * only; the adapter beside it, {@link FunctionContainers}, drives the FDK runtime in-process.
 */
public interface FunctionInvoker {

  /**
   * Runs one call and waits for the FDK's answer, at most the function's timeout.
   *
   * @return the FDK's answer, also when the function failed (status FunctionError)
   * @throws ContainersBusyException every container of the function stayed busy past the busy wait
   * @throws CallTimeoutException the call ran past the function's timeout; its container was dropped
   * @throws ContainerFailedException the container broke before answering; it was dropped
   */
  InvocationResult invoke(FunctionDefinition function, Invocation call);
}
