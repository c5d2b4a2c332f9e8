package io.fnjobs.e2e.probe;

import com.fnproject.fn.api.RuntimeContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A function for trigger tests: it reports each event it gets to the test's recorder
 * ({@code RECORDER_URL}) and does what the recorder answers: {@code succeeded}, {@code rejected}, or
 * {@code fail} (it throws, so Fn answers 502). The recorder may take its time to answer, which makes a
 * slow invocation. Only the JDK and the FDK's API: it runs in the function host's own class loader.
 */
public class ProbeFunction {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI recorder;

  public ProbeFunction(RuntimeContext context) {
    this.recorder = URI.create(context.getConfigurationByKey("RECORDER_URL")
        .orElseThrow(() -> new IllegalStateException("setting RECORDER_URL is not set")));
  }

  public String handleRequest(String event) throws IOException, InterruptedException {
    String outcome = HTTP.send(HttpRequest.newBuilder(recorder).timeout(Duration.ofMinutes(2))
        .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString()).body().trim();
    if (outcome.equals("fail")) {
      throw new IllegalStateException("the recorder said to fail");
    }
    return "{\"job\":\"probe\",\"state\":\"" + outcome + "\"}";
  }
}
