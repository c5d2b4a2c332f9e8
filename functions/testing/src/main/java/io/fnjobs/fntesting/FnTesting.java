package io.fnjobs.fntesting;

import com.fnproject.fn.api.Headers;
import com.fnproject.fn.api.InputEvent;
import com.fnproject.fn.api.OutputEvent;
import com.fnproject.fn.runtime.EventCodec;
import com.fnproject.fn.testing.FnHttpEventBuilder;
import com.fnproject.fn.testing.FnTestingClassLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a function with the real FDK runtime inside a test, as Fn would: enqueue events, run the
 * function's entry point over them in a fresh class loader (new statics, new instance, {@code
 * @FnConfiguration} run once), then read the results and what the function and the FDK wrote to
 * stderr. One instance per test, injected by {@link FnTestingExtension}.
 *
 * <pre>{@code
 * @ExtendWith(FnTestingExtension.class)
 * class MyFunctionTest {
 *   @Test
 *   void handleRequest_shouldReply_whenEventIsValid(FnTesting fn) {
 *     fn.setConfig("BUCKET", "orders");
 *     fn.givenEvent().withBodyFromResource("events/order.json").enqueue();
 *     fn.thenRun(MyFunction.class, "handleRequest");
 *     assertThat(fn.getOnlyResult().body()).contains("accepted");
 *   }
 * }
 * }</pre>
 */
public final class FnTesting {

  /** Classes the test and the function's class loader share: the JDK and the FDK's codec types. */
  private static final List<String> SHARED =
      List.of(
          "java.", "javax.", "sun.", "jdk.", "com.sun.", "org.w3c.", "org.xml.",
          "=" + Headers.class.getName(),
          "=" + InputEvent.class.getName(),
          "=" + OutputEvent.class.getName(),
          "=" + OutputEvent.Status.class.getName(),
          "=" + EventCodec.class.getName(),
          "=" + EventCodec.Handler.class.getName());

  private final Map<String, String> config = new LinkedHashMap<>();
  private final List<InputEvent> pending = new ArrayList<>();
  private final List<FnCallResult> results = new ArrayList<>();
  private final ByteArrayOutputStream stdErr = new ByteArrayOutputStream();
  private int lastExitCode = -1;

  FnTesting() {
    config.put("FN_APP_ID", "01TESTAPP00000000000000000");
    config.put("FN_FN_ID", "01TESTFN000000000000000000");
    config.put("FN_APP_NAME", "test-app");
    config.put("FN_FN_NAME", "test-function");
    config.put("FN_MEMORY", "128");
    config.put("FN_TYPE", "sync");
  }

  /** Sets a config value the function reads with {@code RuntimeContext.getConfigurationByKey}. */
  public FnTesting setConfig(String key, String value) {
    config.put(key, value);
    return this;
  }

  /** Starts an event; {@link EventBuilder#enqueue()} adds it to the events of the next run. */
  public EventBuilder givenEvent() {
    return new EventBuilder();
  }

  public void thenRun(Class<?> functionClass, String method) {
    run(functionClass.getClassLoader(), functionClass.getName(), method);
  }

  public void thenRun(String functionClassName, String method) {
    run(Thread.currentThread().getContextClassLoader(), functionClassName, method);
  }

  /**
   * Runs the entry point {@code className::method} over the enqueued events, in order, in a fresh
   * class loader, capturing stdout and stderr; the events are consumed and the results appended.
   */
  private void run(ClassLoader parent, String className, String method) {
    if (pending.isEmpty()) {
      throw new IllegalStateException("no event to run: enqueue one first, fn.givenEvent().withBody(...).enqueue()");
    }
    List<InputEvent> events = List.copyOf(pending);
    pending.clear();
    Map<String, String> env = new HashMap<>(config);
    env.put("FN_FORMAT", "http-stream");
    EventCodec codec = handler -> events.forEach(event -> results.add(FnCallResult.of(handler.handle(event))));
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    PrintStream captured = new PrintStream(new Tee(stdErr, originalErr), true, StandardCharsets.UTF_8);
    System.setOut(captured);
    System.setErr(captured);
    try {
      lastExitCode = new FnTestingClassLoader(parent, SHARED).run(env, codec, captured, className + "::" + method);
    } finally {
      captured.flush();
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  public List<FnCallResult> getResults() {
    return List.copyOf(results);
  }

  /** The one result of the test; fails when there are none or several. */
  public FnCallResult getOnlyResult() {
    if (results.size() != 1) {
      throw new IllegalStateException("expected exactly one result, but the function answered " + results.size() + ": " + results);
    }
    return results.get(0);
  }

  /** What the function printed and what the FDK logged (e.g. a function's exception), as UTF-8. */
  public String getStdErrAsString() {
    synchronized (stdErr) {
      return stdErr.toString(StandardCharsets.UTF_8);
    }
  }

  /** The FDK's exit code of the last run: 0 success, 1 the last call failed, 2 initialisation failed. */
  public int getLastExitCode() {
    return lastExitCode;
  }

  /** An HTTP event for the function, as Fn sends it. */
  public final class EventBuilder {

    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];

    private EventBuilder() {}

    public EventBuilder withHeader(String name, String value) {
      headers.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
      return this;
    }

    public EventBuilder withBody(String text) {
      this.body = text.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    public EventBuilder withBody(byte[] bytes) {
      this.body = bytes.clone();
      return this;
    }

    /** A JSON body from a test resource, e.g. {@code events/blob-created.json}; sets its content type. */
    public EventBuilder withBodyFromResource(String resource) {
      try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalArgumentException("no test resource " + resource + ": put it under src/test/resources/");
        }
        this.body = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read test resource " + resource, e);
      }
      if (resource.endsWith(".json") && !headers.containsKey("Content-Type")) {
        withHeader("Content-Type", "application/json");
      }
      return this;
    }

    public FnTesting enqueue() {
      return enqueue(1);
    }

    /** Enqueues {@code times} copies of the event. */
    public FnTesting enqueue(int times) {
      for (int i = 0; i < times; i++) {
        FnHttpEventBuilder event = new FnHttpEventBuilder().withBody(body);
        headers.forEach((name, values) -> values.forEach(value -> event.withHeader(name, value)));
        pending.add(event.buildEvent());
      }
      return FnTesting.this;
    }
  }

  /** Writes to the capture buffer and on to the original stream. */
  private static final class Tee extends OutputStream {

    private final ByteArrayOutputStream capture;
    private final OutputStream original;

    Tee(ByteArrayOutputStream capture, OutputStream original) {
      this.capture = capture;
      this.original = original;
    }

    @Override
    public void write(int b) throws IOException {
      capture.write(b);
      original.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      capture.write(bytes, offset, length);
      original.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
      original.flush();
    }
  }
}
