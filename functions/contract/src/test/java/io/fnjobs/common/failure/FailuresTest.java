package io.fnjobs.common.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void of_shouldUseTheClassAsCode_andAddTheRootCause_whenTheMessageDoesNotTellIt() {
    RuntimeException failure = new IllegalStateException("the mail to ann@example.com could not be sent",
        new UncheckedIOException("socket", new ConnectException("Connection refused")));

    FlagError cause = Failures.of(failure);

    assertThat(cause.code()).isEqualTo("IllegalStateException");
    assertThat(cause.message()).isEqualTo("the mail to ann@example.com could not be sent"
        + " (caused by ConnectException: Connection refused)");
  }

  @Test
  void of_shouldNotRepeatTheRootCause_whenTheMessageHoldsItAlready() {
    RuntimeException failure = new IllegalStateException("cannot send (Connection refused)",
        new ConnectException("Connection refused"));

    assertThat(Failures.of(failure).message()).isEqualTo("cannot send (Connection refused)");
  }

  @Test
  void of_shouldNameTheClass_whenTheFailureHasNoMessage() {
    assertThat(Failures.of(new NullPointerException())).isEqualTo(new FlagError("NullPointerException",
        "NullPointerException"));
  }

  @Test
  void clean_shouldReplaceAbsoluteFilePaths_butKeepObjectKeysAndUrls() {
    String text = "cannot create a temporary file in /tmp/fnjobs/work-1/x.img; read file:/home/fn/app/lib/a.jar"
        + " and C:\\Users\\fn\\x.img; object images/cat.jpg at http://127.0.0.1:9000/uploads/images/cat.jpg";

    assertThat(Failures.clean(text)).isEqualTo("cannot create a temporary file in <path>; read <path> and <path>;"
        + " object images/cat.jpg at http://127.0.0.1:9000/uploads/images/cat.jpg");
  }

  @Test
  void clean_shouldMaskSecrets() {
    String text = "GET https://admin:s3cr3t@minio.local/state failed; password=hunter2, X-Amz-Signature=abc123&x=1;"
        + " FNJOBS_WEBHOOK_TOKEN: t0ps3cret Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30 key AKIAIOSFODNN7EXAMPLE";

    String cleaned = Failures.clean(text);

    assertThat(cleaned).doesNotContain("s3cr3t", "hunter2", "abc123", "t0ps3cret", "eyJhbGciOiJIUzI1NiJ9",
        "AKIAIOSFODNN7EXAMPLE");
    assertThat(cleaned).contains("https://admin:***@minio.local/state", "password=***", "X-Amz-Signature=***",
        "FNJOBS_WEBHOOK_TOKEN: ***", "x=1");
  }

  @Test
  void clean_shouldKeepOneLineOfAtMostFiveHundredCharacters() {
    String cleaned = Failures.clean("first line\n\tsecond " + "x".repeat(1000));

    assertThat(cleaned).hasSize(Failures.MAX_MESSAGE).startsWith("first line second xx").endsWith("x…");
  }
}
