package io.fnjobs.triggers.queue;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * An HTTP client whose calls in progress can all be cut short: a long poll waits up to 20 seconds
 * for messages, and a stopping trigger must not wait for it (interrupting the thread does not end a
 * blocking socket read; aborting the request closes the connection, which does). Once aborted, it
 * refuses new calls.
 */
final class AbortableHttpClient implements SdkHttpClient {

  private final SdkHttpClient delegate;
  private final Set<ExecutableHttpRequest> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean aborted;

  AbortableHttpClient(SdkHttpClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    ExecutableHttpRequest call = delegate.prepareRequest(request);
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        inFlight.add(call);
        try {
          if (aborted) {
            throw new IOException("the queue trigger is stopping: no new receives");
          }
          return call.call();
        } finally {
          inFlight.remove(call);
        }
      }

      @Override
      public void abort() {
        call.abort();
      }
    };
  }

  /** Ends every call in progress and refuses new ones. */
  void abortAll() {
    aborted = true;
    inFlight.forEach(ExecutableHttpRequest::abort);
  }

  @Override
  public String clientName() {
    return delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
