package io.fnjobs.fnhost.container;

/**
 * Runs calls of functions in hot containers, as Fn's agent does. The HTTP API depends on this port
 * only; the adapter beside it, {@link FunctionContainers}, drives the FDK runtime in-process.
 */
public interface FunctionInvoker {

  /**
   * Runs one call and waits for the FDK's answer: a new container's cold start first, at most the
   * host's cold start limit, then the call, at most the function's timeout. A call runs in a
   * container of its very spec: containers of an earlier spec of the function take no new calls.
   *
   * @return the FDK's answer, also when the function failed (status FunctionError)
   * @throws ContainersBusyException every container of the function stayed busy past the busy wait
   * @throws ColdStartTimeoutException a new container was not ready within the host's cold start
   *     limit; it was dropped and the call never reached the function
   * @throws CallTimeoutException the call ran past the function's timeout, counted from when its
   *     container took it; the container was dropped
   * @throws ContainerFailedException the container broke before answering; it was dropped
   */
  InvocationResult invoke(FunctionSpec function, Invocation call);
}
