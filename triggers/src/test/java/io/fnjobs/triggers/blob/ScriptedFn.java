package io.fnjobs.triggers.blob;

import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.json.Json;
import io.fnjobs.triggers.fn.FnClient;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.fn.InvokeResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An Fn server that answers from a script. A stand-in, for the one thing the unit tests cannot get from
 * the real function host on demand: a given sequence of failures and successes. The e2e suite fails
 * and dead-letters through the real host.
 */
final class ScriptedFn implements FnClient {

  /** One scripted answer. */
  enum Answer {
    succeed,
    reject,
    /** The function found the event stale: the object has other content now. */
    skip,
    fail
  }

  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<TriggerEvent> calls = new CopyOnWriteArrayList<>();

  synchronized ScriptedFn then(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  List<TriggerEvent> calls() {
    return calls;
  }

  @Override
  public FunctionRef resolve(String app, String function) {
    return new FunctionRef(app, "app-id", function, "fn-id", Duration.ofSeconds(30));
  }

  @Override
  public InvokeResult invoke(FunctionRef function, byte[] body, String contentType, Duration timeout) {
    calls.add(Json.read(body, TriggerEvent.class, "the invocation body"));
    Answer answer;
    synchronized (this) {
      answer = script.isEmpty() ? Answer.succeed : script.poll();
    }
    return switch (answer) {
      case succeed -> reply(200, "{\"state\":\"succeeded\"}");
      case reject -> reply(200, "{\"state\":\"rejected\",\"detail\":\"corrupt-image: no frame\"}");
      case skip -> reply(200, "{\"state\":\"skipped\",\"detail\":\"the object has newer content\"}");
      case fail -> reply(502, "{\"message\":\"the function failed: boom\"}");
    };
  }

  private static InvokeResult reply(int status, String body) {
    return new InvokeResult(status, "call-" + System.nanoTime(), body.getBytes(StandardCharsets.UTF_8), "application/json");
  }
}
