package io.fnjobs.triggers.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedrivePolicyTest {

  @Test
  void parse_shouldReadTheQueueNameAndCount_whetherTheCountIsTextOrNumber() {
    assertThat(RedrivePolicy.parse("orders",
        "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:orders-dlq\",\"maxReceiveCount\":\"5\"}"))
        .isEqualTo(new RedrivePolicy("orders-dlq", 5));
    assertThat(RedrivePolicy.parse("orders",
        "{\"deadLetterTargetArn\":\"arn:aws:sqs:eu-west-1:123456789012:dead.letters\",\"maxReceiveCount\":3}"))
        .isEqualTo(new RedrivePolicy("dead.letters", 3));
  }

  @Test
  void parse_shouldNameTheQueueAndTheAttribute_whenItCannotBeRead() {
    assertThatThrownBy(() -> RedrivePolicy.parse("orders", "{\"maxReceiveCount\":0}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queue orders has a RedrivePolicy that cannot be read")
        .hasMessageContaining("{\"maxReceiveCount\":0}");
    assertThatThrownBy(() -> RedrivePolicy.parse("orders", "not json")).hasMessageContaining("queue orders");
  }
}
