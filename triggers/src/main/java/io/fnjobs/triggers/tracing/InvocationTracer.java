package io.fnjobs.triggers.tracing;

import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.triggers.fn.FunctionRef;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Starts a span per invocation, W3C trace context in and out: a {@code traceparent} the event came
 * with (an SQS message attribute, a webhook's header) is continued, else the span starts a trace;
 * the invoke request carries the span's own {@code traceparent} to the function.
 *
 * <p>Attributes follow OpenTelemetry's FaaS conventions from the caller's side: {@code faas.invoked_name}
 * and {@code faas.invoked_provider} here, and those of the event's source as its trigger type names
 * them: {@code faas.trigger} ({@code datasource} for a blob, {@code pubsub} for a queue, {@code timer}),
 * and the event's {@code faas.document.*}, {@code messaging.*} or {@code faas.time}.
 */
public final class InvocationTracer {

  /** The W3C trace context header, and the SQS message attribute of the same name. */
  public static final String TRACEPARENT = "traceparent";
  private static final String SCOPE = "io.fnjobs.triggers";
  private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final TextMapGetter<Map<String, String>> FROM_MAP = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private final Tracer tracer;

  public InvocationTracer(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(SCOPE);
  }

  /**
   * The OpenTelemetry of the process where one is set (the OpenTelemetry Java agent's, which the
   * {@code OTEL_*} variables configure, exporter and all); else the SDK's tracer alone, which mints ids
   * and records spans but exports nothing.
   */
  public static InvocationTracer create() {
    if (GlobalOpenTelemetry.isSet()) {
      return new InvocationTracer(GlobalOpenTelemetry.get());
    }
    SdkTracerProvider ids = SdkTracerProvider.builder().build();
    return new InvocationTracer(new OpenTelemetry() {
      @Override
      public io.opentelemetry.api.trace.TracerProvider getTracerProvider() {
        return ids;
      }

      @Override
      public io.opentelemetry.context.propagation.ContextPropagators getPropagators() {
        return io.opentelemetry.context.propagation.ContextPropagators.create(W3C);
      }
    });
  }

  /**
   * {@code value} where it is a W3C {@code traceparent} with a valid trace and span id, else null: what
   * a sender puts in a header or attribute is taken as trace context only when it is one.
   */
  public static String validTraceparent(String value) {
    if (value == null) {
      return null;
    }
    Context context = W3C.extract(Context.root(), Map.of(TRACEPARENT, value), FROM_MAP);
    return Span.fromContext(context).getSpanContext().isValid() ? value : null;
  }

  /**
   * The W3C trace context a message's sender put on it (attribute {@code traceparent}) where it is a
   * valid one ({@link #validTraceparent}), else null: a malformed one starts a trace of its own rather
   * than being passed on.
   */
  public static String traceparent(Message message) {
    MessageAttributeValue value = message.messageAttributes().get(TRACEPARENT);
    return value == null ? null : validTraceparent(value.stringValue());
  }

  /**
   * Starts the span of one invocation of {@code function} with {@code event}.
   *
   * @param source the attributes of the event's source, as its trigger type names them
   * @param traceparent the W3C {@code traceparent} the event came with; null or malformed: a new trace
   */
  public InvocationSpan start(FunctionRef function, TriggerEvent event, Map<String, String> source,
      String traceparent) {
    Context parent = traceparent == null ? Context.root()
        : W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), FROM_MAP);
    SpanBuilder span = tracer.spanBuilder(event.trigger() + " invoke " + function.function())
        .setParent(parent).setSpanKind(SpanKind.CLIENT)
        .setAttribute("faas.invoked_name", function.function())
        .setAttribute("faas.invoked_provider", "fn")
        .setAttribute("fnjobs.trigger", event.trigger())
        .setAttribute("fnjobs.event_id", event.eventId())
        .setAttribute("fnjobs.attempt", (long) event.attempt());
    source.forEach(span::setAttribute);
    Span started = span.startSpan();
    Map<String, String> headers = new HashMap<>();
    W3C.inject(Context.root().with(started), headers, Map::put);
    return new InvocationSpan(started, headers.get(TRACEPARENT));
  }
}
