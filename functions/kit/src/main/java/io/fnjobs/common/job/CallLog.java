package io.fnjobs.common.job;

import com.fnproject.fn.api.FunctionInvoker;
import com.fnproject.fn.api.InputEvent;
import com.fnproject.fn.api.InvocationContext;
import com.fnproject.fn.api.OutputEvent;
import com.fnproject.fn.api.RuntimeContext;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each call's Fn call id beside its trace id, before the function runs: the trigger layer sends
 * the W3C {@code traceparent} of its invocation span with the invoke request, Fn hands the request's
 * headers to the FDK, and this line ties the function's log to the trigger layer's run record, which
 * keeps the same trace id. A function installs it from a static {@code @FnConfiguration} method.
 */
public final class CallLog implements FunctionInvoker {

  private static final Logger LOG = LoggerFactory.getLogger(CallLog.class);
  private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

  private final String function;

  CallLog(String function) {
    this.function = function;
  }

  /** Has the FDK log every call of {@code context}'s function before it runs. */
  public static void install(RuntimeContext context) {
    context.addInvoker(new CallLog(context.getFunctionName()), Phase.PreCall);
  }

  /** Logs the call and lets the function run: never answers the call itself. */
  @Override
  public Optional<OutputEvent> tryInvoke(InvocationContext context, InputEvent event) {
    LOG.info("function={} call={} trace={}", function, event.getCallID(),
        traceId(event.getHeaders().get("traceparent").orElse(null)).orElse("none"));
    return Optional.empty();
  }

  /** The trace id of a W3C {@code traceparent}; empty for none, a malformed one, or the all-zero id. */
  public static Optional<String> traceId(String traceparent) {
    if (traceparent == null) {
      return Optional.empty();
    }
    Matcher matcher = TRACEPARENT.matcher(traceparent.trim());
    if (!matcher.matches() || matcher.group(1).equals("0".repeat(32))) {
      return Optional.empty();
    }
    return Optional.of(matcher.group(1));
  }
}
