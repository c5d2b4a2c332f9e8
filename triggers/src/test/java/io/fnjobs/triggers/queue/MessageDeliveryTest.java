package io.fnjobs.triggers.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class MessageDeliveryTest {

  @Test
  void seconds_shouldRoundUpToWholeSeconds_withinWhatSqsAllows() {
    assertThat(MessageDelivery.seconds(Duration.ZERO)).isZero();
    assertThat(MessageDelivery.seconds(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(MessageDelivery.seconds(Duration.ofMillis(1500))).isEqualTo(2);
    assertThat(MessageDelivery.seconds(Duration.ofDays(2))).isEqualTo(12 * 60 * 60);
    assertThat(MessageDelivery.seconds(Duration.ofSeconds(-3))).isZero();
  }

  @Test
  void receiveCount_shouldBeTheAttempt_orOneWhenTheQueueSaysNothingUsable() {
    assertThat(MessageDelivery.receiveCount(message("3"))).isEqualTo(3);
    assertThat(MessageDelivery.receiveCount(message(null))).isEqualTo(1);
    assertThat(MessageDelivery.receiveCount(message("many"))).isEqualTo(1);
  }

  private static Message message(String receiveCount) {
    return Message.builder().messageId("m").body("{}")
        .attributes(receiveCount == null ? Map.of()
            : Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, receiveCount))
        .build();
  }
}
