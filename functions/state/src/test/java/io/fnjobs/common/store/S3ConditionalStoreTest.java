package io.fnjobs.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.StoreFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class S3ConditionalStoreTest {

  @TempDir static Path data;
  private static StoreFixture fixture;
  private static S3ConditionalStore store;

  @BeforeAll
  static void start() {
    fixture = new StoreFixture(data);
    store = fixture.store();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void create_shouldSucceed_whenItsFirstAttemptLandedButItsAnswerWasLost() {
    try (S3Client losingAnswers = clientLosingTheFirstAnswer()) {
      S3ConditionalStore flaky = new S3ConditionalStore(losingAnswers, StoreFixture.BUCKET);

      String etag = flaky.create("lost-answer/create", bytes("mine"), "text/plain");

      assertThat(store.read("lost-answer/create").orElseThrow().etag()).isEqualTo(etag);
    }
  }

  @Test
  void replace_shouldSucceed_whenItsFirstAttemptLandedButItsAnswerWasLost() {
    String etag = store.create("lost-answer/replace", bytes("first"), "text/plain");
    try (S3Client losingAnswers = clientLosingTheFirstAnswer()) {
      S3ConditionalStore flaky = new S3ConditionalStore(losingAnswers, StoreFixture.BUCKET);

      String replaced = flaky.replace("lost-answer/replace", bytes("second"), "text/plain", etag);

      Versioned<byte[]> stored = store.read("lost-answer/replace").orElseThrow();
      assertThat(stored.etag()).isEqualTo(replaced);
      assertThat(new String(stored.value(), StandardCharsets.UTF_8)).isEqualTo("second");
    }
  }

  @Test
  void create_shouldStillFail_whenARetriedWriteFindsAnotherWritersObject() {
    store.create("lost-answer/other", bytes("theirs"), "text/plain");
    try (S3Client losingAnswers = clientLosingTheFirstAnswer()) {
      S3ConditionalStore flaky = new S3ConditionalStore(losingAnswers, StoreFixture.BUCKET);

      assertThatThrownBy(() -> flaky.create("lost-answer/other", bytes("mine"), "text/plain"))
          .isInstanceOf(PreconditionFailedException.class);
    }
  }

  /**
   * A client whose first PUT reaches the store but whose answer is lost, as when the connection breaks
   * after the store wrote (which the embedded store does now and then under load): the SDK retries
   * the write. The break is simulated, since it cannot be caused on purpose over loopback.
   */
  private static S3Client clientLosingTheFirstAnswer() {
    AtomicBoolean lost = new AtomicBoolean();
    ExecutionInterceptor loseFirstAnswer = new ExecutionInterceptor() {
      @Override
      public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (context.httpRequest().method() == SdkHttpMethod.PUT && lost.compareAndSet(false, true)) {
          throw SdkClientException.create("connection reset", new IOException("Unexpected end of file from server"));
        }
      }
    };
    return S3Client.builder()
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("minioadmin", "minioadmin")))
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(fixture.uri())
        .forcePathStyle(true)
        .overrideConfiguration(o -> o.addExecutionInterceptor(loseFirstAnswer))
        .build();
  }

  @Test
  void create_shouldFail_whenTheObjectExists() {
    store.create("create/once", bytes("a"), "text/plain");

    assertThatThrownBy(() -> store.create("create/once", bytes("b"), "text/plain"))
        .isInstanceOf(PreconditionFailedException.class);
    assertThat(new String(store.read("create/once").orElseThrow().value(), StandardCharsets.UTF_8)).isEqualTo("a");
  }

  @Test
  void replace_shouldHaveExactlyOneWinner_whenEightWritersRaceOnOneEtag() throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 30; round++) {
        String key = "race/if-match/" + round;
        String etag = store.create(key, bytes("start"), "text/plain");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (int writer = 0; writer < 8; writer++) {
          byte[] mine = bytes("writer " + writer);
          outcomes.add(writers.submit(() -> {
            go.await();
            try {
              store.replace(key, mine, "text/plain", etag);
              return true;
            } catch (PreconditionFailedException lost) {
              return false;
            }
          }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> outcome : outcomes) {
          winners += outcome.get() ? 1 : 0;
        }
        assertThat(winners).as("winners in round " + round).isEqualTo(1);
      }
    } finally {
      writers.shutdownNow();
    }
  }

  @Test
  void replace_shouldFail_whenTheObjectIsGone() {
    assertThatThrownBy(() -> store.replace("never/written", bytes("x"), "text/plain", "\"abc\""))
        .isInstanceOf(PreconditionFailedException.class);
  }

  @Test
  void verifyConditionalWrites_shouldPass_onTheEmbeddedStore() {
    store.verifyConditionalWrites("probe/key");
    store.verifyConditionalWrites("probe/key");
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
