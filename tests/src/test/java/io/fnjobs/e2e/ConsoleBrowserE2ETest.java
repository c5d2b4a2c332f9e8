package io.fnjobs.e2e;

import static io.fnjobs.e2e.OrderSupport.awaitFlag;
import static io.fnjobs.e2e.OrderSupport.place;
import static io.fnjobs.e2e.OrderSupport.settled;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.fntesting.images.SampleImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The web console in a real Chromium against the whole embedded stack, with an admin token set: what
 * an operator sees and does, page by page. Screenshots of every page are kept in
 * {@code target/console-screenshots/}.
 */
class ConsoleBrowserE2ETest {

  private static final String TOKEN = "console-e2e-token";
  private static final Duration SETTLED = Duration.ofSeconds(30);
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  @TempDir static Path data;
  private static BlobChecks checks;
  private static SqsClient sqs;
  private static String orders;
  private static Browser browser;

  @BeforeAll
  static void start() {
    checks = BlobChecks.start(data, options -> options.withEnvironment(Map.of("FNJOBS_ADMIN_TOKEN", TOKEN)));
    sqs = StackClients.sqs(checks.stack());
    orders = sqs.getQueueUrl(r -> r.queueName("orders")).queueUrl();
    // the first call of a function starts its containers (seconds): the console's latency leaves it out
    checks.warmUp();
    browser = Browser.open(checks.stack().triggersUri(), SCREENSHOTS);
  }

  @AfterAll
  static void stop() {
    Browser.closeThen(browser, () -> {
      if (checks != null) {
        sqs.close();
        checks.close();
      }
    });
  }

  @AfterEach
  void noPageErrors() {
    assertThat(browser.problems()).as("errors in the page, CSP or Trusted Types violations, native dialogs").isEmpty();
  }

  @Test
  void overview_shouldShowTheThreeTriggers_withTheirTypeFunctionStateAndSources() {
    browser.go("/");
    browser.waitFor("section.card[data-trigger]");

    assertThat(browser.texts("section.card h2"))
        .containsExactlyInAnyOrder("thumbnail-on-upload", "orders-from-queue", "nightly-cleanup");
    assertThat(browser.texts("section.card[data-trigger=orders-from-queue] header .badge")).contains("queue", "connected");
    assertThat(browser.texts("section.card[data-trigger=thumbnail-on-upload] header .badge")).contains("blob");
    assertThat(browser.texts("section.card[data-trigger=nightly-cleanup] .facts dd"))
        .anySatisfy(text -> assertThat(text).contains("0 0 2 * * * UTC"));
    assertThat(browser.texts("section.card[data-trigger=orders-from-queue] .facts dd"))
        .anySatisfy(text -> assertThat(text).contains("ok SQS queue orders"))
        .anySatisfy(text -> assertThat(text).contains("fnjobs / order-processor"));
    assertThat(browser.texts("#health .badge")).contains("up");
    browser.screenshot("overview");
  }

