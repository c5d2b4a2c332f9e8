package io.fnjobs.localdev.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.localdev.s3.WebhookReceiver.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MinioWebhookSenderTest {

  private final WebhookReceiver receiver = new WebhookReceiver();

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void accept_shouldPostTheMinioBodyWithTheBearerToken() throws InterruptedException {
    try (MinioWebhookSender sender = new MinioWebhookSender(receiver.uri(), "secret-token")) {
      sender.accept(event("images/a b.jpg", 1));

      List<Delivery> deliveries = receiver.awaitAccepted(1);

      assertThat(deliveries).hasSize(1);
      assertThat(deliveries.get(0).authorization()).isEqualTo("Bearer secret-token");
      assertThat(deliveries.get(0).contentType()).isEqualTo("application/json");
      assertThat(deliveries.get(0).body().get("Key").asText()).isEqualTo("uploads/images/a b.jpg");
      assertThat(deliveries.get(0).body().at("/Records/0/s3/object/key").asText()).isEqualTo("images%2Fa+b.jpg");
    }
  }

  @Test
  void accept_shouldRetryTheEvent_whenTheReceiverAnswers500ThenSucceeds() throws InterruptedException {
    receiver.answerNext(500, 503);
    try (MinioWebhookSender sender = fastRetrying()) {
      sender.accept(event("k", 1));

      assertThat(receiver.awaitAccepted(1)).hasSize(1);
      assertThat(receiver.answered()).containsExactly(500, 503, 200);
    }
  }

  @Test
  void accept_shouldDropTheEventAndGoOn_whenTheReceiverRefusesItWith400() throws InterruptedException {
    receiver.answerNext(400);
    try (MinioWebhookSender sender = fastRetrying()) {
      sender.accept(event("refused", 1));
      sender.accept(event("next", 2));

      List<Delivery> deliveries = receiver.awaitAccepted(1);

      assertThat(deliveries).extracting(d -> d.body().get("Key").asText()).containsExactly("uploads/next");
      assertThat(receiver.answered()).containsExactly(400, 200);
    }
  }

  @Test
  void accept_shouldDeliverTheEventsOfAKeyInOrder_whenSomeSendsFail() throws InterruptedException {
    receiver.answerNext(500, 500, 500);
    try (MinioWebhookSender sender = fastRetrying()) {
      for (int i = 1; i <= 30; i++) {
        sender.accept(event("same-key", i));
      }

      List<Delivery> deliveries = receiver.awaitAccepted(30);

      assertThat(deliveries).extracting(d -> d.body().at("/Records/0/s3/object/sequencer").asText())
          .isSorted().hasSize(30);
    }
  }

  @Test
  void close_shouldSendWhatIsStillQueued() {
    MinioWebhookSender sender = fastRetrying();
    for (int i = 1; i <= 20; i++) {
      sender.accept(event("k" + i, i));
    }

    sender.close();

    assertThat(receiver.answered()).hasSize(20);
  }

  private MinioWebhookSender fastRetrying() {
    return MinioWebhookSender.builder(receiver.uri(), "t").retryWaits(Duration.ofMillis(10), Duration.ofMillis(40)).build();
  }

  private static StoreEvent event(String key, long sequence) {
    return StoreEvent.created(StoreEvent.PUT, "uploads", key, "etag", 1L, "text/plain", Map.of(),
        String.format("%016X", sequence), Instant.parse("2026-11-21T15:00:00Z"));
  }
}
