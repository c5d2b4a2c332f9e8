package io.fnjobs.triggers.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

class DeadLetterAttributesTest {

  @Test
  void deadLettered_shouldPutTheReasonFirst_andKeepTheMessagesOwnAsFarAsNineAllow_oneLeftForTheSignature() {
    Map<String, MessageAttributeValue> own = new LinkedHashMap<>();
    for (int i = 0; i < 8; i++) {
      own.put("own-" + i, text("v" + i));
    }
    Message message = Message.builder().messageId("m-1").body("x").messageAttributes(own).build();

    Map<String, MessageAttributeValue> attributes =
        DeadLetterAttributes.deadLettered(message, "orders-from-queue", "orders", "r".repeat(5000), 1, "2026-11-21T10:00:00Z");

    assertThat(attributes).hasSize(9);
    assertThat(attributes.keySet()).startsWith(DeadLetterAttributes.REASON, DeadLetterAttributes.TRIGGER,
        DeadLetterAttributes.SOURCE_QUEUE, DeadLetterAttributes.ORIGINAL_MESSAGE_ID).contains("own-0", "own-2")
        .doesNotContain("own-3");
    assertThat(attributes.get(DeadLetterAttributes.REASON).stringValue()).hasSize(1001);
    assertThat(attributes.get(DeadLetterAttributes.ORIGINAL_MESSAGE_ID).stringValue()).isEqualTo("m-1");
  }

  @Test
  void redriven_shouldDropTheDeadLettering_andKeepTheFirstIdAcrossRounds() {
    Message first = Message.builder().messageId("m-1").body("x").messageAttributes(Map.of("tenant", text("t1"))).build();
    Message deadLetter = Message.builder().messageId("d-1").body("x")
        .messageAttributes(DeadLetterAttributes.deadLettered(first, "t", "orders", "why", 5, "now")).build();

    Map<String, MessageAttributeValue> back = DeadLetterAttributes.redriven(deadLetter, "later", 5);

    assertThat(back.keySet()).containsExactly(DeadLetterAttributes.ORIGINAL_MESSAGE_ID, DeadLetterAttributes.REDRIVEN_AT,
        DeadLetterAttributes.ATTEMPTS_BEFORE, "tenant");
    assertThat(DeadLetterAttributes.receivesWhenDeadLettered(deadLetter)).isEqualTo(5);
    Message again = Message.builder().messageId("n-1").body("x").messageAttributes(back).build();
    assertThat(DeadLetterAttributes.originalMessageId(again)).isEqualTo("m-1");
    assertThat(DeadLetterAttributes.attemptsBefore(again)).isEqualTo(5);
    assertThat(DeadLetterAttributes.attemptsBefore(first)).isZero();
  }

  @Test
  void deferred_shouldCarryTheFirstIdTheAttemptsMadeAndOneDeferralMore_andARedriveStartsTheRoundAnew() {
    Message redriven = Message.builder().messageId("r-1").body("x").messageAttributes(
        DeadLetterAttributes.redriven(Message.builder().messageId("m-1").body("x").build(), "later", 5)).build();

    Message copy = Message.builder().messageId("c-1").body("x")
        .messageAttributes(DeadLetterAttributes.deferred(redriven, 2)).build();
    Message copyOfCopy = Message.builder().messageId("c-2").body("x")
        .messageAttributes(DeadLetterAttributes.deferred(copy, 0)).build();

    assertThat(DeadLetterAttributes.originalMessageId(copyOfCopy)).isEqualTo("m-1");
    assertThat(DeadLetterAttributes.attemptsBefore(copyOfCopy)).isEqualTo(7);
    assertThat(DeadLetterAttributes.roundAttemptsBefore(copyOfCopy)).isEqualTo(2);
    assertThat(DeadLetterAttributes.deferrals(copyOfCopy)).isEqualTo(2);
    assertThat(copyOfCopy.messageAttributes()).containsKey(DeadLetterAttributes.REDRIVEN_AT);
    Message dead = Message.builder().messageId("d-1").body("x").messageAttributes(
        DeadLetterAttributes.deadLettered(copyOfCopy, "t", "orders", "why", 3, "now")).build();
    Message back = Message.builder().messageId("n-1").body("x")
        .messageAttributes(DeadLetterAttributes.redriven(dead, "later still", 10)).build();
    assertThat(DeadLetterAttributes.roundAttemptsBefore(back)).isZero();
    assertThat(DeadLetterAttributes.deferrals(back)).isZero();
    assertThat(DeadLetterAttributes.attemptsBefore(back)).isEqualTo(10);
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