  @Test
  void runs_shouldShowAnUploadedImagesRunWithinTwoSeconds_withoutReloading_andOpenToItsFlag() {
    browser.go("/#/runs");
    browser.waitFor("#runs-table table, #runs-table .empty");
    String key = "images/console/live-" + System.nanoTime() + ".jpg";

    Instant uploaded = Instant.now();
    checks.upload(key, SampleImages.jpeg(SampleImages.photo(240, 180, 7), 0.9f));
    // waits longer than it allows, so that a failure tells where the time went
    browser.waitFor("tr.run[data-subject=\"" + key + "\"]", null, Duration.ofSeconds(15));
    Instant shown = Instant.now();

    JsonNode run = StackClients.get(checks.stack().triggersUri().resolve("/runs?subject="
        + URLEncoder.encode(key, StandardCharsets.UTF_8))).json().path("runs").get(0);
    String timeline = String.format("from the upload: run started %d ms, run recorded %d ms, shown %d ms",
        Duration.between(uploaded, Instant.parse(run.path("startedAt").asText())).toMillis(),
        Duration.between(uploaded, Instant.parse(run.path("endedAt").asText())).toMillis(),
        Duration.between(uploaded, shown).toMillis());
    System.out.println("console: " + timeline);
    assertThat(Duration.between(uploaded, shown).toMillis()).as(timeline).isLessThanOrEqualTo(2000);
    assertThat(browser.texts("tr.run[data-subject=\"" + key + "\"] .badge")).containsExactly("succeeded");
    browser.screenshot("runs");
    browser.click("tr.run[data-subject=\"" + key + "\"] a");
    browser.waitFor("#run-detail .flag[data-state=succeeded]");
    assertThat(browser.texts("#fn-call-id").get(0)).as("the Fn call id").isNotBlank().isNotEqualTo("–");
    browser.screenshot("run");
    browser.click("#run-detail a", "Open the flag with its history");
    browser.waitFor("#flag-detail .flag[data-state=succeeded]");
    assertThat(browser.texts("#flag-detail tr.run")).hasSizeGreaterThanOrEqualTo(1);
    assertThat(browser.count("#flag-detail tr.run[data-subject=\"" + key + "\"]")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void runs_shouldShowASubjectThatLooksLikeMarkupAsText_andFindItsFlagByIt() {
    String key = "images/<script>alert(1)</script> ü%2B+ <b>bold</b>.png";
    checks.upload(key, SampleImages.encode(SampleImages.photo(120, 90, 3), "png"));
    assertThat(checks.awaitFlag(key, SETTLED)).isPresent();
    browser.go("/#/runs");

    browser.waitFor("tr.run[data-subject=\"" + key + "\"]", null, Duration.ofSeconds(10));

    assertThat(browser.texts("tr.run[data-subject=\"" + key + "\"] td.subject span").get(0))
        .startsWith("images/<script>alert(1)</script> ü%2B+");
    assertThat(browser.count("#main script, #main b")).as("no element made from the subject").isZero();
    browser.go("/#/flags");
    browser.waitFor("#flag-form");
    browser.fill("#flag-subject", key);
    browser.click("#flag-form button[type=submit]");
    browser.waitFor("#flag-detail .flag[data-state=succeeded]");
    assertThat(browser.texts("#flag-detail .flag .facts dd .mono")).contains(key);
    browser.screenshot("flags");
  }

  @Test
  void deadLetters_shouldRedriveAFailedOrderFromThePage_toSucceededWithOneMail_afterTheMailServerIsBack()
      throws Exception {
    OrderSupport.stock(checks.s3(), "CONSOLE-OUTAGE", 3);
    String body = place("E-CON-1", 1, "console-outage@example.com", "CONSOLE-OUTAGE", 1);
    checks.stack().stopMail();
    try {
      sqs.sendMessage(r -> r.queueUrl(orders).messageBody(body));
      JsonNode failed = awaitFlag(checks.s3(), "E-CON-1",
          flag -> OrderSupport.state("failed").test(flag) && flag.path("attempt").asInt() == 5, Duration.ofSeconds(120));
      assertThat(failed.path("error").path("code").asText()).isEqualTo("MailDeliveryException");
    } finally {
      checks.stack().startMail();
    }
    browser.go("/#/dead-letters");
    setToken();
    String row = "#queue-dead-letters tr[data-message-id]:has-text(\"E-CON-1\")";
    browser.waitFor(row, null, Duration.ofSeconds(30));
    assertThat(browser.texts(row + " td.error-text").get(0)).as("the reason").isNotBlank();

    browser.click(row + " button[data-action=redrive]");
    browser.waitFor("dialog[open]");
    browser.screenshot("dead-letters-confirm");
    browser.click("dialog[open] button[value=confirm]");
    browser.waitFor(".result.ok", null, Duration.ofSeconds(30));

    assertThat(browser.texts(".result.ok").get(0)).contains("1 sent back to orders");
    JsonNode confirmed = awaitFlag(checks.s3(), "E-CON-1", settled(), SETTLED);
    assertThat(confirmed.path("state").asText()).isEqualTo("succeeded");
    assertThat(OrderSupport.mails(checks.stack(), "console-outage@example.com")).hasSize(1);
    browser.screenshot("dead-letters");
    browser.go("/#/flags?job=orders&subject=E-CON-1");
    browser.waitFor("#flag-detail .flag[data-state=succeeded]");
    assertThat(browser.texts("#flag-detail tr.run .badge")).contains("succeeded", "failed");
  }

  @Test
  void pause_shouldStopTheQueueTriggerFromThePage_shownEverywhere_untilResumed_andNeedTheToken() {
    browser.go("/");
    browser.click("#token-clear");
    String pause = "section.card[data-trigger=orders-from-queue] button[data-action=pause]";
    browser.waitFor(pause);
    try {
      browser.click(pause);
      browser.click("dialog[open] button[value=confirm]");
      browser.waitFor(".result.error.unauthorized");
      assertThat(browser.texts(".result.error").get(0)).contains("401").contains("admin token");
      assertThat(browser.problems()).as("Chromium logs the refused request itself").singleElement()
          .satisfies(problem -> assertThat(problem).contains("401"));
      browser.screenshot("unauthorized");
      setToken();
      browser.click(pause);
      browser.click("dialog[open] button[value=confirm]");
      browser.waitFor("section.card[data-trigger=orders-from-queue] header .badge", "paused", Duration.ofSeconds(10));
      browser.waitFor("#health .paused-pill", "orders-from-queue", Duration.ofSeconds(10));
      browser.screenshot("overview-paused");
      sqs.sendMessage(r -> r.queueUrl(orders).messageBody(place("E-CON-2", 1, "paused@example.com", "MUG-1", 1)));

      // nothing may happen while paused: this waits for what must not come, so it can only wait
      OrderSupport.sleep(3000);
      assertThat(OrderSupport.flag(checks.s3(), "E-CON-2")).as("processed while paused").isEmpty();
      browser.go("/#/runs");
      // the header's pill stays from the overview: the runs page's own mark comes with its first refresh
      browser.waitFor("#filter-trigger", "orders-from-queue (paused)", Duration.ofSeconds(10));
      assertThat(browser.texts("#filter-trigger option")).contains("orders-from-queue (paused)");
      assertThat(browser.texts("#health .paused-pill")).containsExactly("paused: orders-from-queue");
      browser.go("/#/overview");
      browser.click("section.card[data-trigger=orders-from-queue] button[data-action=resume]");
      browser.click("dialog[open] button[value=confirm]");
      browser.waitFor("section.card[data-trigger=orders-from-queue] button[data-action=pause]");

      assertThat(awaitFlag(checks.s3(), "E-CON-2", settled(), SETTLED).path("state").asText()).isEqualTo("succeeded");
      assertThat(browser.count("#health .paused-pill")).isZero();
    } finally {
      resume("orders-from-queue");
    }
  }

  @Test
  void click_shouldReachItsButton_whenThePageRedrawsWhileTheButtonIsHeldDown() {
    browser.go("/");
    browser.waitFor("section.card[data-trigger=orders-from-queue] button[data-action=pause]");

    // held longer than the page takes between two redraws (about a second): a redraw that replaced the
    // button between press and release would swallow the click
    browser.clickHeld("section.card[data-trigger=orders-from-queue] button[data-action=pause]", Duration.ofMillis(1500));

    browser.waitFor("dialog[open] button[value=cancel]", null, Duration.ofSeconds(3));
    browser.click("dialog[open] button[value=cancel]");
    assertThat(browser.count("dialog[open]")).isZero();
    assertThat(browser.count("section.card[data-trigger=orders-from-queue] button[data-action=pause]")).isOne();
  }

  @Test
  void timers_shouldShowTheSchedule_andRunNowFromThePage() {
    browser.go("/#/timers");
    setToken();
    browser.waitFor("#timers section[data-trigger=nightly-cleanup]");
    assertThat(browser.texts("#timers .facts dd")).contains("0 0 2 * * *", "UTC");

    browser.click("#timers button[data-action=run-now]");
    browser.click("dialog[open] button[value=confirm]");
    browser.waitFor(".result.ok", null, Duration.ofSeconds(30));

    browser.waitFor("#timers tr[data-slot] .badge", "succeeded", Duration.ofSeconds(60));
    assertThat(browser.texts("#timers tr[data-slot] td")).contains("on demand");
    browser.screenshot("timers");
  }

  /** Resumes a trigger over the API, so that a failed pause test leaves the others a running trigger. */
  private static void resume(String trigger) {
    HttpRequest request = HttpRequest.newBuilder(checks.stack().triggersUri().resolve("/triggers/" + trigger + "/resume"))
        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build();
    try {
      HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void setToken() {
    browser.fill("#token", TOKEN);
    browser.click("#token-form button[type=submit]");
    browser.waitFor("#token-state", "set for this tab", Duration.ofSeconds(5));
  }
}
