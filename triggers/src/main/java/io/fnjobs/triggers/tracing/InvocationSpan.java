package io.fnjobs.triggers.tracing;

import io.fnjobs.triggers.runs.RunRecord.Outcome;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/**
 * The span of one invocation: its W3C {@code traceparent}, for the invoke request, and its trace id,
 * for the run record and the logs. {@link #end} ends it with the run's outcome.
 */
public final class InvocationSpan {

  private final Span span;
  private final String traceparent;

  InvocationSpan(Span span, String traceparent) {
    this.span = span;
    this.traceparent = traceparent;
  }

  /** {@code 00-<trace id>-<span id>-<flags>}, for the invoke request's {@code traceparent} header. */
  public String traceparent() {
    return traceparent;
  }

  /** The trace's id: 32 hex digits. */
  public String traceId() {
    return span.getSpanContext().getTraceId();
  }

  /** Ends the span; a failed or poison run marks it an error, with the run's detail. */
  public void end(Outcome outcome, int fnStatus, String detail) {
    span.setAttribute("fnjobs.outcome", outcome.name());
    if (fnStatus != 0) {
      span.setAttribute("http.response.status_code", (long) fnStatus);
    }
    if (outcome == Outcome.failed || outcome == Outcome.poison) {
      span.setStatus(StatusCode.ERROR, detail == null ? outcome.name() : detail);
    }
    span.end();
  }
}
