package io.fnjobs.localdev.s3;

import java.lang.reflect.Field;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.shaded.org.eclipse.jetty.server.Handler;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.gaul.shaded.org.eclipse.jetty.server.handler.EagerContentHandler;
import org.gaul.shaded.org.eclipse.jetty.server.handler.EagerContentHandler.RetainedContentLoaderFactory;

/**
 * Makes S3Proxy read a small upload's whole body before it answers.
 *
 * <p>S3Proxy refuses a conditional write (412, or 404 for {@code If-Match} on a missing key) as soon as
 * it has the headers. Jetty then closes the connection on the part of the body still on its way, and a
 * client that sends its whole body before reading the answer (the JDK's HTTP client does) gets a broken
 * pipe instead of the refusal, and retries a write that cannot succeed. S3 and MinIO let the refusal
 * reach such a client; here Jetty's own {@link EagerContentHandler} holds each upload until its body
 * is in, up to {@link #MAX_HELD_BYTES}, before S3Proxy sees it. Bigger uploads pass on at once, as
 * before: the writes that race (state records, leases, receipts) are all far smaller.
 */
final class BodyBeforeAnswer {

  static final long MAX_HELD_BYTES = 1024 * 1024;

  private BodyBeforeAnswer() {}

  /** Must run before the proxy starts. */
  static void install(S3Proxy proxy) {
    Server server = jettyServer(proxy);
    EagerContentHandler eager =
        new EagerContentHandler(server.getHandler(), new RetainedContentLoaderFactory(MAX_HELD_BYTES, -1, false));
    eager.includeMethod("PUT", "POST");
    server.setHandler((Handler) eager);
  }

  private static Server jettyServer(S3Proxy proxy) {
    try {
      // S3Proxy builds its Jetty server privately and offers no hook on its handler chain
      Field field = S3Proxy.class.getDeclaredField("server");
      field.setAccessible(true);
      return (Server) field.get(proxy);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "this S3Proxy version keeps no Jetty server in the field 'server'; the embedded S3 needs it to"
              + " hold uploads until their body is in",
          e);
    }
  }
}
